/** IR clusters → Envoy Cluster JSON: discovery, LB configs, circuit breakers, outlier detection, TLS (SDS refs), auto-mTLS matches. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENVOY_TYPES, toEnvoyJson } from "../../../src/compile/envoy/index.js";
import type { ClusterIR } from "../../../src/compile/ir.js";
import { clusterOf } from "../../../src/compile/to-xds/cluster.js";
import type { XdsOptions } from "../../../src/compile/to-xds/xds-options.js";

type Obj = Record<string, any>;
const STOCK: XdsOptions = { flavor: "stock", metadataExchange: true, alpnFilter: true, stats: false };
const json = (c: ClusterIR, o = STOCK): Obj => toEnvoyJson(ENVOY_TYPES.cluster, clusterOf(c, o), { flavor: o.flavor }) as Obj;
const base: ClusterIR = { name: "outbound|9080||r.default.svc.cluster.local", discovery: "EDS", connectTimeout: "10s", lbPolicy: "LEAST_REQUEST" };

test("EDS cluster: eds_cluster_config over ADS; LB policy; empty common_lb_config", () => {
  const c = json(base);
  assert.equal(c.type, "EDS");
  assert.deepEqual(c.eds_cluster_config, { eds_config: { ads: {}, initial_fetch_timeout: "0s", resource_api_version: "V3" }, service_name: base.name });
  assert.equal(c.lb_policy, "LEAST_REQUEST");
  assert.deepEqual(c.common_lb_config, {});
});

test("ring hash and maglev configs; locality-weighted LB", () => {
  assert.deepEqual(json({ ...base, lbPolicy: "RING_HASH", ringHashMinimumRingSize: 1024 }).ring_hash_lb_config, { minimum_ring_size: "1024" });
  assert.deepEqual(json({ ...base, lbPolicy: "MAGLEV", maglevTableSize: 65537 }).maglev_lb_config, { table_size: "65537" });
  assert.deepEqual(json({ ...base, localityWeighted: true }).common_lb_config, { locality_weighted_lb_config: {} });
});

test("circuit breakers: one DEFAULT threshold with track_remaining", () => {
  const c = json({ ...base, circuitBreakers: { maxConnections: 10, maxPendingRequests: 5, maxRequests: 50, maxRetries: 4 } });
  assert.deepEqual(c.circuit_breakers, { thresholds: [{ max_connections: 10, max_pending_requests: 5, max_requests: 50, max_retries: 4, track_remaining: true }] });
});

test("outlier detection: enforcing percentages as istiod sets them; healthy panic threshold", () => {
  const c = json({ ...base, outlierDetection: { consecutive5xx: 7, interval: "5s", baseEjectionTime: "1m", maxEjectionPercent: 50 }, healthyPanicThreshold: 0 });
  assert.deepEqual(c.outlier_detection, { consecutive_5xx: 7, interval: "5s", base_ejection_time: "60s", max_ejection_percent: 50, enforcing_consecutive_5xx: 100, enforcing_success_rate: 0, enforcing_consecutive_gateway_failure: 0, enforcing_local_origin_success_rate: 0 });
  assert.deepEqual(c.common_lb_config, { healthy_panic_threshold: {} }, "value 0 is the proto3 default, as in istiod's dumps");
});

test("auto mTLS → transport_socket_matches tlsMode-istio (Istio mTLS, SDS default + ROOTCA over sds-grpc) then tlsMode-disabled (raw buffer)", () => {
  const c = json({ ...base, tls: { mode: "istio", auto: true, sni: "outbound_.9080_._.r.default.svc.cluster.local", alpn: ["istio-peer-exchange", "istio"], sans: ["spiffe://cluster.local/ns/default/sa/r"] } });
  assert.equal(c.transport_socket, undefined);
  assert.deepEqual(c.transport_socket_matches.map((m: Obj) => [m.name, m.match, m.transport_socket.typed_config["@type"]]), [
    ["tlsMode-istio", { tlsMode: "istio" }, "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"],
    ["tlsMode-disabled", {}, "type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer"],
  ]);
  const tls = c.transport_socket_matches[0].transport_socket.typed_config;
  assert.equal(tls.sni, "outbound_.9080_._.r.default.svc.cluster.local");
  assert.deepEqual(tls.common_tls_context.alpn_protocols, ["istio-peer-exchange", "istio"]);
  assert.deepEqual(tls.common_tls_context.tls_certificate_sds_secret_configs.map((s: Obj) => [s.name, s.sds_config.api_config_source.grpc_services[0].envoy_grpc.cluster_name]), [["default", "sds-grpc"]]);
  assert.equal(tls.common_tls_context.combined_validation_context.validation_context_sds_secret_config.name, "ROOTCA");
  assert.deepEqual(tls.common_tls_context.combined_validation_context.default_validation_context.match_subject_alt_names, [{ exact: "spiffe://cluster.local/ns/default/sa/r" }]);
});

test("explicit ISTIO_MUTUAL → a plain transport_socket; SIMPLE/MUTUAL → file and credential SDS names (credentials over ADS)", () => {
  const istio = json({ ...base, tls: { mode: "istio", auto: false, sni: "s", alpn: ["istio"], sans: [] } });
  assert.equal(istio.transport_socket.name, "envoy.transport_sockets.tls");
  const mutual = json({ ...base, tls: { mode: "mutual", sans: [], certSecret: "kubernetes://cred", caSecret: "kubernetes://cred-cacert", sni: "api.example.com" } }).transport_socket.typed_config;
  assert.equal(mutual.sni, "api.example.com");
  assert.deepEqual(mutual.common_tls_context.tls_certificate_sds_secret_configs, [{ name: "kubernetes://cred", sds_config: { ads: {}, resource_api_version: "V3" } }]);
  assert.equal(mutual.common_tls_context.combined_validation_context.validation_context_sds_secret_config.name, "kubernetes://cred-cacert");
  const skip = json({ ...base, tls: { mode: "simple", sans: [], insecureSkipVerify: true } }).transport_socket.typed_config;
  assert.deepEqual(skip.common_tls_context.validation_context, {});
});

test("HTTP protocol options: explicit HTTP/2, use-downstream, idle timeout, auto SNI", () => {
  const opts = (h: ClusterIR["http"]) => json({ ...base, http: h }).typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"];
  assert.deepEqual(opts({ http2: true, maxConcurrentStreams: 100 }).explicit_http_config, { http2_protocol_options: { max_concurrent_streams: 100 } });
  assert.deepEqual(opts({ useDownstream: true, idleTimeout: "300s" }), { "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions", common_http_protocol_options: { idle_timeout: "300s" }, use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} } });
  assert.deepEqual(opts({ autoSni: true, autoSanValidation: true }).upstream_http_protocol_options, { auto_sni: true, auto_san_validation: true });
});

test("DNS clusters: refresh rate, TTL, lookup family, inline load assignment", () => {
  const c = json({ ...base, discovery: "STRICT_DNS", dns: { refreshRate: "60s", respectTtl: true, v4Only: true }, loadAssignment: { clusterName: base.name, groups: [{ endpoints: [{ address: "api.example.org", port: 443, healthy: true }] }] } });
  assert.deepEqual([c.type, c.dns_refresh_rate, c.respect_dns_ttl, c.dns_lookup_family], ["STRICT_DNS", "60s", true, "V4_ONLY"]);
  assert.equal(c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address, "api.example.org");
});

test("the dynamic forward proxy cluster uses cluster_type (no type)", () => {
  const c = json({ name: "AllowAnyDynamicDNSCluster", discovery: "DYNAMIC_FORWARD_PROXY", connectTimeout: "10s", lbPolicy: "CLUSTER_PROVIDED", dynamicDns: { cacheName: "dynamic_forward_proxy_cache_config", v4Only: true } });
  assert.equal(c.type, undefined);
  assert.deepEqual(c.cluster_type, { name: "envoy.clusters.dynamic_forward_proxy", typed_config: { "@type": "type.googleapis.com/envoy.extensions.clusters.dynamic_forward_proxy.v3.ClusterConfig", dns_cache_config: { name: "dynamic_forward_proxy_cache_config", dns_lookup_family: "V4_ONLY" } } });
});

test("metadata and the istio-only cluster filter (istio flavor only)", () => {
  const ir: ClusterIR = { ...base, metadata: { services: [{ host: "r.default.svc.cluster.local", name: "r", namespace: "default" }], subset: "v1", external: true, alpnOverride: false }, metadataExchange: true };
  assert.deepEqual(json(ir).metadata.filter_metadata.istio, { services: [{ host: "r.default.svc.cluster.local", name: "r", namespace: "default" }], subset: "v1", external: true, alpn_override: "false" });
  assert.equal(json(ir).filters, undefined);
  assert.equal(json(ir, { ...STOCK, flavor: "istio" }).filters[0].name, "istio.metadata_exchange");
});
