/**
 * Mesh-wide defaults and the newer DestinationRule fields: defaultHttpRetryPolicy, defaultTrafficPolicy,
 * tlsDefaults, warmup, retryBudget, proxyProtocol; auto mTLS per endpoint under workload PeerAuthentication.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENVOY_TYPES, toEnvoyJson } from "../../../src/compile/envoy/index.js";
import type { ForwardIR } from "../../../src/compile/ir.js";
import { cluster, compileYaml, routes, service } from "../compile-helpers.js";

type Obj = Record<string, any>;
const REVIEWS = service("reviews", "default", [{ name: "http", port: 9080 }], { endpoints: [{ ip: "10.1.0.1", labels: { version: "v1" } }, { ip: "10.1.0.2", labels: { version: "v2", legacy: "yes" } }] });
const C = "outbound|9080||reviews.default.svc.cluster.local";
const dr = (spec: string) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews.default.svc.cluster.local
${spec}
`;
const clusterJson = (r: ReturnType<typeof compileYaml>, name: string): Obj => toEnvoyJson(ENVOY_TYPES.cluster, r.xds.clusters.find((c) => c.name === name)!) as Obj;

test("mesh defaultHttpRetryPolicy replaces Istio's default retry policy; a VirtualService's own retries still win", () => {
  const mesh = { defaultHttpRetryPolicy: { attempts: 5, retryOn: "gateway-error", perTryTimeout: "2s" } };
  const [def] = routes(compileYaml(REVIEWS, { mesh }), "9080", "reviews.default.svc.cluster.local:9080");
  assert.deepEqual((def!.action as ForwardIR).retry, { retryOn: "gateway-error", numRetries: 5, previousHosts: true, perTryTimeout: "2s" });
  const vs = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - {name: own, match: [{uri: {prefix: /own}}], route: [{destination: {host: reviews}}], retries: {attempts: 1}}
  - {name: inherited, route: [{destination: {host: reviews}}]}
`;
  const rs = routes(compileYaml(REVIEWS + vs, { mesh }), "9080", "reviews.default.svc.cluster.local:9080");
  assert.equal((rs[0]!.action as ForwardIR).retry?.numRetries, 1);
  assert.equal((rs[1]!.action as ForwardIR).retry?.numRetries, 5);
});

test("mesh defaultTrafficPolicy fills connectionPool / outlierDetection that no DestinationRule sets", () => {
  const mesh = { defaultTrafficPolicy: { connectionPool: { tcp: { maxConnections: 7 } }, outlierDetection: { consecutive5xxErrors: 9 } } };
  const bare = cluster(compileYaml(REVIEWS, { mesh }), C);
  assert.deepEqual([bare.circuitBreakers?.maxConnections, bare.outlierDetection?.consecutive5xx], [7, 9]);
  const own = cluster(compileYaml(REVIEWS + dr("  trafficPolicy: {connectionPool: {tcp: {maxConnections: 100}}}"), { mesh }), C);
  assert.deepEqual([own.circuitBreakers?.maxConnections, own.outlierDetection?.consecutive5xx], [100, 9]);
});

test("mesh tlsDefaults: ECDH curves and cipher suites on DestinationRule SIMPLE/MUTUAL TLS", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy: {tls: {mode: SIMPLE}}"), { mesh: { tlsDefaults: { ecdhCurves: ["P-256"], cipherSuites: ["ECDHE-ECDSA-AES256-GCM-SHA384"] } } });
  const params = clusterJson(r, C).transport_socket.typed_config.common_tls_context.tls_params;
  assert.deepEqual([params.ecdh_curves, params.cipher_suites], [["P-256"], ["ECDHE-ECDSA-AES256-GCM-SHA384"]]);
});

test("loadBalancer.warmup → slow start config of the LB policy's config", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN, warmup: {duration: 30s, aggression: 2, minimumPercent: 5}}}"));
  assert.deepEqual(cluster(r, C).slowStart, { window: "30s", aggression: 2, minWeightPercent: 5 });
  assert.deepEqual(clusterJson(r, C).round_robin_lb_config.slow_start_config, { slow_start_window: "30s", aggression: { default_value: 2, runtime_key: "upstream.slow_start.aggression" }, min_weight_percent: { value: 5 } });
  const legacy = compileYaml(REVIEWS + dr("  trafficPolicy: {loadBalancer: {warmupDurationSecs: 10s}}"));
  assert.deepEqual(clusterJson(legacy, C).least_request_lb_config.slow_start_config, { slow_start_window: "10s" });
});

test("retryBudget → circuit breaker retry budget (defaults 20% and 3)", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy: {retryBudget: {percent: 25}}"));
  assert.deepEqual(cluster(r, C).circuitBreakers?.retryBudget, { percent: 25, minRetryConcurrency: 3 });
  assert.deepEqual(clusterJson(r, C).circuit_breakers.thresholds[0].retry_budget, { budget_percent: { value: 25 }, min_retry_concurrency: 3 });
});

test("proxyProtocol wraps every transport socket (both auto-mTLS matches, or raw buffer) in upstream_proxy_protocol", () => {
  const r = compileYaml(REVIEWS + dr("  trafficPolicy: {proxyProtocol: {version: V2}}"));
  const matches = clusterJson(r, C).transport_socket_matches as Obj[];
  for (const m of matches) {
    assert.equal(m.transport_socket.name, "envoy.transport_sockets.upstream_proxy_protocol");
    assert.equal(m.transport_socket.typed_config.config.version, "V2");
  }
  assert.deepEqual(matches.map((m) => m.transport_socket.typed_config.transport_socket.name), ["envoy.transport_sockets.tls", "envoy.transport_sockets.raw_buffer"]);
  const plain = compileYaml(REVIEWS + dr("  trafficPolicy: {proxyProtocol: {}, tls: {mode: DISABLE}}"));
  assert.equal(clusterJson(plain, C).transport_socket.typed_config.transport_socket.name, "envoy.transport_sockets.raw_buffer");
});

test("auto mTLS honours workload-level PeerAuthentication: an endpoint whose workload disables mTLS gets no tlsMode match", () => {
  const pa = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: legacy, namespace: default}
spec:
  selector: {matchLabels: {legacy: "yes"}}
  mtls: {mode: DISABLE}
`;
  const r = compileYaml(REVIEWS + pa);
  const eps = r.ir.endpoints.find((e) => e.clusterName === C)!.groups.flatMap((g) => g.endpoints);
  assert.deepEqual(eps.map((e) => [e.address, e.istioMtls ?? false]), [["10.1.0.1", true], ["10.1.0.2", false]]);
  const portLevel = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: legacy, namespace: default}
spec:
  selector: {matchLabels: {legacy: "yes"}}
  portLevelMtls: {9090: {mode: DISABLE}}
`;
  const other = compileYaml(REVIEWS + portLevel).ir.endpoints.find((e) => e.clusterName === C)!.groups.flatMap((g) => g.endpoints);
  assert.ok(other.every((e) => e.istioMtls === true), "a DISABLE on another port does not matter");
});
