import { test } from "node:test";
import assert from "node:assert/strict";
import { TrafficExtension, TrafficExtensionSpec } from "../../../../src/validate/schemas/istio/extensions/traffic-extension.js";
import { harness, ids } from "../security/harness.js";

const h = harness(TrafficExtensionSpec);

test("TrafficExtension: definition names its kind", () => assert.equal(TrafficExtension.kind, "TrafficExtension"));

test("TrafficExtension: valid specs pass", () => {
  for (const spec of [
    { lua: { inlineCode: "function envoy_on_request(h) end" } },
    { selector: { matchLabels: { app: "a" } }, phase: "STATS", priority: 5, match: [{ mode: "CLIENT" }], wasm: { url: "oci://r/p:1", pluginConfig: { a: 1 }, failStrategy: "FAIL_RELOAD" } },
    { targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "g" }], wasm: { url: "https://h/p.wasm", vmConfig: { env: [{ name: "X", valueFrom: "HOST" }] } } },
  ]) {
    assert.deepEqual(h.errors(spec), [], JSON.stringify(spec));
    assert.deepEqual(h.checks(spec), [], JSON.stringify(spec));
  }
});

test("TrafficExtension: unknown fields, wrong types, bad enums and limits are rejected", () => {
  assert.deepEqual(h.errors({ targetRef: { kind: "Service", name: "s" }, lua: { inlineCode: "x" } }), [" additionalProperties"]);
  assert.deepEqual(h.errors({ phase: "UNSPECIFIED_PHASE", lua: { inlineCode: "x" } }), ["/phase enum"]);
  assert.deepEqual(h.errors({ lua: {} }), ["/lua required"]);
  assert.deepEqual(h.errors({ lua: { inlineCode: "" } }), ["/lua/inlineCode minLength"]);
  assert.deepEqual(h.errors({ wasm: {} }), ["/wasm required"]);
  assert.deepEqual(h.errors({ wasm: { url: "oci://x", phase: "AUTHN" } }), ["/wasm additionalProperties"]);
  assert.deepEqual(h.errors({ wasm: { url: "oci://x", type: "TCP" } }), ["/wasm/type enum"]);
  assert.deepEqual(h.errors({ lua: { inlineCode: 1 } }), ["/lua/inlineCode type"]);
});

test("TrafficExtension: checks are attached where the CRD puts its rules", () => {
  assert.deepEqual(h.idsAt(""), ["selector-or-target-refs", "traffic-extension-wasm-xor-lua"]);
  assert.deepEqual(h.idsAt("wasm.url"), ["wasm-url-scheme"]);
  assert.deepEqual(h.idsAt("wasm.vmConfig.env.[]"), ["wasm-env-value-needs-inline"]);
});

test("TrafficExtension check traffic-extension-wasm-xor-lua", () => {
  assert.deepEqual(ids(h.checks({})), ["traffic-extension-wasm-xor-lua"]);
  assert.deepEqual(ids(h.checks({ wasm: { url: "oci://r/p" }, lua: { inlineCode: "x" } })), ["traffic-extension-wasm-xor-lua"]);
  assert.deepEqual(h.checks({ wasm: { url: "oci://r/p" } }), []);
});

test("TrafficExtension: selector-or-target-refs, wasm url and env checks", () => {
  const lua = { inlineCode: "x" };
  assert.deepEqual(ids(h.checks({ lua, selector: { matchLabels: { a: "b" } }, targetRefs: [{ kind: "Service", name: "s" }] })), ["selector-or-target-refs"]);
  assert.deepEqual(ids(h.checks({ wasm: { url: "gs://b/p.wasm" } })), ["wasm-url-scheme"]);
  assert.deepEqual(ids(h.checks({ wasm: { url: "oci://r/p", vmConfig: { env: [{ name: "A", valueFrom: "HOST", value: "v" }] } } })), ["wasm-env-value-needs-inline"]);
});
