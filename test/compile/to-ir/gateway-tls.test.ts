/** Gateway TLS modes and L4 routing: SIMPLE, MUTUAL, ISTIO_MUTUAL, PASSTHROUGH, AUTO_PASSTHROUGH, TCP; the egress gateway pattern. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileYaml } from "../compile-helpers.js";
import { compileGateway, GATEWAY_SERVICE } from "./gateway-helpers.js";

const server = (port: number, name: string, protocol: string, hosts: string, tls: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: ${port}, name: ${name}, protocol: ${protocol}}
    hosts: [${hosts}]
    tls: ${tls}
---`;

const chainsOf = (yaml: string, listener: string) => compileGateway(GATEWAY_SERVICE + "---" + yaml).ir.listeners.find((l) => l.name === listener)?.chains ?? [];

test("SIMPLE: kubernetes://<credentialName>, no client certificate; MUTUAL adds -cacert validation", () => {
  const [simple] = chainsOf(server(443, "https", "HTTPS", "a.example.com", "{mode: SIMPLE, credentialName: a-cert}"), "0.0.0.0_8443");
  assert.deepEqual([simple!.tls?.certificate, simple!.tls?.validation, simple!.tls?.requireClientCertificate], ["kubernetes://a-cert", undefined, false]);
  const [mutual] = chainsOf(server(443, "https", "HTTPS", "a.example.com", "{mode: MUTUAL, credentialName: a-cert, subjectAltNames: [client.example.com]}"), "0.0.0.0_8443");
  assert.deepEqual([mutual!.tls?.certificate, mutual!.tls?.validation, mutual!.tls?.requireClientCertificate, mutual!.tls?.sanExact], ["kubernetes://a-cert", "kubernetes://a-cert-cacert", true, ["client.example.com"]]);
  const [optional] = chainsOf(server(443, "https", "HTTPS", "a.example.com", "{mode: OPTIONAL_MUTUAL, credentialName: a-cert}"), "0.0.0.0_8443");
  assert.deepEqual([optional!.tls?.validation, optional!.tls?.requireClientCertificate], ["kubernetes://a-cert-cacert", false]);
});

test("ISTIO_MUTUAL uses the workload certificate and ROOTCA; a server without a certificate is a diagnostic", () => {
  const [c] = chainsOf(server(443, "https", "HTTPS", "a.example.com", "{mode: ISTIO_MUTUAL}"), "0.0.0.0_8443");
  assert.deepEqual([c!.tls?.certificate, c!.tls?.validation, c!.tls?.requireClientCertificate], ["default", "ROOTCA", true]);
  const r = compileGateway(GATEWAY_SERVICE + "---" + server(443, "https", "HTTPS", "a.example.com", "{mode: SIMPLE}"));
  assert.equal(r.diagnostics.filter((d) => d.code === "MSH-compile-gateway-tls").length, 1);
  assert.deepEqual(r.ir.listeners, []);
});

test("secrets list every kubernetes:// name; nothing is inlined", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + server(443, "https", "HTTPS", "a.example.com", "{mode: MUTUAL, credentialName: a-cert}"));
  assert.ok(r.ir.secrets.includes("kubernetes://a-cert") && r.ir.secrets.includes("kubernetes://a-cert-cacert"));
  assert.deepEqual(r.secrets, []);
  assert.deepEqual(r.diagnostics.filter((d) => d.code === "MSH-compile-reference"), []);
});

test("PASSTHROUGH: one tcp_proxy chain per VirtualService tls[] SNI match", () => {
  const yaml = server(443, "tls", "TLS", "\"*.example.com\"", "{mode: PASSTHROUGH}") + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: sni, namespace: shop}
spec:
  hosts: ["*.example.com"]
  gateways: [tls]
  tls:
  - match: [{sniHosts: [a.example.com]}]
    route: [{destination: {host: web, port: {number: 8443}}}]
`;
  const chains = chainsOf(yaml, "0.0.0.0_8443");
  assert.deepEqual(chains.map((c) => [c.match.serverNames, c.terminal.kind === "tcp" && c.terminal.cluster, c.tls]), [[["a.example.com"], "outbound|8443||web.shop.svc.cluster.local", undefined]]);
});

test("AUTO_PASSTHROUGH: chains per mesh service port by DNS-SRV SNI, with SNI-DNAT clusters", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + server(15443, "tls", "TLS", "\"*.shop.svc.cluster.local\"", "{mode: AUTO_PASSTHROUGH}"));
  const l = r.ir.listeners.find((x) => x.name === "0.0.0.0_15443")!;
  assert.deepEqual(l.chains.map((c) => c.match.serverNames![0]), ["outbound_.8000_._.web.shop.svc.cluster.local", "outbound_.8443_._.web.shop.svc.cluster.local"]);
  const dnat = r.ir.clusters.find((c) => c.name === "outbound_.8000_._.web.shop.svc.cluster.local")!;
  assert.equal(dnat.tls, undefined);
  assert.ok(r.ir.endpoints.some((e) => e.clusterName === dnat.name));
});

test("TCP server: the first bound VirtualService tcp[] route; none → no listener", () => {
  const tcp = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: tcp, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 9000, name: tcp, protocol: TCP}
    hosts: ["*"]
---`;
  assert.deepEqual(chainsOf(tcp, "0.0.0.0_9000"), []);
  const withRoute = tcp + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [tcp]
  tcp:
  - match: [{port: 9000}]
    route: [{destination: {host: web, port: {number: 8000}}}]
`;
  const [c] = chainsOf(withRoute, "0.0.0.0_9000");
  assert.equal(c!.terminal.kind === "tcp" && c!.terminal.cluster, "outbound|8000||web.shop.svc.cluster.local");
});

const EGRESS = `
apiVersion: v1
kind: Service
metadata: {name: egress, namespace: istio-system}
spec:
  clusterIP: 10.96.0.3
  selector: {istio: egressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: cnn, namespace: default}
spec:
  hosts: [edition.cnn.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress, namespace: default}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [edition.cnn.com]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress, namespace: default}
spec:
  host: egress.istio-system.svc.cluster.local
  subsets: [{name: cnn}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cnn-via-egress, namespace: default}
spec:
  hosts: [edition.cnn.com]
  gateways: [egress, mesh]
  http:
  - match: [{gateways: [mesh], port: 80}]
    route: [{destination: {host: egress.istio-system.svc.cluster.local, subset: cnn, port: {number: 80}}}]
  - match: [{gateways: [egress], port: 80}]
    route: [{destination: {host: edition.cnn.com, port: {number: 80}}}]
`;

test("egress gateway pattern: the sidecar routes to the egress gateway, the gateway to the external host", () => {
  const side = compileYaml(EGRESS);
  const vh = side.ir.routeConfigs.find((x) => x.name === "80")!.virtualHosts.find((v) => v.domains.includes("edition.cnn.com"))!;
  assert.equal(vh.routes[0]!.action.kind === "forward" && vh.routes[0]!.action.clusters[0]!.name, "outbound|80|cnn|egress.istio-system.svc.cluster.local");
  const gw = compileGateway(EGRESS, { proxy: { id: "egress.istio-system", labels: { istio: "egressgateway" }, ips: ["10.0.0.3"] } });
  const rc = gw.ir.routeConfigs.find((x) => x.name === "http.8080")!;
  assert.deepEqual(rc.virtualHosts.map((v) => v.name), ["edition.cnn.com:80"]);
  const r = rc.virtualHosts[0]!.routes;
  assert.equal(r.length, 1);
  assert.equal(r[0]!.action.kind === "forward" && r[0]!.action.clusters[0]!.name, "outbound|80||edition.cnn.com");
  assert.ok(gw.ir.clusters.some((c) => c.name === "outbound|80||edition.cnn.com"));
  assert.deepEqual([...side.diagnostics, ...gw.diagnostics].filter((d) => d.code === "MSH-compile-reference"), []);
});
