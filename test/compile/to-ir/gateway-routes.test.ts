/** Gateway route configurations: bound VirtualServices, host intersection, merging, redirects, blackhole. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGateway, GATEWAY_SERVICE } from "./gateway-helpers.js";

const GW = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [shop.example.com]
    tls: {mode: SIMPLE, credentialName: shop-cert, httpsRedirect: false}
---`;

const vs = (name: string, hosts: string, gateways: string, prefix = "/", port = 8000) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [${hosts}]
  gateways: [${gateways}]
  http:
  - name: ${name}
    match: [{uri: {prefix: ${prefix}}}]
    route: [{destination: {host: web, port: {number: ${port}}}}]
---`;

test("virtual hosts are the intersecting hosts, named <host>:<serverPort>, in http.<listenerPort>", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + GW + vs("a", "a.example.com", "public") + vs("other", "a.other.com", "public"));
  const rc = r.ir.routeConfigs.find((x) => x.name === "http.8080")!;
  assert.deepEqual(rc.virtualHosts.map((v) => [v.name, v.domains]), [["a.example.com:80", ["a.example.com"]]]);
  assert.equal(rc.ignorePortInHostMatching, true);
  assert.equal(rc.virtualHosts[0]!.routes[0]!.action.kind === "forward" && rc.virtualHosts[0]!.routes[0]!.action.clusters[0]!.name, "outbound|8000||web.shop.svc.cluster.local");
});

test("VirtualServices not bound to the gateway are ignored; a gateway without routes gets blackhole:<port>", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + GW + vs("mesh-only", "a.example.com", "mesh"));
  const rc = r.ir.routeConfigs.find((x) => x.name === "http.8080")!;
  assert.deepEqual(rc.virtualHosts, [{ name: "blackhole:80", domains: ["*"], routes: [] }]);
});

test("routes of several VirtualServices for one host are appended, catch-all last", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + GW + vs("a-all", "a.example.com", "public", "/") + vs("b-api", "a.example.com", "public", "/api"));
  const vh = r.ir.routeConfigs.find((x) => x.name === "http.8080")!.virtualHosts[0]!;
  assert.deepEqual(vh.routes.map((x) => x.name), ["b-api", "a-all"]);
});

test("the HTTPS server's routes live in https.<port>.<portName>.<gateway>.<ns>", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + GW + vs("shop", "shop.example.com", "shop/public"));
  const rc = r.ir.routeConfigs.find((x) => x.name === "https.443.https.public.shop")!;
  assert.deepEqual(rc.virtualHosts.map((v) => v.name), ["shop.example.com:443"]);
});

test("httpsRedirect sets require_tls on bound hosts and adds redirect-only hosts for the rest", () => {
  const redirect = GW.replace(`hosts: ["*.example.com"]`, `hosts: [a.example.com, b.example.com]\n    tls: {httpsRedirect: true}`);
  const r = compileGateway(GATEWAY_SERVICE + "---" + redirect + vs("a", "a.example.com", "public"));
  const rc = r.ir.routeConfigs.find((x) => x.name === "http.8080")!;
  assert.deepEqual(rc.virtualHosts.map((v) => [v.name, v.requireTls, v.routes.length]), [["a.example.com:80", true, 1], ["b.example.com:80", true, 0]]);
});

test("a match naming another gateway is dropped for this one", () => {
  const yaml = GATEWAY_SERVICE + "---" + GW + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: split, namespace: shop}
spec:
  hosts: [a.example.com]
  gateways: [public, other]
  http:
  - name: only-other
    match: [{uri: {prefix: /x}, gateways: [other]}]
    route: [{destination: {host: web, port: {number: 8000}}}]
  - name: here
    match: [{uri: {prefix: /}, gateways: [shop/public]}]
    route: [{destination: {host: web, port: {number: 8000}}}]
`;
  const vh = compileGateway(yaml).ir.routeConfigs.find((x) => x.name === "http.8080")!.virtualHosts[0]!;
  assert.deepEqual(vh.routes.map((x) => x.name), ["here"]);
});
