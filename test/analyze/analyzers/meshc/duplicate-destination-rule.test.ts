import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/meshc/duplicate-destination-rule.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const dr = (name: string, body: string, meta = "", ns = "shop") => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
${meta}spec:
  host: reviews
${body}
---
`;
const POLICY = "  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}";
const SUBSETS = "  subsets:\n  - {name: v1, labels: {version: v1}}";

test("finds a second rule whose traffic policy is ignored; without timestamps the first name wins", async () => {
  const r = await runAnalyzer(analyzer, dr("reviews-b", POLICY) + dr("reviews-a", POLICY));
  assert.deepEqual(r.found, ["MSH0005 DestinationRule shop/reviews-b"]);
  assert.equal(
    r.messages[0]!.message,
    "Host reviews.shop.svc.cluster.local is also configured by DestinationRule shop/reviews-a, which Istio applies first (older, or first by name): when merging it ignores this rule's traffic policy; combine them into one DestinationRule",
  );
  assert.equal(r.messages[0]!.origin!.line, 7); // spec.host
});

test("the oldest by creationTimestamp wins over name order, and duplicate subset names are reported", async () => {
  const r = await runAnalyzer(analyzer, dr("a-new", `${POLICY}\n${SUBSETS}`, "  creationTimestamp: 2025-02-01T00:00:00Z\n") + dr("z-old", `${POLICY}\n${SUBSETS}`, "  creationTimestamp: 2024-01-01T00:00:00Z\n"));
  assert.deepEqual(r.found, ["MSH0005 DestinationRule shop/a-new"]);
  assert.match(r.messages[0]!.message, /DestinationRule shop\/z-old, .* ignores this rule's traffic policy and subset "v1"/);
});

test("stays quiet for rules that merge cleanly (subsets in one, traffic policy in the other)", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, dr("reviews-subsets", SUBSETS) + dr("reviews-policy", POLICY))).found, []);
});

test("stays quiet across namespaces, workload selectors and disjoint exportTo scopes", async () => {
  const yaml =
    dr("reviews", POLICY) +
    dr("reviews", POLICY, "", "cart") + // another namespace: a different scope
    dr("reviews-canary-clients", `  workloadSelector: {matchLabels: {app: canary}}\n${POLICY}`) +
    dr("reviews-local", `  exportTo: ["."]\n${POLICY}`, "", "web") + // seen by web only
    dr("reviews-for-ops", `  exportTo: [ops]\n${POLICY}`, "", "web"); // seen by ops only
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});

test("a rule is never its own duplicate, even when loaded twice (compare istio/istio#42561)", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, dr("reviews", POLICY) + dr("reviews", POLICY))).found, []);
});

test("a newer rule exported more widely is still merged into the older one", async () => {
  const r = await runAnalyzer(analyzer, dr("a", `  exportTo: ["."]\n${POLICY}`) + dr("b", `  exportTo: ["*"]\n${POLICY}`));
  assert.deepEqual(r.found, ["MSH0005 DestinationRule shop/b"]);
});
