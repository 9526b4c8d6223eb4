import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/injection-image-auto.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const webhook = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector}
webhooks:
- name: namespace.sidecar-injector.istio.io
  clientConfig: {service: {name: istiod, namespace: istio-system}}
  namespaceSelector:
    matchExpressions: [{key: istio-injection, operator: In, values: [enabled]}]
---
apiVersion: v1
kind: Namespace
metadata: {name: injected, labels: {istio-injection: enabled}}
---
`;
const deployment = (name: string, namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: gw}}
  template:
    metadata: {labels: {app: gw}}
    spec:
      containers: [{name: istio-proxy, image: auto}]
---
`;

test("finds pods still carrying image: auto and deployments no webhook will inject", async () => {
  const r = await runAnalyzer(
    analyzer,
    webhook +
      deployment("gw", "plain") +
      `apiVersion: v1
kind: Pod
metadata: {name: stuck, namespace: injected}
spec:
  containers: [{name: istio-proxy, image: auto}]
`,
  );
  assert.deepEqual(r.found, ["IST0147 Pod injected/stuck", "IST0146 Deployment plain/gw"]);
  assert.equal(r.messages[1]!.message, "Deployment gw contains `image: auto` but does not match any Istio injection webhook selectors.");
});

test("stays quiet for deployments a webhook selects, and for real images", async () => {
  const r = await runAnalyzer(
    analyzer,
    webhook +
      deployment("gw", "injected") +
      `apiVersion: v1
kind: Pod
metadata: {name: fine, namespace: injected}
spec:
  containers: [{name: istio-proxy, image: proxyv2:1}]
`,
  );
  assert.deepEqual(r.found, []);
});
