import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { encodeStruct, type Json, type JsonObject } from "../../src/inject/k8s-codec.js";
import { injectManifests } from "../../src/inject/inject.js";
import { buildSettings } from "../../src/inject/settings.js";
import { parseYamlDocument, splitDocuments, toPlain } from "../../src/inject/yaml-input.js";

const input = readFileSync(new URL("../../fixtures/inject/deployment.yaml", import.meta.url), "utf8");
const settings = buildSettings({});
const first = (text: string): JsonObject => toPlain(parseYamlDocument(splitDocuments(text)[0]!.text)) as JsonObject;

function applyJsonPatch(doc: Json, ops: JsonObject[]): Json {
  let root = structuredClone(doc);
  for (const op of ops) {
    const parts = String(op.path).split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (parts.length === 0) {
      root = op.value!;
      continue;
    }
    let cur = root as Record<string, Json>;
    for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, Json>;
    const last = parts[parts.length - 1]!;
    if (op.op === "remove") delete cur[last];
    else cur[last] = op.value!;
  }
  return root;
}

test("patch modes reproduce the injected object from the original", () => {
  const full = first(injectManifests(input, settings).output);
  const original = encodeStruct(first(input), "a.Deployment", "");
  const json = injectManifests(input, settings, { patch: "json" });
  const ops = json.reports[0]!.patch as JsonObject[];
  assert.ok(Array.isArray(ops) && ops.length > 0);
  assert.deepEqual(applyJsonPatch(original, ops), full);
  const smp = injectManifests(input, settings, { patch: "strategic" });
  const patch = smp.reports[0]!.patch as JsonObject;
  // Changed merge-keyed lists are sent whole with `$patch: replace`, so the order is the injected one.
  const spec = ((patch.spec as JsonObject).template as JsonObject).spec as JsonObject;
  const containers = spec.containers as JsonObject[];
  assert.deepEqual(containers.at(-1), { $patch: "replace" });
  assert.deepEqual(containers.slice(0, -1), ((((full.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as Json[]));
  // The printed patch names its target, as kustomize needs; other documents are left out.
  const printed = first(smp.output);
  assert.deepEqual([printed.apiVersion, printed.kind, (printed.metadata as JsonObject).name], ["apps/v1", "Deployment", "reviews"]);
  assert.equal(smp.output.split("---\n").filter((d) => d.trim()).length, 1);
});

test("dry-run reports say what happened to each workload", () => {
  const { reports } = injectManifests(input, settings);
  assert.deepEqual(
    reports.map(({ document, kind, name, namespace, action }) => ({ document, kind, name, namespace, action })),
    [
      { document: 1, kind: "Deployment", name: "reviews", namespace: "shop", action: "injected" },
      { document: 2, kind: "Service", name: "reviews", namespace: "", action: "passthrough" },
    ],
  );
});
