/** DestinationRule traffic policy → cluster fields: which rule applies, LB, consistent hash, pool, outlier detection, TLS modes, auto mTLS. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cluster, compileYaml, routes, service } from "../compile-helpers.js";

const REVIEWS = service("reviews", "default", [{ name: "http", port: 9080 }], { endpoints: [{ ip: "10.1.0.1", labels: { version: "v1" } }, { ip: "10.1.0.2", labels: { version: "v2" } }] });
const C = "outbound|9080||reviews.default.svc.cluster.local";
const dr = (spec: string, ns = "default", name = "reviews") => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}}
spec:
  host: reviews.default.svc.cluster.local
${spec}
`;

test("load balancer: default LEAST_REQUEST; simple ROUND_ROBIN / RANDOM; PASSTHROUGH → ORIGINAL_DST without endpoints", () => {
  assert.equal(cluster(compileYaml(REVIEWS), C).lbPolicy, "LEAST_REQUEST");
  assert.equal(cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}")), C).lbPolicy, "ROUND_ROBIN");
  assert.equal(cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {simple: RANDOM}}")), C).lbPolicy, "RANDOM");
  const pt = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {simple: PASSTHROUGH}}")), C);
  assert.deepEqual([pt.discovery, pt.lbPolicy, pt.loadAssignment], ["ORIGINAL_DST", "CLUSTER_PROVIDED", undefined]);
});

test("consistent hash → RING_HASH (or MAGLEV) on the cluster and a hash policy on the route, without the previous-hosts retry predicate", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {consistentHash: {httpCookie: {name: session, ttl: 60s}}}}"));
  assert.deepEqual([cluster(r, C).lbPolicy, cluster(r, C).ringHashMinimumRingSize], ["RING_HASH", 1024]);
  const route = routes(r, "9080", "reviews.default.svc.cluster.local:9080")[0]!;
  assert.equal(route.action.kind, "forward");
  if (route.action.kind !== "forward") return;
  assert.deepEqual(route.action.hashPolicy, [{ cookie: { name: "session", ttl: "60s" } }]);
  assert.equal(route.action.retry?.previousHosts, false);
  const maglev = compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 65537}}}}"));
  assert.deepEqual([cluster(maglev, C).lbPolicy, cluster(maglev, C).maglevTableSize], ["MAGLEV", 65537]);
});

test("connection pool → circuit breakers, connect timeout, HTTP protocol options", () => {
  const c = cluster(
    compileYaml(REVIEWS + dr("  trafficPolicy:\n    connectionPool:\n      tcp: {maxConnections: 10, connectTimeout: 3s, tcpKeepalive: {probes: 3, time: 60s, interval: 10s}}\n      http: {http1MaxPendingRequests: 5, http2MaxRequests: 50, maxRetries: 4, idleTimeout: 30s, maxRequestsPerConnection: 1, h2UpgradePolicy: UPGRADE}")),
    C,
  );
  assert.deepEqual(c.circuitBreakers, { maxConnections: 10, maxPendingRequests: 5, maxRequests: 50, maxRetries: 4 });
  assert.equal(c.connectTimeout, "3s");
  assert.deepEqual(c.tcpKeepalive, { probes: 3, time: 60, interval: 10 });
  assert.deepEqual(c.http, { idleTimeout: "30s", maxRequestsPerConnection: 1, http2: true });
});

test("outlier detection → outlier settings and healthy panic threshold (0 unless minHealthPercent)", () => {
  const c = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {outlierDetection: {consecutive5xxErrors: 7, interval: 5s, baseEjectionTime: 1m, maxEjectionPercent: 50}}")), C);
  assert.deepEqual(c.outlierDetection, { consecutive5xx: 7, interval: "5s", baseEjectionTime: "1m", maxEjectionPercent: 50 });
  assert.equal(c.healthyPanicThreshold, 0);
});

test("subsets: one cluster each, endpoints filtered by labels, subset policy overrides the top-level one", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}, trafficPolicy: {loadBalancer: {simple: RANDOM}}}"));
  assert.equal(cluster(r, "outbound|9080|v1|reviews.default.svc.cluster.local").lbPolicy, "ROUND_ROBIN");
  assert.equal(cluster(r, "outbound|9080|v2|reviews.default.svc.cluster.local").lbPolicy, "RANDOM");
  const eps = r.ir.endpoints.find((e) => e.clusterName === "outbound|9080|v2|reviews.default.svc.cluster.local")!;
  assert.deepEqual(eps.groups.flatMap((g) => g.endpoints.map((e) => e.address)), ["10.1.0.2"]);
});

test("port-level settings override the top-level policy for their port", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy:\n    loadBalancer: {simple: RANDOM}\n    portLevelSettings:\n    - port: {number: 9080}\n      loadBalancer: {simple: ROUND_ROBIN}"));
  assert.equal(cluster(r, C).lbPolicy, "ROUND_ROBIN");
});

test("which rule applies: the proxy's namespace first, then the service's, then the root namespace", () => {
  const inRoot = dr("  trafficPolicy: {loadBalancer: {simple: RANDOM}}", "istio-system", "root");
  const inSvc = dr("  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}", "default", "svc");
  const inProxy = dr("  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}\n  exportTo: [.]", "client", "mine");
  const proxy = { proxy: { namespace: "client" } };
  assert.equal(cluster(compileYaml(REVIEWS + inRoot, proxy), C).lbPolicy, "RANDOM");
  assert.equal(cluster(compileYaml(REVIEWS + inRoot + inSvc, proxy), C).lbPolicy, "ROUND_ROBIN");
  const all = cluster(compileYaml(REVIEWS + inRoot + inSvc + inProxy, proxy), C);
  assert.equal(all.metadata?.config, "/apis/networking.istio.io/v1/namespaces/client/destination-rule/mine");
});

test("TLS DISABLE: plaintext, and auto mTLS is off", () => {
  assert.equal(cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: DISABLE}}")), C).tls, undefined);
});

test("TLS ISTIO_MUTUAL: explicit Istio mTLS with the SNI of the cluster and SANs of the endpoints' service accounts", () => {
  const c = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}")), C);
  assert.deepEqual(c.tls, { mode: "istio", auto: false, sni: "outbound_.9080_._.reviews.default.svc.cluster.local", alpn: ["istio-peer-exchange", "istio"], sans: ["spiffe://cluster.local/ns/default/sa/reviews"] });
});

test("TLS SIMPLE: file-root CA (system by default), auto SNI and SAN validation when unset; alpn_override=false", () => {
  const c = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: SIMPLE}}")), C);
  assert.deepEqual(c.tls, { mode: "simple", sans: ["spiffe://cluster.local/ns/default/sa/reviews"], caSecret: "file-root:system" });
  assert.equal(c.metadata?.alpnOverride, false);
  assert.equal(c.http?.autoSni, true);
  const withSni = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: SIMPLE, sni: reviews.example.com, caCertificates: /etc/ca.pem, subjectAltNames: [reviews.example.com]}}")), C);
  assert.deepEqual(withSni.tls, { mode: "simple", sans: ["reviews.example.com"], sni: "reviews.example.com", caSecret: "file-root:/etc/ca.pem" });
});

test("TLS MUTUAL: client certificate from files, or from credentialName only with a workloadSelector", () => {
  const files = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem, caCertificates: /ca.pem}}")), C);
  assert.deepEqual([files.tls?.mode, files.tls?.mode !== "istio" && files.tls?.certSecret, files.tls?.mode !== "istio" && files.tls?.caSecret], ["mutual", "file-cert:/c.pem~/k.pem", "file-root:/ca.pem"]);
  const cred = dr("  workloadSelector: {matchLabels: {app: client}}\n  trafficPolicy: {tls: {mode: MUTUAL, credentialName: reviews-client}}");
  const r = compileYaml(REVIEWS + cred);
  const c = cluster(r, C);
  assert.deepEqual([c.tls?.mode !== "istio" && c.tls?.certSecret, c.tls?.mode !== "istio" && c.tls?.caSecret], ["kubernetes://reviews-client", "kubernetes://reviews-client-cacert"]);
  assert.ok(r.ir.secrets.includes("kubernetes://reviews-client"));
  const noSelector = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: MUTUAL, credentialName: reviews-client}}")), C);
  assert.equal(noSelector.tls, undefined, "credentialName on a sidecar needs a workloadSelector");
});

test("auto mTLS: no DestinationRule TLS → Istio mTLS marked auto, endpoints opted in by tlsMode; never for mesh-external or ORIGINAL_DST", () => {
  const r = compileYaml(REVIEWS);
  assert.deepEqual(cluster(r, C).tls, { mode: "istio", auto: true, sni: "outbound_.9080_._.reviews.default.svc.cluster.local", alpn: ["istio-peer-exchange", "istio"], sans: ["spiffe://cluster.local/ns/default/sa/reviews"] });
  assert.ok(r.ir.endpoints.find((e) => e.clusterName === C)!.groups[0]!.endpoints.every((e) => e.istioMtls === true));
  const off = compileYaml(REVIEWS, { mesh: { enableAutoMtls: false } });
  assert.equal(cluster(off, C).tls, undefined);
});

test("locality failover: priorities by failoverPriority labels, only with outlier detection", () => {
  const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: default}
spec:
  hosts: [ext.example.org]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: tls, protocol: TLS}]
  endpoints:
  - {address: a.example.org, labels: {zone: z1}, locality: r1/z1}
  - {address: b.example.org, labels: {zone: z2}, locality: r1/z2}
`;
  const lb = (od: boolean) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ext, namespace: default}
spec:
  host: ext.example.org
  trafficPolicy:
    loadBalancer: {localityLbSetting: {failoverPriority: [zone]}}
${od ? "    outlierDetection: {consecutive5xxErrors: 3}\n" : ""}`;
  const prio = (od: boolean) => cluster(compileYaml(se + lb(od), { proxy: { labels: { zone: "z2" } } }), "outbound|443||ext.example.org").loadAssignment!.groups.map((g) => [g.endpoints[0]!.address, g.priority ?? 0]);
  assert.deepEqual(prio(true), [["a.example.org", 1], ["b.example.org", 0]]);
  assert.deepEqual(prio(false), [["a.example.org", 0], ["b.example.org", 0]]);
});
