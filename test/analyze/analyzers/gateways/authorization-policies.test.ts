import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/authorization-policies.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const base = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod-eu}
---
apiVersion: v1
kind: Pod
metadata: {name: cart-1, namespace: shop, labels: {app: cart}}
spec: {containers: [{name: cart, image: cart}]}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely, namespace: outside, labels: {app: lonely}}
spec: {containers: [{name: app, image: app}]}
---
`;
const ap = (name: string, ns: string, spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec}---
`;

test("finds policies without in-mesh workloads and unknown source namespaces", async () => {
  const yaml =
    base +
    ap("no-match", "shop", "  selector: {matchLabels: {app: missing}}\n") +
    ap("no-mesh-pods", "outside", "  action: ALLOW\n") +
    ap("root-no-match", "istio-system", "  selector: {matchLabels: {app: missing}}\n") +
    ap("bad-ns", "shop", "  rules:\n  - from:\n    - source:\n        namespaces:\n        - prod-*\n        - staging\n");
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, [
    "IST0101 AuthorizationPolicy shop/bad-ns",
    "IST0127 AuthorizationPolicy shop/no-match",
    "IST0127 AuthorizationPolicy outside/no-mesh-pods",
    "IST0127 AuthorizationPolicy istio-system/root-no-match",
  ]);
  const badNs = r.messages[0]!;
  assert.equal(badNs.message, 'Referenced namespace not found: "staging"');
  assert.equal(badNs.origin!.line, 54); // spec.rules[0].from[0].source.namespaces[1]
});

test("stays quiet for policies matching in-mesh pods and existing namespaces", async () => {
  const yaml =
    base +
    ap("cart", "shop", "  selector: {matchLabels: {app: cart}}\n  rules:\n  - from:\n    - source: {namespaces: [shop, '*-eu'], notNamespaces: ['prod*']}\n") +
    ap("ns-wide", "shop", "  action: ALLOW\n") +
    ap("mesh-wide", "istio-system", "  action: ALLOW\n") +
    ap("root-cart", "istio-system", "  selector: {matchLabels: {app: cart}}\n");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
