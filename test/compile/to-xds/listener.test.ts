/** IR listeners → Envoy Listener JSON: filter chain matches, inspectors with per-port predicates, downstream TLS, HCM filters. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENVOY_TYPES, toEnvoyJson } from "../../../src/compile/envoy/index.js";
import type { ListenerIR } from "../../../src/compile/ir.js";
import { listenerOf } from "../../../src/compile/to-xds/listener.js";
import type { XdsOptions } from "../../../src/compile/to-xds/xds-options.js";

type Obj = Record<string, any>;
const STOCK: XdsOptions = { flavor: "stock", metadataExchange: true, alpnFilter: true, stats: false };
const json = (l: ListenerIR, o = STOCK): Obj => toEnvoyJson(ENVOY_TYPES.listener, listenerOf(l, o), { flavor: o.flavor }) as Obj;

const outbound: ListenerIR = {
  name: "0.0.0.0_9080",
  address: "0.0.0.0",
  port: 9080,
  direction: "outbound",
  bindToPort: false,
  listenerFilters: [{ kind: "tls_inspector" }, { kind: "http_inspector" }],
  listenerFiltersTimeout: "0s",
  chains: [{ name: "", match: { transportProtocol: "raw_buffer", applicationProtocols: ["http/1.1", "h2c"] }, terminal: { kind: "http", direction: "outbound", statPrefix: "outbound_0.0.0.0_9080;", rds: "9080" } }],
  defaultChain: { name: "PassthroughFilterChain", match: {}, terminal: { kind: "tcp", statPrefix: "PassthroughCluster", cluster: "PassthroughCluster" } },
};

test("outbound HTTP listener: bind_to_port false, inspectors, RDS over ADS, the stock HTTP filter chain, passthrough default chain", () => {
  const l = json(outbound);
  assert.deepEqual([l.name, l.address, l.traffic_direction, l.bind_to_port, l.continue_on_listener_filters_timeout, l.listener_filters_timeout], ["0.0.0.0_9080", { socket_address: { address: "0.0.0.0", port_value: 9080 } }, "OUTBOUND", false, true, "0s"]);
  assert.deepEqual(l.listener_filters.map((f: Obj) => f.name), ["envoy.filters.listener.tls_inspector", "envoy.filters.listener.http_inspector"]);
  const hcm = l.filter_chains[0].filters[0].typed_config;
  assert.deepEqual(hcm.rds, { config_source: { ads: {}, initial_fetch_timeout: "0s", resource_api_version: "V3" }, route_config_name: "9080" });
  assert.deepEqual(hcm.http_filters.map((f: Obj) => f.name), ["envoy.filters.http.grpc_stats", "envoy.filters.http.fault", "envoy.filters.http.cors", "envoy.filters.http.router"]);
  assert.deepEqual(l.default_filter_chain.filters[0].typed_config, { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", stat_prefix: "PassthroughCluster", cluster: "PassthroughCluster" });
});

test("istio flavor: metadata exchange and istio.alpn HTTP filters", () => {
  const hcm = json(outbound, { ...STOCK, flavor: "istio" }).filter_chains[0].filters[0].typed_config;
  assert.deepEqual(hcm.http_filters.map((f: Obj) => f.name), ["istio.metadata_exchange", "envoy.filters.http.grpc_stats", "istio.alpn", "envoy.filters.http.fault", "envoy.filters.http.cors", "envoy.filters.http.router"]);
});

test("inspector predicates: disabled on listed ports, or enabled only on listed ports", () => {
  const l = json({ ...outbound, listenerFilters: [{ kind: "original_dst" }, { kind: "tls_inspector", disabledPorts: [80, 81] }, { kind: "http_inspector", onlyPorts: [8080] }] });
  assert.deepEqual(l.listener_filters[1].filter_disabled, { or_match: { rules: [{ destination_port_range: { start: 80, end: 81 } }, { destination_port_range: { start: 81, end: 82 } }] } });
  assert.deepEqual(l.listener_filters[2].filter_disabled, { not_match: { destination_port_range: { start: 8080, end: 8081 } } });
});

test("inbound mTLS chain: DownstreamTlsContext with SDS default/ROOTCA, required client certificate, SAN prefix; inline route configuration", () => {
  const l = json({
    name: "virtualInbound",
    address: "0.0.0.0",
    port: 15006,
    direction: "inbound",
    bindToPort: true,
    listenerFilters: [{ kind: "original_dst" }],
    chains: [
      {
        name: "0.0.0.0_9080",
        match: { destinationPort: 9080, transportProtocol: "tls" },
        tls: { alpn: ["h2", "http/1.1"], requireClientCertificate: true, certificate: "default", validation: "ROOTCA", sanPrefixes: ["spiffe://cluster.local/"] },
        terminal: { kind: "http", direction: "inbound", statPrefix: "inbound_0.0.0.0_9080;", serverName: "istio-envoy", routeConfig: { name: "inbound|9080||", virtualHosts: [{ name: "inbound|http|9080", domains: ["*"], routes: [] }] } },
      },
    ],
  });
  const chain = l.filter_chains[0];
  assert.deepEqual(chain.filter_chain_match, { destination_port: 9080, transport_protocol: "tls" });
  const tls = chain.transport_socket.typed_config;
  assert.equal(tls.require_client_certificate, true);
  assert.deepEqual(tls.common_tls_context.tls_certificate_sds_secret_configs.map((s: Obj) => s.name), ["default"]);
  assert.deepEqual(tls.common_tls_context.combined_validation_context.default_validation_context, { match_subject_alt_names: [{ prefix: "spiffe://cluster.local/" }] });
  const hcm = chain.filters[0].typed_config;
  assert.deepEqual([hcm.route_config.name, hcm.server_name, hcm.forward_client_cert_details], ["inbound|9080||", "istio-envoy", "APPEND_FORWARD"]);
  assert.equal(l.bind_to_port, undefined, "true is the default");
});

test("TCP chains: prefix ranges, SNI, weighted clusters", () => {
  const l = json({
    ...outbound,
    name: "0.0.0.0_5432",
    listenerFilters: [],
    chains: [{ name: "", match: { prefixRanges: ["10.3.0.1/32"], serverNames: ["db.example"] }, terminal: { kind: "tcp", statPrefix: "db.default", weightedClusters: [{ name: "a", weight: 80 }, { name: "b", weight: 20 }] } }],
  });
  assert.deepEqual(l.filter_chains[0].filter_chain_match, { server_names: ["db.example"], prefix_ranges: [{ address_prefix: "10.3.0.1", prefix_len: 32 }] });
  assert.deepEqual(l.filter_chains[0].filters[0].typed_config.weighted_clusters, { clusters: [{ name: "a", weight: 80 }, { name: "b", weight: 20 }] });
});
