import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/meshc/unreachable-port-mtls.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const SHOP = ["fixtures/analyze/meshc/shop.yaml"];
const run = (yaml: string, meshConfig?: Record<string, unknown>) => runAnalyzer(analyzer, yaml, { files: SHOP, ...(meshConfig ? { meshConfig } : {}) });

const pa = (name: string, body: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: shop
spec:
${body}
---
`;
const REVIEWS_PORT_DISABLE = pa("reviews", "  selector:\n    matchLabels: {app: reviews}\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n    9080:\n      mode: DISABLE");
const drPort = (mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  trafficPolicy:
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: ${mode}}
---
`;

test("finds a DISABLE port under a STRICT workload that auto mTLS clients reach with mTLS, pointing at the port's mode", async () => {
  const r = await run(REVIEWS_PORT_DISABLE);
  assert.deepEqual(r.found, ["MSH0002 PeerAuthentication shop/reviews"]);
  assert.equal(
    r.messages[0]!.message,
    "Port 9080 of PeerAuthentication shop/reviews is set to DISABLE while the workload mode is STRICT: clients send mutual TLS to it (auto mTLS follows the default mode PERMISSIVE) and the port only reads plain text, so requests fail; set tls mode DISABLE for this port in a DestinationRule portLevelSettings",
  );
  assert.equal(r.messages[0]!.origin!.line, 13);
});

test("finds a STRICT port in a namespace whose policy disables mTLS (clients send plain text)", async () => {
  const yaml = pa("default", "  mtls: {mode: DISABLE}") + pa("ratings", "  selector: {matchLabels: {app: ratings}}\n  portLevelMtls:\n    8080: {mode: STRICT}");
  const r = await run(yaml);
  assert.deepEqual(r.found, ["MSH0002 PeerAuthentication shop/ratings"]);
  assert.match(r.messages[0]!.message, /set to STRICT while the workload mode is DISABLE: clients send plain text/);
});

test("finds a STRICT port when auto mTLS is off", async () => {
  const r = await run(pa("ratings", "  selector: {matchLabels: {app: ratings}}\n  mtls: {mode: PERMISSIVE}\n  portLevelMtls:\n    8080: {mode: STRICT}"), { enableAutoMtls: false });
  assert.deepEqual(r.found, ["MSH0002 PeerAuthentication shop/ratings"]);
});

test("stays quiet when a DestinationRule sets the TLS mode the port accepts", async () => {
  assert.deepEqual((await run(REVIEWS_PORT_DISABLE + drPort("DISABLE"))).found, []);
  const strictPort = pa("default", "  mtls: {mode: DISABLE}") + pa("reviews", "  selector: {matchLabels: {app: reviews}}\n  portLevelMtls:\n    9080: {mode: STRICT}");
  assert.deepEqual((await run(strictPort + drPort("ISTIO_MUTUAL"))).found, []);
  // A DestinationRule with the wrong mode does not help.
  assert.deepEqual((await run(REVIEWS_PORT_DISABLE + drPort("ISTIO_MUTUAL"))).found, ["MSH0002 PeerAuthentication shop/reviews"]);
});

test("stays quiet for ports clients can reach: PERMISSIVE ports, matching modes, DISABLE ports in DISABLE namespaces", async () => {
  assert.deepEqual((await run(pa("reviews", "  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    9080: {mode: PERMISSIVE}"))).found, []);
  assert.deepEqual((await run(pa("reviews", "  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    9080: {mode: STRICT}"))).found, []);
  assert.deepEqual((await run(pa("default", "  mtls: {mode: DISABLE}") + REVIEWS_PORT_DISABLE)).found, []);
});

test("stays quiet for namespace-wide policies (port settings only count with a selector) and workloads without a sidecar", async () => {
  assert.deepEqual((await run(pa("default", "  mtls: {mode: STRICT}\n  portLevelMtls:\n    9080: {mode: DISABLE}"))).found, []);
  assert.deepEqual((await run(pa("legacy", "  selector: {matchLabels: {app: legacy}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    7070: {mode: DISABLE}"))).found, []);
});
