import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/webhook.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const config = (name: string, service: string, selector: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: ${name}}
webhooks:
- name: sidecar-injector.istio.io
  clientConfig: {service: {name: ${service}, namespace: istio-system}}
  ${selector}
---
`;
const istiod = `apiVersion: v1
kind: Service
metadata: {name: istiod, namespace: istio-system}
spec: {ports: [{name: https-webhook, port: 443}]}
---
`;

test("finds overlapping injection webhooks and missing injector Services", async () => {
  const r = await runAnalyzer(
    analyzer,
    istiod + config("a", "istiod", "namespaceSelector: {matchLabels: {istio-injection: enabled}}") + config("b", "gone", "namespaceSelector: {matchLabels: {istio-injection: enabled}}"),
  );
  assert.deepEqual(r.found, ["IST0139 MutatingWebhookConfiguration a", "IST0139 MutatingWebhookConfiguration b", "IST0139 MutatingWebhookConfiguration b"]);
  const texts = r.messages.map((m) => m.message);
  assert.ok(texts.includes("Webhook overlaps with others: [b/sidecar-injector.istio.io]. This may cause injection to occur twice."));
  assert.ok(texts.includes("Injector refers to a control plane service that does not exist: istio-system/gone."));
});

test("stays quiet for revisioned webhooks that select disjoint namespaces, and for non-Istio webhooks", async () => {
  const r = await runAnalyzer(
    analyzer,
    istiod +
      config("default", "istiod", "namespaceSelector: {matchExpressions: [{key: istio-injection, operator: In, values: [enabled]}, {key: istio.io/rev, operator: DoesNotExist}]}") +
      config("canary", "istiod", "namespaceSelector: {matchExpressions: [{key: istio-injection, operator: DoesNotExist}, {key: istio.io/rev, operator: In, values: [canary]}]}") +
      `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: other}
webhooks:
- name: mutate.example.com
  clientConfig: {service: {name: nowhere, namespace: other}}
`,
  );
  assert.deepEqual(r.found, []);
});
