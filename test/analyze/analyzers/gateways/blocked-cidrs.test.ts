import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/blocked-cidrs.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const istiod = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
spec:
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod}}
    spec:
      containers:
      - name: discovery
        image: istio/pilot
        env: ${env}
---
`;
const ra = (name: string) => `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: ${name}, namespace: shop}
spec: {jwtRules: [{issuer: "https://issuer.example.com"}]}
---
`;

test("finds istiod without BLOCKED_CIDRS_IN_JWKS_URIS when RequestAuthentications exist", async () => {
  const yaml = istiod("[{name: BLOCKED_CIDRS_IN_JWKS_URIS, valueFrom: {configMapKeyRef: {name: x, key: y}}}]") + ["r1", "r2", "r3", "r4", "r5", "r6", "r7"].map(ra).join("");
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, ["IST0175 Deployment istio-system/istiod"]);
  assert.equal(
    r.messages[0]!.message,
    "BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 7 RequestAuthentication resource(s) exist (shop/r1, shop/r2, shop/r3, shop/r4, shop/r5, and 2 more). Consider configuring it to restrict JWKS URI fetches to trusted networks.",
  );
});

test("stays quiet when the variable is set, or without RequestAuthentications", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, istiod("[{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: '10.0.0.0/8'}]") + ra("r1"))).found, []);
  assert.deepEqual((await runAnalyzer(analyzer, istiod("[]"))).found, []);
});
