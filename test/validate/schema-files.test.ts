/** The committed schemas/ are exactly what the TypeBox definitions emit (no drift), and cover every served version. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { renderSchemaFiles } from "../../build/emit-validators.js";
import { KINDS } from "../../src/model/kinds.js";
import { compileForTest } from "../../src/validate/ajv-options.js";

const rendered = renderSchemaFiles();

test("every served Istio kind/version has a schema file, and the files are up to date", () => {
  for (const info of KINDS.filter((k) => k.istio)) for (const v of info.versions) assert.ok(rendered.has(`${info.group}/${info.kind.toLowerCase()}_${v}.json`));
  for (const [rel, text] of rendered) assert.equal(readFileSync(join("schemas", rel), "utf8"), text, `schemas/${rel} is stale: run npm run build`);
  const onDisk = readdirSync("schemas", { recursive: true }).filter((f) => String(f).endsWith(".json"));
  assert.equal(onDisk.length, rendered.size);
});

test("schema files are draft-07, strict, and usable by a plain JSON Schema validator", () => {
  const vs = JSON.parse(rendered.get("networking.istio.io/virtualservice_v1.json")!);
  assert.equal(vs.$schema, "http://json-schema.org/draft-07/schema#");
  const validate = compileForTest(vs);
  const ok = { apiVersion: "networking.istio.io/v1", kind: "VirtualService", metadata: { name: "a" }, spec: { hosts: ["a"] } };
  assert.ok(validate(ok));
  assert.ok(!validate({ ...ok, spec: { hosts: ["a"], bad: 1 } }));
  assert.ok(!validate({ ...ok, apiVersion: "networking.istio.io/v1beta1" }), "one file per version");
});
