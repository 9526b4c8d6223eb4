import { test } from "node:test";
import assert from "node:assert/strict";
import { WasmPlugin, WasmPluginSpec } from "../../../../src/validate/schemas/istio/extensions/wasm-plugin.js";
import { harness, ids } from "../security/harness.js";

const h = harness(WasmPluginSpec);
const SHA = "a".repeat(64);

test("WasmPlugin: definition names its kind", () => assert.equal(WasmPlugin.kind, "WasmPlugin"));

test("WasmPlugin: valid specs pass", () => {
  for (const spec of [
    { url: "oci://ghcr.io/org/plugin:1.0" },
    { url: "ghcr.io/org/plugin:1.0" },
    {
      selector: { matchLabels: { app: "a" } },
      url: "https://example.com/plugin.wasm",
      sha256: SHA,
      imagePullPolicy: "IfNotPresent",
      imagePullSecret: "pull",
      pluginConfig: { anything: { nested: [1, "two"] } },
      pluginName: "my-plugin",
      phase: "AUTHN",
      priority: 10,
      failStrategy: "FAIL_OPEN",
      type: "HTTP",
      verificationKey: "k",
      vmConfig: { env: [{ name: "A", value: "1" }, { name: "POD_NAME", valueFrom: "HOST" }] },
      match: [{ mode: "SERVER", ports: [{ number: 8080 }] }],
    },
    { url: "file:///opt/plugin.wasm", priority: null, sha256: "" },
  ]) {
    assert.deepEqual(h.errors(spec), [], JSON.stringify(spec));
    assert.deepEqual(h.checks(spec), [], JSON.stringify(spec));
  }
});

test("WasmPlugin: unknown fields, wrong types, bad enums and limits are rejected", () => {
  assert.deepEqual(h.errors({}), [" required"]);
  assert.deepEqual(h.errors({ url: "" }), ["/url minLength"]);
  assert.deepEqual(h.errors({ url: "oci://x", image: "y" }), [" additionalProperties"]);
  assert.deepEqual(h.errors({ url: "oci://x", phase: "AUTH" }), ["/phase enum"]);
  assert.deepEqual(h.errors({ url: "oci://x", priority: 1.5 }), ["/priority type"]);
  assert.deepEqual(h.errors({ url: "oci://x", priority: "high" }), ["/priority type"]);
  assert.deepEqual(h.errors({ url: "oci://x", sha256: "ABC" }), ["/sha256 pattern"]);
  assert.deepEqual(h.errors({ url: "oci://x", pluginConfig: "x" }), ["/pluginConfig type"]);
  assert.deepEqual(h.errors({ url: "oci://x", match: [{ ports: [{ number: 0 }] }] }), ["/match/0/ports/0/number minimum"]);
  assert.deepEqual(h.errors({ url: "oci://x", match: [{ ports: [{}] }] }), ["/match/0/ports/0 required"]);
  assert.deepEqual(h.errors({ url: "oci://x", vmConfig: { env: [{ value: "1" }] } }), ["/vmConfig/env/0 required"]);
  assert.deepEqual(h.errors({ url: "oci://x", vmConfig: { env: [{ name: "A", valueFrom: "ENV" }] } }), ["/vmConfig/env/0/valueFrom enum"]);
  assert.deepEqual(h.errors({ url: "oci://x", imagePullPolicy: "Never" }), ["/imagePullPolicy enum"]);
  assert.deepEqual(h.errors({ url: "oci://x", pluginName: "p".repeat(257) }), ["/pluginName maxLength"]);
});

test("WasmPlugin: checks are attached where the CRD puts its rules", () => {
  assert.deepEqual(h.idsAt(""), ["selector-or-target-refs"]);
  assert.deepEqual(h.idsAt("url"), ["wasm-url-scheme"]);
  assert.deepEqual(h.idsAt("vmConfig.env.[]"), ["wasm-env-value-needs-inline"]);
  assert.deepEqual(h.idsAt("targetRef.namespace"), ["policy-target-same-namespace"]);
});

test("WasmPlugin check wasm-url-scheme", () => {
  for (const bad of ["ftp://host/plugin.wasm", "localhost:5000/plugin", "s3://bucket/p.wasm", "git+ssh://host/p", "oci://r/p\tx"]) {
    assert.deepEqual(ids(h.checks({ url: bad })), ["wasm-url-scheme"], bad);
  }
  for (const ok of ["oci://r/p:1", "r.io/p@sha256:" + SHA, "https://h/p.wasm", "http://h:8080/p.wasm", "file:///p.wasm", "/abs/p.wasm"]) {
    assert.deepEqual(h.checks({ url: ok }), [], ok);
  }
});

test("WasmPlugin check wasm-env-value-needs-inline", () => {
  const found = h.checks({ url: "oci://r/p", vmConfig: { env: [{ name: "A", valueFrom: "HOST", value: "x" }] } });
  assert.deepEqual(ids(found), ["wasm-env-value-needs-inline"]);
  assert.equal(found[0]!.path, "vmConfig.env.0.value");
  assert.deepEqual(h.checks({ url: "oci://r/p", vmConfig: { env: [{ name: "A", valueFrom: "INLINE", value: "x" }, { name: "B", value: "y" }] } }), []);
});

test("WasmPlugin check selector-or-target-refs", () => {
  assert.deepEqual(ids(h.checks({ url: "oci://r/p", selector: {}, targetRefs: [{ kind: "Gateway", name: "g" }] })), ["selector-or-target-refs"]);
});
