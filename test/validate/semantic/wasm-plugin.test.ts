import { test } from "node:test";
import assert from "node:assert/strict";
import { rule } from "../../../src/validate/semantic/wasm-plugin.js";

const ctx = { namespace: "default", name: "w" };
const brief = (spec: object) => rule(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);

test("WasmPlugin: sound plugins have no issues", () => {
  assert.deepEqual(brief({ url: "oci://ghcr.io/o/p:1", imagePullPolicy: "Always", imagePullSecret: "s" }), []);
  assert.deepEqual(brief({ url: "ghcr.io/o/p:1", imagePullSecret: "s" }), []);
  assert.deepEqual(brief({ url: "https://h/p.wasm", vmConfig: { env: [{ name: "A" }, { name: "B" }] }, match: [{ ports: [{ number: 80 }, { number: 81 }] }, { ports: [{ number: 80 }] }] }), []);
});

test("WasmPlugin: scope checks", () => {
  assert.deepEqual(brief({ url: "oci://r/p", selector: {} }), ["warning spec.selector"]);
  assert.deepEqual(brief({ url: "oci://r/p", targetRefs: [{ kind: "Namespace", name: "n" }] }), ["error spec.targetRefs.0.kind"]);
});

test("WasmPlugin: url is required", () => {
  assert.deepEqual(brief({}), ["error spec.url"]);
  assert.deepEqual(brief({ url: "" }), ["error spec.url"]);
});

test("WasmPlugin: image pull settings only apply to OCI images", () => {
  assert.deepEqual(brief({ url: "https://h/p.wasm", imagePullPolicy: "Always" }), ["warning spec.imagePullPolicy"]);
  assert.deepEqual(brief({ url: "file:///p.wasm", imagePullSecret: "s" }), ["warning spec.imagePullSecret"]);
});

test("WasmPlugin: env names and match ports are unique", () => {
  assert.deepEqual(brief({ url: "oci://r/p", vmConfig: { env: [{ name: "A" }, { name: "B" }, { name: "A", value: "x" }] } }), ["error spec.vmConfig.env.2.name"]);
  assert.deepEqual(brief({ url: "oci://r/p", match: [{ ports: [{ number: 80 }, { number: 80 }] }] }), ["error spec.match.0.ports.1.number"]);
});

test("WasmPlugin: never throws on odd input", () => {
  assert.doesNotThrow(() => rule(null, ctx));
  assert.doesNotThrow(() => rule({ url: "oci://r/p", vmConfig: { env: [null] }, match: [null, { ports: [null] }] }, ctx));
});
