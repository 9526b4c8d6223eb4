import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { rule } from "../../../src/validate/semantic/sidecar.js";

const brief = (spec: unknown) => rule(spec, { namespace: "default", name: "sc" }).map((i) => `${i.level} ${i.path.join(".")}`);

test("Sidecar: a sound sidecar has no issues", () => {
  const spec = parse(`
workloadSelector: {labels: {app: ratings}}
ingress:
- port: {number: 9080, protocol: HTTP, name: http}
  defaultEndpoint: 127.0.0.1:8080
  connectionPool: {http: {maxRetries: 3}}
egress:
- port: {number: 0, protocol: HTTP}
  bind: unix:///var/run/egress.sock
  hosts: ["*/*"]
- hosts: ["./*", "istio-system/*"]
outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: proxy.example.com, port: {number: 3128}}}
`);
  assert.deepEqual(brief(spec), []);
});

test("Sidecar: empty configuration and selectors", () => {
  assert.deepEqual(brief({}), ["error spec"]);
  assert.deepEqual(brief({ workloadSelector: {}, egress: [{ hosts: ["*/*"] }] }), ["warning spec.workloadSelector"]);
  assert.deepEqual(brief({ workloadSelector: { labels: { "a*": "b" } }, egress: [{ hosts: ["*/*"] }] }), ["error spec.workloadSelector.labels.a*"]);
});

test("Sidecar: ingress listeners", () => {
  const ing = (l: object) => ({ ingress: [{ port: { number: 9080, protocol: "HTTP", name: "http" }, ...l }] });
  assert.deepEqual(brief(ing({ defaultEndpoint: "10.1.1.1:80" })), ["error spec.ingress.0.defaultEndpoint"]);
  assert.deepEqual(brief(ing({ defaultEndpoint: "127.0.0.1:http" })), ["error spec.ingress.0.defaultEndpoint"]);
  assert.deepEqual(brief(ing({ defaultEndpoint: "unix:///sock" })), []);
  assert.deepEqual(brief(ing({ port: { number: 9080, protocol: "FTP", targetPort: 1 } })), ["error spec.ingress.0.port.targetPort", "error spec.ingress.0.port.protocol"]);
  assert.deepEqual(brief({ ingress: [{ port: { number: 80 } }, { port: { number: 80 } }] }), ["error spec.ingress.1.port.number"]);
  assert.deepEqual(brief(ing({ tls: { mode: "ISTIO_MUTUAL" } })), ["error spec.ingress.0.tls.mode"]);
  assert.deepEqual(brief(ing({ tls: { mode: "SIMPLE", credentialName: "c", subjectAltNames: ["a"] } })), ["error spec.ingress.0.tls.subjectAltNames", "error spec.ingress.0.tls.credentialName"]);
  assert.deepEqual(brief({ ingress: [{ port: { number: 5432, protocol: "TCP" }, connectionPool: { http: { maxRetries: 1 } } }] }), ["warning spec.ingress.0.connectionPool.http"]);
});

test("Sidecar: egress listeners and hosts", () => {
  assert.deepEqual(brief({ egress: [{ hosts: ["*/*"] }, { port: { number: 80 }, hosts: ["*/*"] }] }), ["error spec.egress.0"]);
  assert.deepEqual(brief({ egress: [{ hosts: [] }] }), ["error spec.egress.0.hosts"]);
  assert.deepEqual(brief({ egress: [{ hosts: ["reviews.default.svc.cluster.local"] }] }), ["error spec.egress.0.hosts.0"]);
  assert.deepEqual(brief({ egress: [{ hosts: ["ns/short"] }] }), ["error spec.egress.0.hosts.0"]);
  assert.deepEqual(brief({ egress: [{ hosts: ["ns/*", "ns/a.b.c"] }] }), ["warning spec.egress.0.hosts.1"]);
  assert.deepEqual(brief({ egress: [{ hosts: ["*/*", "ns/a.b"] }] }), ["warning spec.egress.0.hosts"]);
  assert.deepEqual(brief({ egress: [{ port: { number: 0 }, hosts: ["*/*"] }] }), ["error spec.egress.0.bind"]);
  assert.deepEqual(brief({ egress: [{ port: { number: 0 }, bind: "unix:///s", captureMode: "IPTABLES", hosts: ["*/*"] }] }), ["error spec.egress.0.captureMode"]);
  assert.deepEqual(brief({ egress: [{ port: { number: 80 }, hosts: ["*/*"] }, { port: { number: 80 }, hosts: ["*/*"] }] }), ["error spec.egress.1.port.number"]);
});

test("Sidecar: egressProxy needs ALLOW_ANY, an FQDN and a port", () => {
  assert.deepEqual(brief({ outboundTrafficPolicy: { mode: "REGISTRY_ONLY", egressProxy: { host: "a.b", port: { number: 1 } } } }), ["error spec.outboundTrafficPolicy.egressProxy"]);
  assert.deepEqual(brief({ outboundTrafficPolicy: { mode: "ALLOW_ANY", egressProxy: { host: "a.b" } } }), ["error spec.outboundTrafficPolicy.egressProxy.port"]);
  assert.deepEqual(brief({ outboundTrafficPolicy: { mode: "ALLOW_ANY", egressProxy: { host: "*.b", port: { number: 1 } } } }), ["error spec.outboundTrafficPolicy.egressProxy.host"]);
});
