import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/meshc/subset-workloads.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const SHOP = ["fixtures/analyze/meshc/shop.yaml"];
const dr = (name: string, host: string, subsets: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: shop
spec:
  host: ${host}
  subsets:
${subsets}
---
`;

test("finds a subset whose labels match another service's workloads only (IST0173 misses it), on the subset's name", async () => {
  // version=v2 exists (reviews-v2) but ratings has no v2.
  const r = await runAnalyzer(analyzer, dr("ratings", "ratings", "  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}"), { files: SHOP });
  assert.deepEqual(r.found, ["MSH0006 DestinationRule shop/ratings"]);
  assert.equal(r.messages[0]!.message, 'Subset "v2" selects no workload of host ratings.shop.svc.cluster.local: its labels version=v2 only match Deployment shop/reviews-v2; requests routed to this subset fail with 503');
  assert.equal(r.messages[0]!.origin!.line, 11);
});

test("stays quiet when a subset matches the host's workloads, Deployment templates included (istio/istio#40861)", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, dr("reviews", "reviews", "  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}"), { files: SHOP })).found, []);
});

test("stays quiet when the labels match nothing anywhere: that is IST0173's message, not a second one", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, dr("reviews", "reviews", "  - name: v3\n    labels: {version: v3}"), { files: SHOP })).found, []);
});

test("stays quiet when the host is unknown or none of its workloads is in the input", async () => {
  const svcOnly = "apiVersion: v1\nkind: Service\nmetadata: {name: payments, namespace: shop}\nspec:\n  selector: {app: payments}\n  ports: [{port: 80}]\n---\n";
  const yaml = svcOnly + dr("payments", "payments", "  - name: v2\n    labels: {version: v2}") + dr("ghost", "ghost", "  - name: v2\n    labels: {version: v2}");
  assert.deepEqual((await runAnalyzer(analyzer, yaml, { files: SHOP })).found, []);
});

test("ServiceEntry hosts use their workloadSelector's workloads", async () => {
  const se = "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: vm, namespace: shop}\nspec:\n  hosts: [vm.shop.internal]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  workloadSelector: {labels: {app: vm}}\n---\n" +
    "apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: vm-1, namespace: shop}\nspec:\n  address: 10.0.0.1\n  labels: {app: vm, version: v1}\n---\n";
  const r = await runAnalyzer(analyzer, se + dr("vm", "vm.shop.internal", "  - name: v1\n    labels: {version: v1}"), { files: SHOP });
  assert.deepEqual(r.found, []);
});
