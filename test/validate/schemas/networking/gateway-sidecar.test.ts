import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { compileForTest } from "../../../../src/validate/ajv-options.js";
import { collectCheckSites, runChecks } from "../../../../src/validate/check-paths.js";
import { GatewaySpec } from "../../../../src/validate/schemas/istio/networking/gateway.js";
import { SidecarSpec } from "../../../../src/validate/schemas/istio/networking/sidecar.js";

function harness(schema: object) {
  const validate = compileForTest(schema);
  const sites = collectCheckSites(schema);
  return {
    accepts: (spec: unknown) => assert.equal(validate(spec), true, JSON.stringify(validate.errors)),
    rejects: (spec: unknown, keyword: string) => {
      assert.equal(validate(spec), false);
      assert.ok(validate.errors!.some((e) => e.keyword === keyword), JSON.stringify(validate.errors));
    },
    checks: (spec: unknown) => runChecks(sites, spec).map((f) => `${f.path.join(".")}: ${f.message}`),
  };
}

const gw = harness(GatewaySpec);
const gateway = parse(`
selector: {istio: ingressgateway}
servers:
- port: {number: 443, name: https, protocol: HTTPS}
  hosts: ["bookinfo/*.example.com"]
  tls: {mode: SIMPLE, credentialName: cert, minProtocolVersion: TLSV1_2, insecureSkipVerify: null}
- port: {number: 80, name: http, protocol: HTTP}
  hosts: ["*"]
  tls: {httpsRedirect: true}
`);

test("Gateway schema: accepts a typical gateway; rejects unknown fields, bad enums, missing port fields", () => {
  gw.accepts(gateway);
  gw.rejects({ ...gateway, bad: 1 }, "additionalProperties");
  gw.rejects({ servers: [{ port: { number: 80, name: "h", protocol: "HTTP" }, hosts: ["*"], tls: { mode: "STRICT" } }] }, "enum");
  gw.rejects({ servers: [{ port: { number: 80, name: "h" }, hosts: ["*"] }] }, "required");
  gw.rejects({ servers: [{ port: { number: 80, name: "h", protocol: "HTTP" } }] }, "required");
  gw.rejects({ servers: [{ port: { number: "80", name: "h", protocol: "HTTP" }, hosts: ["*"] }] }, "type");
  gw.rejects({ servers: [{ port: { number: 80, name: "h", protocol: "HTTP" }, hosts: ["*"], tls: { credentialNames: [] } }] }, "minItems");
});

test("Gateway schema: TLS certificate sources are exclusive (server-tls-credential-sources)", () => {
  assert.deepEqual(gw.checks(gateway), []);
  const server = (tls: object) => ({ servers: [{ port: { number: 443, name: "s", protocol: "HTTPS" }, hosts: ["*"], tls }] });
  assert.deepEqual(gw.checks(server({ credentialNames: ["a"], tlsCertificates: [{ serverCertificate: "c" }] })).length, 1);
  assert.deepEqual(gw.checks(server({ credentialName: "a", credentialNames: ["b"] })).length, 1);
  assert.deepEqual(gw.checks(server({ credentialNames: ["a", "b"] })), []);
  assert.deepEqual(gw.checks(server({ tlsCertificates: [{ serverCertificate: "c", privateKey: "k" }] })), []);
});

const sc = harness(SidecarSpec);
const sidecar = parse(`
workloadSelector: {labels: {app: ratings}}
ingress:
- port: {number: 9080, protocol: HTTP, name: somename}
  defaultEndpoint: 127.0.0.1:8080
  captureMode: NONE
  connectionPool: {http: {maxRetries: 3}}
  tls: {mode: SIMPLE, privateKey: /k, serverCertificate: /c}
egress:
- port: {number: 9080, protocol: HTTP, name: egresshttp}
  hosts: ["prod-us1/*"]
- hosts: ["istio-system/*"]
outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: proxy.example.com, port: {number: 3128}}}
inboundConnectionPool: {tcp: {connectTimeout: 1s}}
`);

test("Sidecar schema: accepts a typical sidecar; rejects unknown fields, bad enums, missing required fields", () => {
  sc.accepts(sidecar);
  sc.rejects({ ...sidecar, bad: 1 }, "additionalProperties");
  sc.rejects({ egress: [{ hosts: ["*/*"], captureMode: "TPROXY" }] }, "enum");
  sc.rejects({ egress: [{ port: { number: 80 } }] }, "required");
  sc.rejects({ ingress: [{ defaultEndpoint: "127.0.0.1:80" }] }, "required");
  sc.rejects({ outboundTrafficPolicy: { egressProxy: { port: { number: 80 } } } }, "required");
  sc.rejects({ workloadSelector: { labels: { app: 1 } } }, "type");
});

test("Sidecar schema: selector values, ingress TLS and pool durations carry their checks", () => {
  assert.deepEqual(sc.checks(sidecar), []);
  const found = sc.checks({
    workloadSelector: { labels: { app: "rat*" } },
    ingress: [{ port: { number: 1 }, tls: { credentialName: "a", credentialNames: ["b"] }, connectionPool: { tcp: { connectTimeout: "0s" } } }],
    inboundConnectionPool: { http: { http2KeepAlive: { timeout: "0ms" } } },
  });
  assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), [
    "inboundConnectionPool.http.http2KeepAlive.timeout",
    "ingress.0.connectionPool.tcp.connectTimeout",
    "ingress.0.tls",
    "workloadSelector.labels.app",
  ]);
});
