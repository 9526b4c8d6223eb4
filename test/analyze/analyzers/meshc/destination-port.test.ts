import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/meshc/destination-port.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const SHOP = ["fixtures/analyze/meshc/shop.yaml"];
const vs = (name: string, ns: string, dest: string, extra = "") => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts: [${name}]
  http:
  - route:
    - destination:
${dest}
${extra}---
`;

test("finds a destination port the Service does not expose, on the port number's line", async () => {
  const r = await runAnalyzer(analyzer, vs("ratings", "shop", "        host: ratings\n        port:\n          number: 8080"), { files: SHOP });
  assert.deepEqual(r.found, ["MSH0004 VirtualService shop/ratings"]);
  assert.equal(r.messages[0]!.message, "Destination port 8080 is not a port of ratings.shop.svc.cluster.local (its ports: 80): there is no cluster for it, so requests on this route fail with 503");
  assert.equal(r.messages[0]!.origin!.line, 13);
});

test("finds wrong ports on ServiceEntry hosts and on mirrors", async () => {
  const se = "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: api, namespace: shop}\nspec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DNS\n---\n";
  const yaml = se + vs("api", "shop", "        host: api.example.com\n        port: {number: 8443}") + vs("reviews", "shop", "        host: reviews", "    mirror: {host: ratings, port: {number: 9080}}\n");
  const r = await runAnalyzer(analyzer, yaml, { files: SHOP });
  assert.deepEqual(r.found, ["MSH0004 VirtualService shop/api", "MSH0004 VirtualService shop/reviews"]);
});

test("stays quiet for exposed ports, destinations without a port, and unknown hosts (IST0101's job)", async () => {
  const yaml =
    vs("ratings", "shop", "        host: ratings\n        port: {number: 80}") +
    vs("reviews", "shop", "        host: reviews.shop.svc.cluster.local") +
    vs("other", "shop", "        host: nowhere\n        port: {number: 1234}") +
    vs("ext", "shop", "        host: api.example.com\n        port: {number: 8443}");
  assert.deepEqual((await runAnalyzer(analyzer, yaml, { files: SHOP })).found, []);
});

test("respects exportTo: a Service not exported to the VirtualService's namespace is not judged (istio/istio#46597, #24572)", async () => {
  const svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: internal\n  namespace: shop\n  annotations: {networking.istio.io/exportTo: .}\nspec:\n  ports: [{port: 5000}]\n---\n";
  const seHere = "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: internal-copy, namespace: web}\nspec:\n  hosts: [internal.shop.svc.cluster.local]\n  ports: [{number: 6000, name: http, protocol: HTTP}]\n  exportTo: [.]\n---\n";
  // From web, only web's own ServiceEntry (port 6000) is visible: 6000 is fine, shop's 5000 is not visible.
  const r = await runAnalyzer(analyzer, svc + seHere + vs("a", "web", "        host: internal.shop.svc.cluster.local\n        port: {number: 6000}") + vs("b", "other", "        host: internal.shop.svc.cluster.local\n        port: {number: 7000}"));
  assert.deepEqual(r.found, []);
  // Inside shop the Service is visible and port 5000 is right.
  assert.deepEqual((await runAnalyzer(analyzer, svc + vs("c", "shop", "        host: internal\n        port: {number: 5000}"))).found, []);
});
