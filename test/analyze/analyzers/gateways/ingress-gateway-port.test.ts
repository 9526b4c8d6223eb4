import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/ingress-gateway-port.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const workload = `apiVersion: v1
kind: Pod
metadata: {name: edge-gw, namespace: edge, labels: {app: edge-gw}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
---
apiVersion: v1
kind: Service
metadata: {name: edge-gw, namespace: edge}
spec:
  selector: {app: edge-gw}
  ports:
  - {name: http, port: 80, targetPort: 8080, protocol: TCP}
---
`;
const gateway = (selector: string, port: number) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: apps}
spec:
  selector:
    ${selector}
  servers:
  - port: {number: ${port}, name: http, protocol: HTTP}
    hosts: ["*"]
`;

test("finds a server port the gateway Service does not offer", async () => {
  const r = await runAnalyzer(analyzer, workload + gateway("app: edge-gw", 9090));
  assert.deepEqual(r.found, ["IST0162 Gateway apps/web"]);
  assert.match(r.messages[0]!.message, /target port \(port 9090\).*Pod selector app=edge-gw\)/);
  assert.equal(r.messages[0]!.origin!.line, 19); // spec.selector.app
});

test("finds a selector that matches no pod", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, workload + gateway("app: nothing", 80))).found, ["IST0101 Gateway apps/web"]);
});

test("stays quiet when the port is the Service port or its targetPort", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, workload + gateway("app: edge-gw", 80))).found, []);
  assert.deepEqual((await runAnalyzer(analyzer, workload + gateway("app: edge-gw", 8080))).found, []);
});

test("a Service port without protocol counts as TCP, as the API server defaults it", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: apps}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: v1
kind: Pod
metadata: {name: gw-pod, namespace: istio-system, labels: {istio: ingressgateway}}
spec:
  containers: [{name: istio-proxy, image: proxyv2}]
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
`,
  );
  assert.deepEqual(r.found, []);
});
