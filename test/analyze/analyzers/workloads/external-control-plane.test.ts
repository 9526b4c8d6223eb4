import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/external-control-plane.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const validating = (name: string, clientConfig: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: ${name}}
webhooks:
- name: validation.istio.io
  clientConfig: ${clientConfig}
---
`;
const mutating = (name: string, clientConfig: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: ${name}}
webhooks:
- name: sidecar-injector.istio.io
  clientConfig: ${clientConfig}
---
`;

test("finds blank addresses, IP addresses and unparsable URLs", async () => {
  const r = await runAnalyzer(
    analyzer,
    validating("istio-validator-remote", "{url: null}") + mutating("istio-sidecar-injector-remote", '{url: "https://10.0.0.1:15017/inject"}') + validating("istiod-default-validator", '{url: "https://bad%zz.example.com/x"}'),
  );
  assert.deepEqual(r.found, ["IST0163 ValidatingWebhookConfiguration istio-validator-remote", "IST0163 ValidatingWebhookConfiguration istiod-default-validator", "IST0164 MutatingWebhookConfiguration istio-sidecar-injector-remote"]);
  assert.equal(
    r.messages[0]!.message,
    "The hostname () that was provided for the webhook (validation.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.",
  );
});

test("stays quiet for host names, service references, empty URLs and non-Istio configurations", async () => {
  const r = await runAnalyzer(
    analyzer,
    validating("istio-validator-remote", '{url: "https://istiod.example.com:15017/validate"}') +
      mutating("istio-sidecar-injector", "{service: {name: istiod, namespace: istio-system}}") +
      mutating("istio-sidecar-injector-empty", '{url: ""}') +
      mutating("other-injector", "{url: null}"),
  );
  assert.deepEqual(r.found, []);
});
