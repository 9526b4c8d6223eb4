/**
 * The analyzer registry is strict: unique names, a description each, only known codes, known input kinds,
 * every analyzer file registered, and a test file for every analyzer file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ANALYZERS } from "../../src/analyze/registry.js";
import { MESSAGES } from "../../src/analyze/messages.js";
import { KINDS } from "../../src/model/kinds.js";
import { REPO_ROOT } from "../helpers/shared.js";

const KNOWN_INPUTS = new Set([...KINDS.map((k) => k.id), "MeshConfig", "MeshNetworks"]);

test("analyzer names are unique and every analyzer has a description, known codes and known inputs", () => {
  const names = new Set<string>();
  for (const a of ANALYZERS) {
    assert.ok(!names.has(a.meta.name), `duplicate analyzer name ${a.meta.name}`);
    names.add(a.meta.name);
    assert.ok(a.meta.description.trim().length > 10, `${a.meta.name} has no description`);
    assert.ok(a.meta.codes.length > 0, `${a.meta.name} declares no codes`);
    for (const c of a.meta.codes) assert.ok(MESSAGES.has(c), `${a.meta.name} declares unknown code ${c}`);
    for (const i of a.meta.inputs) assert.ok(KNOWN_INPUTS.has(i), `${a.meta.name} reads unknown kind ${i}`);
  }
});

test("every analyzer file is registered and has its own test file", async () => {
  const base = join(REPO_ROOT, "src/analyze/analyzers");
  const registered = new Set(ANALYZERS);
  for (const area of readdirSync(base)) {
    for (const file of readdirSync(join(base, area))) {
      if (!file.endsWith(".ts") || file === "index.ts") continue;
      const mod = (await import(pathToFileURL(join(base, area, file)).href)) as { default?: unknown };
      if (mod.default === undefined) continue; // a helper module of the area, not an analyzer
      assert.ok(registered.has(mod.default as never), `src/analyze/analyzers/${area}/${file} is not registered in its area's index.ts`);
      const testFile = join(REPO_ROOT, "test/analyze/analyzers", area, file.replace(/\.ts$/, ".test.ts"));
      assert.ok(existsSync(testFile), `no tests for src/analyze/analyzers/${area}/${file} (expected ${testFile})`);
    }
  }
});

test("message table: unique codes, IST and MSH only, every template's verbs match its argument count", () => {
  for (const [code, m] of MESSAGES) {
    assert.match(code, /^(IST|MSH)\d{4}$/);
    const verbs = (m.template.match(/%[-+# 0-9.]*[a-zA-Z]/g) ?? []).length;
    assert.equal(verbs, m.args.length, `${code}: ${verbs} verbs, ${m.args.length} args`);
  }
  assert.equal([...MESSAGES.keys()].filter((c) => c.startsWith("IST")).length, 68);
});
