import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import analyzer, { secretUsable } from "../../../../src/analyze/analyzers/gateways/secret.js";
import { buildModel } from "../../../../src/model/mesh-model.js";
import { loadFiles } from "../../../../src/sources/load.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const FIXTURE = join(import.meta.dirname, "../../../../fixtures/analyze/gateways/gateway-credentials.yaml");

const gateway = (name: string, selector: string, credential: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: apps}
spec:
  selector: ${selector}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["web.example.com"]
    tls:
      mode: SIMPLE
      credentialName: ${credential}
---
`;

test("stays quiet for a valid certificate in the gateway workload's namespace (short or namespaced name)", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, "", { files: [FIXTURE] })).found, []);
});

test("finds a missing Secret, an unusable one, and a selector matching no pod", async () => {
  const yaml = gateway("missing", "{istio: ingressgateway}", "nope") + gateway("broken", "{istio: ingressgateway}", "not-a-cert") + gateway("orphan", "{istio: elsewhere}", "good-cert");
  const r = await runAnalyzer(analyzer, yaml, { files: [FIXTURE] });
  assert.deepEqual(r.found, ["IST0101 Gateway apps/missing", "IST0101 Gateway apps/orphan", "IST0161 Gateway apps/broken"]);
  const broken = r.messages.find((m) => m.code === "IST0161")!;
  assert.equal(broken.message, "The credential referenced by the Gateway broken in namespace istio-system is invalid, which can cause the traffic not to work as expected.");
  assert.equal(broken.origin!.line, 23); // spec.servers[0].tls.credentialName of the second document
});

test("a certificate outside its validity window is unusable", async () => {
  const model = buildModel((await loadFiles([FIXTURE])).resources);
  const secret = model.get("Secret", "istio-system", "good-cert")!;
  assert.equal(secretUsable(secret), true);
  assert.equal(secretUsable(secret, Date.parse("2200-01-01T00:00:00Z")), false);
  assert.equal(secretUsable(secret, Date.parse("2000-01-01T00:00:00Z")), false);
});

test("with no Secret in the input at all, a missing credential is not reported (manifests rarely carry certificates)", async () => {
  const pod = `---\napiVersion: v1\nkind: Pod\nmetadata: {name: gw, namespace: istio-system, labels: {istio: ingressgateway}}\nspec:\n  containers: [{name: istio-proxy, image: proxyv2}]\n`;
  const r = await runAnalyzer(analyzer, gateway("gw", "{istio: ingressgateway}", "absent-cert") + pod);
  assert.deepEqual(r.found, []);
});
