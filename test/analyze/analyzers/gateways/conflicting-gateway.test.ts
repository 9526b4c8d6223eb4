import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/conflicting-gateway.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const gw = (name: string, selector: string, port: number, hosts: string, bind = "") => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: edge
spec:
  selector: ${selector}
  servers:
  - port: {number: ${port}, name: http, protocol: HTTP}
    hosts: ${hosts}
${bind ? `    bind: ${bind}\n` : ""}---
`;

test("finds Gateways on one workload and port declaring the same host", async () => {
  const r = await runAnalyzer(analyzer, gw("a", "{istio: ingressgateway}", 80, "[shop.example.com]") + gw("b", "{istio: ingressgateway}", 80, "[shop.example.com, other.example.com]"));
  assert.deepEqual(r.found, ["IST0145 Gateway edge/a", "IST0145 Gateway edge/b"]);
  const b = r.messages.find((m) => m.resource!.name === "b")!;
  assert.equal(b.message, "Conflict with gateways edge/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com,other.example.com).");
});

test("stays quiet on different ports, different hosts or different binds", async () => {
  const yaml =
    gw("a", "{istio: ingressgateway}", 80, "[shop.example.com]") +
    gw("b", "{istio: ingressgateway}", 8080, "[shop.example.com]") +
    gw("c", "{istio: ingressgateway}", 80, "[api.example.com]") +
    gw("d", "{istio: ingressgateway}", 80, "[shop.example.com]", "10.0.0.1");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});

test("a selector that is a sub-selector only conflicts when a pod matches both", async () => {
  const pod = `apiVersion: v1
kind: Pod
metadata: {name: gw-1, namespace: edge, labels: {istio: ingressgateway, tier: edge}}
spec: {containers: [{name: istio-proxy}]}
---
`;
  const gws = gw("a", "{istio: ingressgateway}", 80, "[shop.example.com]") + gw("b", "{istio: ingressgateway, tier: edge}", 80, "[shop.example.com]");
  assert.deepEqual((await runAnalyzer(analyzer, gws)).found, []);
  assert.deepEqual((await runAnalyzer(analyzer, gws + pod)).found, ["IST0145 Gateway edge/a", "IST0145 Gateway edge/b"]);
});
