import { test } from "node:test";
import assert from "node:assert/strict";
import { patchValidate } from "../../../build/gen-envoy.js";
import {
  anyOf,
  descriptorRegistry,
  ENVOY_TYPES,
  fromEnvoyJson,
  isIstioOnlyType,
  isKnownType,
  ISTIO_TYPES,
  knownTypeNames,
  toEnvoyJson,
  typedStruct,
  typeNameOf,
  TYPE_URLS,
  XDS_TYPE_URLS,
  type JsonObject,
  type Listener,
} from "../../../src/compile/envoy/index.js";
import { FilterConfig_Protocol } from "../../../src/gen/envoy/istio/alpn.js";

test("every name in ENVOY_TYPES is a stock type, every name in ISTIO_TYPES needs the istio flavor", () => {
  for (const name of Object.values(ENVOY_TYPES)) {
    assert.ok(isKnownType(name, "stock"), name);
    assert.ok(descriptorRegistry("stock").getMessage(name), name);
  }
  for (const name of Object.values(ISTIO_TYPES)) {
    assert.ok(isIstioOnlyType(name), name);
    assert.equal(isKnownType(name, "stock"), false, name);
    assert.ok(isKnownType(name, "istio"), name);
    assert.equal(descriptorRegistry("stock").getMessage(name), undefined, name);
    assert.ok(descriptorRegistry("istio").getMessage(name), name);
  }
  assert.equal(TYPE_URLS.listener, "type.googleapis.com/envoy.config.listener.v3.Listener");
  assert.equal(XDS_TYPE_URLS.endpoint, "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment");
  assert.equal(typeNameOf(TYPE_URLS.stats), "stats.PluginConfig");
});

test("the run-time descriptors know exactly the generated message types", () => {
  const withCodec = new Set(knownTypeNames("istio"));
  const described: string[] = [];
  for (const type of descriptorRegistry("istio")) if (type.kind === "message") described.push(type.typeName);
  const withoutCodec = described.filter((name) => !withCodec.has(name) && !/Entry$/.test(name));
  assert.deepEqual(withoutCodec, []);
  assert.ok(withCodec.size > 500, `${withCodec.size} message types`);
  assert.ok(knownTypeNames("stock").length < withCodec.size);
});

test("istio flavor: istio-proxy filters round-trip; the stock flavor refuses them", () => {
  const alpnJson = {
    "@type": TYPE_URLS.alpn,
    alpn_override: [
      { alpn_override: ["istio-http/1.0", "istio", "http/1.0"] },
      { upstream_protocol: "HTTP11", alpn_override: ["istio-http/1.1", "istio", "http/1.1"] },
      { upstream_protocol: "HTTP2", alpn_override: ["istio-h2", "istio", "h2"] },
    ],
  };
  const hcmJson = {
    "@type": TYPE_URLS.httpConnectionManager,
    stat_prefix: "inbound_0.0.0.0_9080",
    http_filters: [
      { name: "istio.metadata_exchange", typed_config: { "@type": TYPE_URLS.peerMetadata, upstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }], upstream_propagation: [{ istio_headers: {} }] } },
      { name: "istio.alpn", typed_config: alpnJson },
      { name: "istio.stats", typed_config: { "@type": TYPE_URLS.stats, tcp_reporting_duration: "15s", metrics: [{ name: "requests_total", dimensions: { source_cluster: "node.metadata['CLUSTER_ID']" } }] } },
      { name: "envoy.filters.http.router", typed_config: { "@type": TYPE_URLS.router } },
    ],
  };
  const listenerJson = { name: "virtualInbound", filter_chains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typed_config: hcmJson }] }] };

  const listener = fromEnvoyJson(ENVOY_TYPES.listener, listenerJson, { flavor: "istio" });
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.listener, listener, { flavor: "istio" }), listenerJson);
  assert.throws(() => toEnvoyJson(ENVOY_TYPES.listener, listener), /io\.istio\.http\.peer_metadata\.Config/);
  assert.throws(
    () => fromEnvoyJson(ENVOY_TYPES.listener, listenerJson),
    /typed_config\.http_filters\[0\]\.typed_config\["@type"\]: "io\.istio\.http\.peer_metadata\.Config" is an istio-proxy-only extension; it needs flavor "istio"/,
  );

  const alpn = anyOf(ISTIO_TYPES.alpn, { alpnOverride: [{ upstreamProtocol: FilterConfig_Protocol.HTTP2, alpnOverride: ["istio-h2", "istio", "h2"] }] });
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.httpConnectionManager, { httpFilters: [{ name: "istio.alpn", typedConfig: alpn }] }, { flavor: "istio" }), {
    http_filters: [{ name: "istio.alpn", typed_config: { "@type": TYPE_URLS.alpn, alpn_override: [{ upstream_protocol: "HTTP2", alpn_override: ["istio-h2", "istio", "h2"] }] } }],
  });
});

test("stock flavor: istio payloads travel as udpa.type.v1.TypedStruct", () => {
  const listener: Listener = {
    name: "l",
    filterChains: [{
      filters: [{
        name: "istio.metadata_exchange",
        typedConfig: typedStruct(TYPE_URLS.metadataExchange, { protocol: "istio-peer-exchange", enable_discovery: true }),
      }],
    }],
  };
  const json = toEnvoyJson(ENVOY_TYPES.listener, listener);
  const filter = ((json["filter_chains"] as JsonObject[])[0]!["filters"] as JsonObject[])[0]!;
  assert.deepEqual(filter["typed_config"], {
    "@type": TYPE_URLS.udpaTypedStruct,
    type_url: TYPE_URLS.metadataExchange,
    value: { protocol: "istio-peer-exchange", enable_discovery: true },
  });
  assert.deepEqual(fromEnvoyJson(ENVOY_TYPES.listener, json), fromEnvoyJson(ENVOY_TYPES.listener, JSON.parse(JSON.stringify(json))));
});

test("DiscoveryResponse with packed resources", () => {
  const response = {
    versionInfo: "2024-01-01T00:00:00Z/1",
    typeUrl: XDS_TYPE_URLS.cluster,
    nonce: "n1",
    resources: [
      anyOf(ENVOY_TYPES.cluster, { name: "BlackHoleCluster", connectTimeout: { seconds: 10 } }),
      anyOf(ENVOY_TYPES.cluster, { name: "PassthroughCluster", connectTimeout: { seconds: 10 } }),
    ],
  };
  const json = toEnvoyJson(ENVOY_TYPES.discoveryResponse, response);
  assert.deepEqual(json["resources"], [
    { "@type": TYPE_URLS.cluster, name: "BlackHoleCluster", connect_timeout: "10s" },
    { "@type": TYPE_URLS.cluster, name: "PassthroughCluster", connect_timeout: "10s" },
  ]);
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.discoveryResponse, fromEnvoyJson(ENVOY_TYPES.discoveryResponse, json)), json);
});

test("gen-envoy patches validate.StringRules with ignore_empty once", () => {
  const proto = "message StringRules {\n  optional string const = 1;\n  optional bool strict = 25 [default = true];\n}\n";
  const patched = patchValidate(proto);
  assert.match(patched, /optional bool strict = 25 \[default = true\];\n.*\n  optional bool ignore_empty = 26;\n}/);
  assert.equal(patchValidate(patched), patched);
  assert.throws(() => patchValidate("message BytesRules {}\n"), /no StringRules/);
});
