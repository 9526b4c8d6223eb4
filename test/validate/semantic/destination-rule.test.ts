import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { rule } from "../../../src/validate/semantic/destination-rule.js";

const ctx = { namespace: "default", name: "dr" };
const brief = (spec: unknown) => rule(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);
const tp = (trafficPolicy: object) => ({ host: "reviews", trafficPolicy });

test("DestinationRule: a sound rule has no issues", () => {
  const spec = parse(`
host: reviews.default.svc.cluster.local
trafficPolicy:
  connectionPool: {tcp: {connectTimeout: 30ms}, http: {http2MaxRequests: 10}}
  outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}
  loadBalancer:
    consistentHash: {maglev: {tableSize: 65537}, httpHeaderName: x-user}
    localityLbSetting: {distribute: [{from: "us-west/zone1/*", to: {"us-west/zone1/*": 80, "us-west/zone2/*": 20}}]}
  tls: {mode: SIMPLE, credentialName: client-cert}
  portLevelSettings: [{port: {number: 80}, loadBalancer: {simple: LEAST_REQUEST}}]
subsets:
- {name: v1, labels: {version: v1}}
- {name: v2, labels: {version: v2}, trafficPolicy: {tunnel: {targetHost: 10.0.0.1, targetPort: 8080}}}
exportTo: ["."]
`);
  assert.deepEqual(brief(spec), []);
});

test("DestinationRule: host must be a valid (wildcard) domain", () => {
  assert.deepEqual(brief({ host: "reviews*.default" }), ["error spec.host"]);
  assert.deepEqual(brief({ host: "*.default.svc.cluster.local" }), []);
});

test("DestinationRule: subset names are unique DNS labels and labels are valid", () => {
  assert.deepEqual(brief({ host: "a", subsets: [{ name: "v1" }, { name: "v1" }] }), ["error spec.subsets.1.name"]);
  assert.deepEqual(brief({ host: "a", subsets: [{ name: "V.1" }] }), ["error spec.subsets.0.name"]);
  assert.deepEqual(brief({ host: "a", subsets: [{ name: "v1", labels: { version: "not valid" } }] }), ["error spec.subsets.0.labels"]);
});

test("DestinationRule: traffic policy rules", () => {
  assert.deepEqual(brief(tp({})), ["error spec.trafficPolicy"]);
  assert.deepEqual(brief(tp({ tunnel: { targetHost: "a.b", targetPort: 80 }, proxyProtocol: { version: "V1" } })), ["error spec.trafficPolicy"]);
  assert.deepEqual(brief(tp({ connectionPool: {} })), ["error spec.trafficPolicy.connectionPool"]);
  assert.deepEqual(brief(tp({ connectionPool: { http: { maxRetries: -1, h2UpgradePolicy: "UPGRADE", useClientProtocol: true } } })), [
    "error spec.trafficPolicy.connectionPool.http.maxRetries", "error spec.trafficPolicy.connectionPool.http",
  ]);
  assert.deepEqual(brief(tp({ connectionPool: { tcp: { idleTimeout: "1.5ms" } } })), ["error spec.trafficPolicy.connectionPool.tcp.idleTimeout"]);
  assert.deepEqual(brief(tp({ outlierDetection: { consecutiveErrors: 5 } })), ["warning spec.trafficPolicy.outlierDetection.consecutiveErrors"]);
  assert.deepEqual(brief(tp({ outlierDetection: { consecutiveLocalOriginFailures: 3, maxEjectionPercent: 120 } })), [
    "error spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures", "error spec.trafficPolicy.outlierDetection.maxEjectionPercent",
  ]);
  assert.deepEqual(brief(tp({ loadBalancer: { consistentHash: { maglev: { tableSize: 100 } } } })), ["error spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize"]);
  assert.deepEqual(brief(tp({ loadBalancer: { consistentHash: { minimumRingSize: 8, ringHash: {} } } })), [
    "warning spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize", "error spec.trafficPolicy.loadBalancer.consistentHash",
  ]);
  assert.deepEqual(brief(tp({ tunnel: { protocol: "GET", targetHost: "not valid", targetPort: 0 } })), [
    "error spec.trafficPolicy.tunnel.protocol", "error spec.trafficPolicy.tunnel.targetHost", "error spec.trafficPolicy.tunnel.targetPort",
  ]);
  assert.deepEqual(brief(tp({ portLevelSettings: [{ port: { number: 80 } }] })), ["error spec.trafficPolicy.portLevelSettings.0"]);
});

test("DestinationRule: locality settings", () => {
  const lb = (localityLbSetting: object, extra: object = {}) => tp({ loadBalancer: { localityLbSetting }, ...extra });
  assert.deepEqual(brief(lb({ distribute: [{ from: "a", to: { b: 100 } }], failover: [{ from: "a", to: "b" }] })), ["error spec.trafficPolicy.loadBalancer.localityLbSetting"]);
  assert.deepEqual(brief(lb({ distribute: [{ from: "a/*", to: { b: 60, c: 30 } }] })), ["error spec.trafficPolicy.loadBalancer.localityLbSetting.distribute.0.to"]);
  assert.deepEqual(brief(lb({ distribute: [{ from: "a/*/c", to: { b: 100 } }] })), ["error spec.trafficPolicy.loadBalancer.localityLbSetting.distribute"]);
  assert.deepEqual(brief(lb({ failover: [{ from: "us", to: "us" }] }, { outlierDetection: {} })), ["error spec.trafficPolicy.loadBalancer.localityLbSetting.failover.0"]);
  assert.deepEqual(brief(lb({ failover: [{ from: "us", to: "eu" }] })), ["warning spec.trafficPolicy.loadBalancer.localityLbSetting"]);
});

test("DestinationRule: client TLS rules", () => {
  assert.deepEqual(brief(tp({ tls: { mode: "MUTUAL" } })), ["error spec.trafficPolicy.tls.clientCertificate", "error spec.trafficPolicy.tls.privateKey"]);
  assert.deepEqual(brief(tp({ tls: { mode: "SIMPLE", credentialName: "c", caCertificates: "/ca" } })), ["error spec.trafficPolicy.tls"]);
  assert.deepEqual(brief(tp({ tls: { mode: "SIMPLE", insecureSkipVerify: true, subjectAltNames: ["a"] } })), ["error spec.trafficPolicy.tls"]);
});

test("DestinationRule: exportTo with a workload selector stays in the namespace; empty selector warns", () => {
  assert.deepEqual(brief({ host: "a", workloadSelector: { matchLabels: { app: "a" } }, exportTo: ["*"] }), ["error spec.exportTo"]);
  assert.deepEqual(brief({ host: "a", workloadSelector: { matchLabels: { app: "a" } }, exportTo: ["."] }), []);
  assert.deepEqual(brief({ host: "a", workloadSelector: {} }), ["warning spec.workloadSelector"]);
});
