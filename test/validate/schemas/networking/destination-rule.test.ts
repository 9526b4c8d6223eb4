import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { compileForTest } from "../../../../src/validate/ajv-options.js";
import { collectCheckSites, runChecks } from "../../../../src/validate/check-paths.js";
import { DestinationRuleSpec } from "../../../../src/validate/schemas/istio/networking/destination-rule.js";

const validate = compileForTest(DestinationRuleSpec);
const sites = collectCheckSites(DestinationRuleSpec);
const accepts = (spec: unknown) => assert.equal(validate(spec), true, JSON.stringify(validate.errors));
const rejects = (spec: unknown, keyword: string) => {
  assert.equal(validate(spec), false);
  assert.ok(validate.errors!.some((e) => e.keyword === keyword), JSON.stringify(validate.errors));
};
const checkPaths = (spec: unknown) => runChecks(sites, spec).map((f) => f.path.join("."));

const sample = parse(`
host: reviews.prod.svc.cluster.local
exportTo: ["."]
workloadSelector: {matchLabels: {app: reviews}}
trafficPolicy:
  connectionPool:
    tcp: {maxConnections: 100, connectTimeout: 30ms, tcpKeepalive: {time: 7200s, interval: 75s, probes: 9}, idleTimeout: 1h}
    http: {http2MaxRequests: 1000, maxRequestsPerConnection: 10, h2UpgradePolicy: UPGRADE, idleTimeout: 90s}
  loadBalancer:
    consistentHash: {httpCookie: {name: user, ttl: 0s}, ringHash: {minimumRingSize: 1024}}
    localityLbSetting: {enabled: true, failover: [{from: us-east, to: eu-west}]}
    warmup: {duration: 30s, aggression: 1.5}
  outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 50, outlierDetectionHttpErrorCodes: [503]}
  tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem, sni: x.example, insecureSkipVerify: null}
  portLevelSettings:
  - port: {number: 80}
    loadBalancer: {simple: LEAST_REQUEST}
  tunnel: {protocol: CONNECT, targetHost: proxy.example, targetPort: 8080}
  retryBudget: {percent: 20, minRetryConcurrency: 3}
subsets:
- name: v1
  labels: {version: v1}
  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
`);

test("DestinationRule schema: a full example is accepted", () => accepts(sample));

test("DestinationRule schema: host is required; unknown fields are rejected", () => {
  rejects({}, "required");
  rejects({ host: "a", bad: true }, "additionalProperties");
  rejects({ host: "a", trafficPolicy: { tls: { mode: "MUTUAL", clientCert: "x" } } }, "additionalProperties");
  rejects({ host: "a", subsets: [{ labels: { v: "1" } }] }, "required");
});

test("DestinationRule schema: wrong types and bad enums are rejected", () => {
  rejects({ host: "a", trafficPolicy: { loadBalancer: { simple: "FASTEST" } } }, "enum");
  rejects({ host: "a", trafficPolicy: { tls: { mode: "PERMISSIVE" } } }, "enum");
  rejects({ host: "a", trafficPolicy: { connectionPool: { tcp: { maxConnections: "many" } } } }, "type");
  rejects({ host: "a", trafficPolicy: { outlierDetection: { outlierDetectionHttpErrorCodes: [99] } } }, "minimum");
  rejects({ host: "a", trafficPolicy: { loadBalancer: { zoneAwareLbSetting: { minClusterSize: 0 } } } }, "minimum");
  rejects({ host: "a", trafficPolicy: { tunnel: { targetHost: "x" } } }, "required");
});

test("DestinationRule schema: load balancer choices are exclusive, as in the CRD", () => {
  rejects({ host: "a", trafficPolicy: { loadBalancer: { simple: "RANDOM", consistentHash: { useSourceIp: true } } } }, "oneOf");
  rejects({ host: "a", trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, httpHeaderName: "x" } } } }, "oneOf");
  rejects({ host: "a", trafficPolicy: { loadBalancer: { consistentHash: { ringHash: {}, maglev: {} } } } }, "oneOf");
});

test("DestinationRule schema: duration and selector checks sit where the CRD puts its rules", () => {
  assert.deepEqual(checkPaths(sample), []);
  const spec = {
    host: "a",
    workloadSelector: { matchLabels: { "app*": "x", "": "y", ok: "v*" } },
    subsets: [{ name: "v1", trafficPolicy: { outlierDetection: { interval: "0s" }, portLevelSettings: [{ connectionPool: { http: { idleTimeout: "1us" } } }] } }],
  };
  assert.deepEqual(checkPaths(spec).sort(), [
    "subsets.0.trafficPolicy.outlierDetection.interval",
    "subsets.0.trafficPolicy.portLevelSettings.0.connectionPool.http.idleTimeout",
    "workloadSelector.matchLabels",
    "workloadSelector.matchLabels.app*",
    "workloadSelector.matchLabels.ok",
  ]);
});
