import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultMeshConfig, parseMeshConfig } from "../../src/model/mesh-config.js";
import { InputError } from "../../src/errors.js";

test("a mesh config file overlays Istio's defaults: maps merge, lists replace", () => {
  const mc = parseMeshConfig("mesh.yaml", "trustDomain: corp.example\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\ndefaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: \"true\"\n");
  assert.equal(mc.trustDomain, "corp.example");
  assert.equal(mc.outboundTrafficPolicy.mode, "REGISTRY_ONLY");
  assert.equal(mc.defaultConfig.discoveryAddress, defaultMeshConfig().defaultConfig.discoveryAddress);
  assert.deepEqual(mc.defaultConfig.proxyMetadata, { ISTIO_META_DNS_CAPTURE: "true" });
  assert.equal(mc.rootNamespace, "istio-system");
});

test("the istio ConfigMap form is accepted; bad YAML is an InputError with a position", () => {
  const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\ndata:\n  mesh: |\n    rootNamespace: mesh-root\n";
  assert.equal(parseMeshConfig("cm.yaml", cm).rootNamespace, "mesh-root");
  assert.throws(() => parseMeshConfig("bad.yaml", "a: [1,\n"), (e: unknown) => e instanceof InputError && /bad.yaml/.test(e.message));
  assert.throws(() => parseMeshConfig("list.yaml", "- 1\n"), InputError);
});
