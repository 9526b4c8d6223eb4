/** Gateway server planning: selection, Service port → listener port, merging and conflicts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGateway, GATEWAY_SERVICE } from "./gateway-helpers.js";

const gw = (name: string, ns: string, servers: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
---`;

test("a server port is a Service port: the listener binds its targetPort; an unknown port is used as is", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + gw("g", "shop", `  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n  - port: {number: 9000, name: http-extra, protocol: HTTP}\n    hosts: ["*"]`));
  assert.deepEqual(r.ir.listeners.map((l) => l.name), ["0.0.0.0_8080", "0.0.0.0_9000"]);
  assert.deepEqual(r.ir.gateway?.ports, [{ server: 80, listener: 8080 }, { server: 9000, listener: 9000 }]);
  assert.deepEqual(r.ir.routeConfigs.map((x) => x.name), ["http.8080", "http.9000"]);
  assert.equal(r.ir.proxy.type, "router");
  assert.ok(!r.ir.listeners.some((l) => l.name === "virtualOutbound" || l.name === "virtualInbound"));
});

test("Gateways whose selector does not match the router do not apply", () => {
  const other = gw("g", "shop", `  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]`).replace("istio: ingressgateway", "istio: egressgateway");
  const r = compileGateway(GATEWAY_SERVICE + "---" + other);
  assert.deepEqual(r.ir.listeners, []);
});

test("plaintext HTTP servers on one port merge into one route configuration", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + gw("a", "shop", `  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [a.example.com]`) + gw("b", "shop", `  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [b.example.com]`));
  assert.equal(r.ir.listeners.length, 1);
  assert.equal(r.ir.listeners[0]!.chains.length, 1);
  assert.deepEqual(r.diagnostics.filter((d) => d.code === "MSH-compile-gateway-conflict"), []);
});

test("HTTP and TCP servers on one port conflict: the oldest wins, the other is a diagnostic", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + gw("alpha", "shop", `  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [a.example.com]`) + gw("beta", "shop", `  - port: {number: 80, name: tcp, protocol: TCP}\n    hosts: [a.example.com]`));
  const conflicts = r.diagnostics.filter((d) => d.code === "MSH-compile-gateway-conflict");
  assert.equal(conflicts.length, 1);
  assert.deepEqual(conflicts[0]!.resource, { kind: "Gateway", namespace: "shop", name: "beta" });
  assert.equal(conflicts[0]!.path, "spec.servers[0]");
  assert.equal(r.ir.listeners[0]!.chains[0]!.terminal.kind, "http");
});

test("TLS servers on one port each get a chain; a server whose hosts are all taken is rejected", () => {
  const https = (cred: string, host: string) => `  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [${host}]\n    tls: {mode: SIMPLE, credentialName: ${cred}}`;
  const r = compileGateway(GATEWAY_SERVICE + "---" + gw("a", "shop", https("a-cert", "a.example.com")) + gw("b", "shop", https("b-cert", "b.example.com")) + gw("c", "shop", https("c-cert", "a.example.com")));
  const l = r.ir.listeners.find((x) => x.name === "0.0.0.0_8443")!;
  assert.deepEqual(l.chains.map((c) => c.match.serverNames), [["a.example.com"], ["b.example.com"]]);
  assert.deepEqual(l.listenerFilters, [{ kind: "tls_inspector" }]);
  assert.equal(r.diagnostics.filter((d) => d.code === "MSH-compile-gateway-conflict").length, 1);
});

test("a Gateway bound through internal.istio.io/gateway-service only gets ports its Services expose", () => {
  const yaml = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ingress-se, namespace: istio-system}
spec:
  hosts: [ingress.example.internal]
  ports: [{number: 80, targetPort: 8080, name: http, protocol: HTTP}]
  resolution: STATIC
  location: MESH_INTERNAL
  endpoints: [{address: 10.0.0.2}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: g
  namespace: istio-system
  annotations: {internal.istio.io/gateway-service: ingress.example.internal}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
  - port: {number: 82, name: http-82, protocol: HTTP}
    hosts: ["*"]
`;
  const r = compileGateway(yaml);
  assert.deepEqual(r.ir.listeners.map((l) => l.name), ["0.0.0.0_8080"]);
});
