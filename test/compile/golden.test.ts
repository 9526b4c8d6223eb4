/**
 * Golden tests per stage: each fixtures/compile/<case>/in.yaml (first line `# proxy: <name>.<ns>`)
 * compiles to ir.json (the IR stage) and listeners.json, routes.json, clusters.json, endpoints.json
 * (the xDS stage, as Envoy JSON). A change shows as a readable diff of just the file that moved.
 * `UPDATE_GOLDENS=1 npm test` rewrites the files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { compileProxy } from "../../src/compile/compile.js";
import { ENVOY_TYPES, toEnvoyJson } from "../../src/compile/envoy/index.js";
import { compileOptionsFor } from "../../src/compile/options.js";
import { findWorkload } from "../../src/cli/commands/bootstrap-run.js";
import { buildModel } from "../../src/model/mesh-model.js";
import { loadFiles } from "../../src/sources/load.js";
import { REPO_ROOT } from "../helpers/shared.js";

const DIR = join(REPO_ROOT, "fixtures/compile");
const UPDATE = process.env.UPDATE_GOLDENS === "1";

function compare(file: string, actual: string): void {
  if (UPDATE || !existsSync(file)) {
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, "utf8");
  if (expected === actual) return;
  const patch = createTwoFilesPatch(file, "actual", expected, actual, "", "", { context: 3 });
  const lines = patch.split("\n");
  const shown = lines.length > 120 ? [...lines.slice(0, 120), `… ${lines.length - 120} more diff lines`] : lines;
  assert.fail(`${file} differs from the compiler's output (UPDATE_GOLDENS=1 rewrites it):\n${shown.join("\n")}`);
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

for (const name of readdirSync(DIR).sort()) {
  const input = join(DIR, name, "in.yaml");
  if (!existsSync(input)) continue;
  test(`golden: ${name}`, async () => {
    const proxy = /^# proxy: (\S+)/m.exec(readFileSync(input, "utf8"))?.[1];
    assert.ok(proxy, `${input} must start with "# proxy: <name>.<namespace>"`);
    const loaded = await loadFiles([input]);
    assert.deepEqual(loaded.diagnostics.filter((d) => d.level === "Error"), []);
    const model = buildModel(loaded.resources);
    const w = findWorkload(model, proxy);
    const r = compileProxy(model, compileOptionsFor(model, w), w);
    assert.deepEqual(r.diagnostics, [], "a golden case compiles without diagnostics");
    compare(join(DIR, name, "ir.json"), json(r.ir));
    compare(join(DIR, name, "listeners.json"), json(r.xds.listeners.map((l) => toEnvoyJson(ENVOY_TYPES.listener, l))));
    compare(join(DIR, name, "routes.json"), json(r.xds.routes.map((x) => toEnvoyJson(ENVOY_TYPES.routeConfiguration, x))));
    compare(join(DIR, name, "clusters.json"), json(r.xds.clusters.map((x) => toEnvoyJson(ENVOY_TYPES.cluster, x))));
    compare(join(DIR, name, "endpoints.json"), json((r.xds.endpoints ?? []).map((x) => toEnvoyJson(ENVOY_TYPES.clusterLoadAssignment, x))));
  });
}
