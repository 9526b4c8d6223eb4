import { test } from "node:test";
import assert from "node:assert/strict";
import { rule } from "../../../src/validate/semantic/gateway.js";

const brief = (spec: unknown, name = "gw") => rule(spec, { namespace: "default", name }).map((i) => `${i.level} ${i.path.join(".")}`);
const server = (port: object, more: object = {}) => ({ port: { number: 80, name: "http", protocol: "HTTP", ...port }, hosts: ["*"], ...more });
const gw = (...servers: object[]) => ({ servers });

test("Gateway: a sound gateway has no issues", () => {
  assert.deepEqual(brief(gw(
    server({}, { hosts: ["ns1/*.example.com", "*"], tls: { httpsRedirect: true } }),
    server({ number: 443, name: "https", protocol: "HTTPS" }, { tls: { mode: "SIMPLE", credentialName: "cert" } }),
    server({ number: 15443, name: "tls", protocol: "TLS" }, { hosts: ["*.local"], tls: { mode: "AUTO_PASSTHROUGH" } }),
    server({ number: 3306, name: "mysql", protocol: "MySQL" }, { hosts: ["*"], bind: "0.0.0.0" }),
  )), []);
});

test("Gateway: name, servers, hosts", () => {
  assert.deepEqual(brief(gw(server({})), "my.gateway"), ["error metadata.name"]);
  assert.deepEqual(brief(gw()), ["error spec.servers"]);
  assert.deepEqual(brief(gw(server({}, { hosts: [] }))), ["error spec.servers.0.hosts"]);
  assert.deepEqual(brief(gw(server({}, { hosts: ["foo"] }))), ["error spec.servers.0.hosts.0"]);
  assert.deepEqual(brief(gw(server({}, { hosts: ["ns/foo*.com"] }))), ["error spec.servers.0.hosts.0", "error spec.servers.0.hosts.0"]);
  assert.deepEqual(brief(gw(server({}, { hosts: ["Bad_NS/a.com"] }))), ["error spec.servers.0.hosts.0"]);
  assert.deepEqual(brief(gw(server({}, { hosts: ["10.0.0.1"] }))), []); // gateways accept IPs as hosts
});

test("Gateway: ports, protocols, binds and unique port names", () => {
  assert.deepEqual(brief(gw(server({ protocol: "SMTP" }))), ["error spec.servers.0.port.protocol"]);
  assert.deepEqual(brief(gw(server({ number: 0 }))), ["error spec.servers.0.port.number"]);
  assert.deepEqual(brief(gw(server({ targetPort: 8080 }))), ["error spec.servers.0.port.targetPort"]);
  assert.deepEqual(brief(gw(server({ name: "" }))), ["error spec.servers.0.port.name"]);
  assert.deepEqual(brief(gw(server({}), server({ number: 8080 }))), ["error spec.servers.1.port.name"]);
  assert.deepEqual(brief(gw(server({ number: 0 }, { bind: "unix:///var/run/gw.sock" }))), []);
  assert.deepEqual(brief(gw(server({}, { bind: "unix://relative" }))), ["error spec.servers.0.bind", "error spec.servers.0.port.number"]);
  assert.deepEqual(brief(gw(server({}, { bind: "localhost" }))), ["error spec.servers.0.bind"]);
});

test("Gateway: TLS settings must fit the protocol and the mode", () => {
  const https = (tls?: object) => gw(server({ number: 443, name: "https", protocol: "HTTPS" }, tls ? { tls } : {}));
  assert.deepEqual(brief(https()), ["error spec.servers.0.tls"]);
  assert.deepEqual(brief(https({ mode: "SIMPLE" })), ["error spec.servers.0.tls.serverCertificate", "error spec.servers.0.tls.privateKey"]);
  assert.deepEqual(brief(https({ mode: "MUTUAL", serverCertificate: "/c", privateKey: "/k" })), ["error spec.servers.0.tls.caCertificates"]);
  assert.deepEqual(brief(https({ mode: "SIMPLE", credentialNames: ["a"] })), []);
  assert.deepEqual(brief(https({ mode: "ISTIO_MUTUAL", credentialName: "c" })), ["error spec.servers.0.tls.credentialName"]);
  assert.deepEqual(brief(https({ mode: "PASSTHROUGH", serverCertificate: "/c" })), ["warning spec.servers.0.tls"]);
  assert.deepEqual(brief(https({ mode: "SIMPLE", serverCertificate: "/c", privateKey: "/k", caCrl: "/crl" })), ["error spec.servers.0.tls.caCrl"]);
  assert.deepEqual(brief(https({ mode: "SIMPLE", credentialName: "c", minProtocolVersion: "TLSV1_1" })), ["warning spec.servers.0.tls.minProtocolVersion"]);
  assert.deepEqual(brief(gw(server({}, { tls: { mode: "SIMPLE", credentialName: "c" } }))), ["error spec.servers.0.tls"]);
  assert.deepEqual(brief(gw(server({ protocol: "TCP" }, { tls: { httpsRedirect: true } }))), ["error spec.servers.0.tls", "warning spec.servers.0.tls.httpsRedirect"]);
});

test("Gateway: never throws on odd input", () => {
  assert.doesNotThrow(() => brief(null));
  assert.doesNotThrow(() => brief({ servers: [null, { port: null, hosts: [null] }] }));
});
