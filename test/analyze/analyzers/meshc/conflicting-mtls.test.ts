import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/meshc/conflicting-mtls.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const SHOP = ["fixtures/analyze/meshc/shop.yaml"];
const run = (yaml: string, meshConfig?: Record<string, unknown>) => runAnalyzer(analyzer, yaml, { files: SHOP, ...(meshConfig ? { meshConfig } : {}) });

const pa = (name: string, ns: string, body: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec:
${body}
---
`;
const NS_STRICT = pa("default", "shop", "  mtls: {mode: STRICT}");
const dr = (name: string, host: string, body: string, ns = "shop") => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
${body}
---
`;

test("finds DISABLE against a namespace-wide STRICT policy, with the tls mode's line", async () => {
  const r = await runAnalyzer(analyzer, NS_STRICT + dr("reviews", "reviews", "  trafficPolicy:\n    tls:\n      mode: DISABLE"), { files: SHOP });
  assert.deepEqual(r.found, ["MSH0001 DestinationRule shop/reviews"]);
  assert.equal(
    r.messages[0]!.message,
    "TLS mode DISABLE for reviews.shop.svc.cluster.local port 9080 conflicts with PeerAuthentication shop/default (namespace-wide), which requires mutual TLS on Deployment shop/reviews-v1: the server refuses these requests; use ISTIO_MUTUAL or remove the tls setting",
  );
  assert.equal(r.messages[0]!.origin!.line, 16); // `mode: DISABLE` (after the 6-line PeerAuthentication document)
});

test("finds SIMPLE against a mesh-wide STRICT policy in the root namespace", async () => {
  const r = await run(pa("default", "istio-system", "  mtls: {mode: STRICT}") + dr("ratings", "ratings.shop.svc.cluster.local", "  trafficPolicy: {tls: {mode: SIMPLE}}"));
  assert.deepEqual(r.found, ["MSH0001 DestinationRule shop/ratings"]);
  assert.match(r.messages[0]!.message, /PeerAuthentication istio-system\/default \(mesh-wide\)/);
});

test("finds a subset that disables TLS towards workloads a workload policy makes STRICT", async () => {
  const yaml = pa("reviews-v2", "shop", "  selector: {matchLabels: {version: v2}}\n  mtls: {mode: STRICT}") + dr("reviews", "reviews", "  subsets:\n  - name: v1\n    labels: {version: v1}\n    trafficPolicy: {tls: {mode: DISABLE}}\n  - name: v2\n    labels: {version: v2}\n    trafficPolicy: {tls: {mode: DISABLE}}");
  const r = await run(yaml);
  assert.deepEqual(r.found, ["MSH0001 DestinationRule shop/reviews"]);
  assert.match(r.messages[0]!.message, /subset v2 conflicts with PeerAuthentication shop\/reviews-v2 \(workload\)/);
});

test("finds a port-level DISABLE against a port-level STRICT on the target (container) port", async () => {
  const yaml = pa("ratings", "shop", "  selector: {matchLabels: {app: ratings}}\n  portLevelMtls:\n    8080: {mode: STRICT}") + dr("ratings", "ratings", "  trafficPolicy:\n    portLevelSettings:\n    - port: {number: 80}\n      tls: {mode: DISABLE}");
  const r = await run(yaml);
  assert.deepEqual(r.found, ["MSH0001 DestinationRule shop/ratings"]);
  assert.match(r.messages[0]!.message, /port 80 conflicts with PeerAuthentication shop\/ratings \(port 8080\)/);
});

test("finds a rule without TLS when auto mTLS is off, and wildcard rules for the hosts they reach", async () => {
  const off = await run(NS_STRICT + dr("ratings", "ratings", "  trafficPolicy: {connectionPool: {tcp: {maxConnections: 10}}}"), { enableAutoMtls: false });
  assert.deepEqual(off.found, ["MSH0001 DestinationRule shop/ratings"]);
  const wildcard = await run(NS_STRICT + dr("mesh", "'*.shop.svc.cluster.local'", "  trafficPolicy: {tls: {mode: DISABLE}}", "istio-system") + dr("reviews", "reviews", "  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}"));
  assert.deepEqual(wildcard.found, ["MSH0001 DestinationRule istio-system/mesh"]);
  assert.match(wildcard.messages[0]!.message, /ratings\.shop/); // reviews has its own rule
});

test("finds against the namespace policy when the service's workloads are not in the input", async () => {
  const yaml = NS_STRICT + "apiVersion: v1\nkind: Service\nmetadata: {name: payments, namespace: shop}\nspec:\n  selector: {app: payments}\n  ports: [{port: 8443}]\n---\n" + dr("payments", "payments", "  trafficPolicy: {tls: {mode: DISABLE}}");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, ["MSH0001 DestinationRule shop/payments"]);
});

test("stays quiet with ISTIO_MUTUAL, auto mTLS, PERMISSIVE policies or overrides", async () => {
  assert.deepEqual((await run(NS_STRICT + dr("reviews", "reviews", "  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}"))).found, []);
  assert.deepEqual((await run(NS_STRICT + dr("reviews", "reviews", "  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}"))).found, []);
  assert.deepEqual((await run(dr("reviews", "reviews", "  trafficPolicy: {tls: {mode: DISABLE}}"))).found, []); // PERMISSIVE by default
  const workloadOverride = NS_STRICT + pa("ratings", "shop", "  selector: {matchLabels: {app: ratings}}\n  mtls: {mode: PERMISSIVE}");
  assert.deepEqual((await run(workloadOverride + dr("ratings", "ratings", "  trafficPolicy: {tls: {mode: DISABLE}}"))).found, []);
  const portOverride = NS_STRICT + pa("ratings", "shop", "  selector: {matchLabels: {app: ratings}}\n  portLevelMtls:\n    8080: {mode: DISABLE}");
  assert.deepEqual((await run(portOverride + dr("ratings", "ratings", "  trafficPolicy: {tls: {mode: DISABLE}}"))).found, []);
  // MUTUAL with the user's own certificates may well be accepted: not judged.
  assert.deepEqual((await run(NS_STRICT + dr("reviews", "reviews", "  trafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem}}"))).found, []);
});

test("stays quiet for workloads without a sidecar (istio/istio#19360)", async () => {
  // legacy is not injected: nothing enforces STRICT there, and DISABLE is the right setting.
  assert.deepEqual((await run(NS_STRICT + dr("legacy", "legacy", "  trafficPolicy: {tls: {mode: DISABLE}}"))).found, []);
  // The original report: a mesh-wide ISTIO_MUTUAL rule and services without sidecars are not a conflict of this kind.
  assert.deepEqual((await run(NS_STRICT + dr("default", "'*.local'", "  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}", "istio-system"))).found, []);
});

test("reports one message per rule and policy, not one per port or namespace (istio/istio#19360)", async () => {
  const svc = "apiVersion: v1\nkind: Service\nmetadata: {name: multi, namespace: shop}\nspec:\n  selector: {app: reviews}\n  ports: [{name: a, port: 9080}, {name: b, port: 9081}]\n---\n";
  const r = await run(NS_STRICT + svc + dr("multi", "multi", "  trafficPolicy: {tls: {mode: DISABLE}}"));
  assert.deepEqual(r.found, ["MSH0001 DestinationRule shop/multi"]);
  assert.match(r.messages[0]!.message, /port 9080, 9081/);
});

test("stays quiet for hosts with no service in the input", async () => {
  assert.deepEqual((await run(NS_STRICT + dr("ext", "api.example.com", "  trafficPolicy: {tls: {mode: SIMPLE}}"))).found, []);
});
