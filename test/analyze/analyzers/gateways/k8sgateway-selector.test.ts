import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/k8sgateway-selector.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: shop-gateway-istio-abc
  namespace: shop
  labels: {gateway.networking.k8s.io/gateway-name: shop-gateway, app: shop-gateway}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
---
`;
const policy = (kind: string, group: string, name: string, extra: string) => `apiVersion: ${group}
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec:
${extra}---
`;

test("finds policies selecting Gateway API gateway pods with a selector", async () => {
  const yaml =
    pod +
    policy("AuthorizationPolicy", "security.istio.io/v1", "ap", "  selector: {matchLabels: {app: shop-gateway}}\n  action: DENY\n") +
    policy("RequestAuthentication", "security.istio.io/v1", "ra", "  selector: {matchLabels: {}}\n") +
    policy("Telemetry", "telemetry.istio.io/v1", "tel", "  selector: {matchLabels: {app: shop-gateway}}\n");
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, ["IST0166 AuthorizationPolicy shop/ap", "IST0166 RequestAuthentication shop/ra", "IST0166 Telemetry shop/tel"]);
  assert.equal(r.messages[0]!.message, "Ineffective selector on Kubernetes Gateway shop-gateway. Use the TargetRef field instead.");
});

test("stays quiet with targetRef, without selector, with non-matching labels, or in another namespace", async () => {
  const yaml =
    pod +
    policy("AuthorizationPolicy", "security.istio.io/v1", "with-ref", "  selector: {matchLabels: {app: shop-gateway}}\n  targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: shop-gateway}\n") +
    policy("AuthorizationPolicy", "security.istio.io/v1", "ns-wide", "  action: ALLOW\n") +
    policy("Telemetry", "telemetry.istio.io/v1", "other", "  selector: {matchLabels: {app: reviews}}\n");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
