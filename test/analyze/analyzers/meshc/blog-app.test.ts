/**
 * meshc's own analyzers on the two blog fixtures: fixtures/blog-app is clean, fixtures/blog-app-broken
 * holds exactly the two planted problems that are theirs (the other two are istioctl's codes).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { MESHC_ANALYZERS } from "../../../../src/analyze/analyzers/meshc/index.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f));

async function findings(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const a of MESHC_ANALYZERS) {
    const r = await runAnalyzer(a, "", { files: yamlFiles(dir) });
    out.push(...r.messages.map((m) => `${m.code} ${m.resource!.kind} ${m.resource!.namespace}/${m.resource!.name} ${m.origin!.file}:${m.origin!.line}`));
  }
  return out.sort();
}

test("no meshc analyzer fires on fixtures/blog-app", async () => {
  assert.deepEqual(await findings("fixtures/blog-app"), []);
});

test("fixtures/blog-app-broken: the DISABLE-vs-STRICT rule and the weights adding up to 90", async () => {
  assert.deepEqual(await findings("fixtures/blog-app-broken"), [
    "MSH0001 DestinationRule blog-app/comments fixtures/blog-app-broken/comments-destination-rule.yaml:12",
    "MSH0003 VirtualService blog-app/posts fixtures/blog-app-broken/canary-weights.yaml:17",
  ]);
});
