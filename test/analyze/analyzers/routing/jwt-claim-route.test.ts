import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/jwt-claim-route.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const base = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: edge
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: v1
kind: Pod
metadata:
  name: ingress-1
  namespace: edge
  labels: {istio: ingressgateway}
spec:
  containers: [{name: istio-proxy, image: proxyv2}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: claims
  namespace: edge
spec:
  hosts: ["*"]
  gateways: [web]
  http:
  - match:
    - headers:
        "@request.auth.claims.group": {exact: admin}
    route:
    - destination: {host: admin}
---
`;

test("finds claim routing on a gateway whose pods no RequestAuthentication covers", async () => {
  const r = await runAnalyzer(analyzer, base);
  assert.deepEqual(r.found, ["IST0149 VirtualService edge/claims"]);
  assert.match(r.messages[0]!.message, /\(key: @request\.auth\.claims\.group\) but found no request authentication for the gateway \(edge\/web\) pod \(ingress-1\)/);
});

test("stays quiet when a RequestAuthentication selects the gateway pods", async () => {
  const ra = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: edge
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  jwtRules:
  - issuer: https://issuer.example.com
`;
  assert.deepEqual((await runAnalyzer(analyzer, base + ra)).found, []);
});
