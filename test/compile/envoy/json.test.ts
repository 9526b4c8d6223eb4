import { test } from "node:test";
import assert from "node:assert/strict";
import {
  anyOf,
  ApiVersion,
  Cluster_DiscoveryType,
  Cluster_LbPolicy,
  ENVOY_TYPES,
  fromEnvoyJson,
  normalizeMessage,
  toEnvoyJson,
  toEnvoyJsonVerified,
  toEnvoyJsonValue,
  TrafficDirection,
  TYPE_URLS,
  unpackAny,
  type Bootstrap,
  type Cluster,
  type EnvoyTypeName,
  type EnvoyMessages,
  type JsonObject,
  type Listener,
  type RouteConfiguration,
} from "../../../src/compile/envoy/index.js";
import {
  SubjectAltNameMatcher_SanType,
  TlsParameters_TlsProtocol,
} from "../../../src/gen/envoy/envoy/extensions/transport_sockets/tls/v3/common.js";

/** object → JSON → parse → equal (to the decoded form), and JSON → parse → JSON is stable. */
function roundTrip<K extends EnvoyTypeName>(type: K, message: EnvoyMessages[K]): JsonObject {
  const json = toEnvoyJsonVerified(type, message);
  const text = JSON.stringify(json);
  const parsed = fromEnvoyJson(type, JSON.parse(text));
  assert.deepEqual(parsed, normalizeMessage(type, message));
  assert.deepEqual(toEnvoyJson(type, parsed), json);
  return json;
}

const ads = { ads: {}, initialFetchTimeout: { seconds: 0 }, resourceApiVersion: ApiVersion.V3 };

test("listener with an HCM typed_config holding a router filter", () => {
  const listener: Listener = {
    name: "0.0.0.0_8080",
    address: { socketAddress: { address: "0.0.0.0", portValue: 8080 } },
    trafficDirection: TrafficDirection.OUTBOUND,
    bindToPort: false,
    listenerFiltersTimeout: { seconds: 0 },
    filterChains: [{
      filters: [{
        name: "envoy.filters.network.http_connection_manager",
        typedConfig: anyOf(ENVOY_TYPES.httpConnectionManager, {
          statPrefix: "outbound_0.0.0.0_8080",
          rds: { routeConfigName: "8080", configSource: ads },
          httpFilters: [{ name: "envoy.filters.http.router", typedConfig: anyOf(ENVOY_TYPES.router, { startChildSpan: false }) }],
          streamIdleTimeout: { seconds: 0 },
          commonHttpProtocolOptions: { idleTimeout: { seconds: 1, nanos: 500_000_000 } },
          normalizePath: true,
          useRemoteAddress: false,
        }),
      }],
    }],
  };
  const json = roundTrip(ENVOY_TYPES.listener, listener);
  assert.deepEqual(json, {
    name: "0.0.0.0_8080",
    address: { socket_address: { address: "0.0.0.0", port_value: 8080 } },
    filter_chains: [{
      filters: [{
        name: "envoy.filters.network.http_connection_manager",
        typed_config: {
          "@type": TYPE_URLS.httpConnectionManager,
          stat_prefix: "outbound_0.0.0.0_8080",
          rds: { config_source: { ads: {}, initial_fetch_timeout: "0s", resource_api_version: "V3" }, route_config_name: "8080" },
          http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": TYPE_URLS.router } }],
          use_remote_address: false,
          stream_idle_timeout: "0s",
          normalize_path: true,
          common_http_protocol_options: { idle_timeout: "1.500s" },
        },
      }],
    }],
    listener_filters_timeout: "0s",
    traffic_direction: "OUTBOUND",
    bind_to_port: false,
  });
  const hcmJson = ((json["filter_chains"] as JsonObject[])[0]!["filters"] as JsonObject[])[0]!["typed_config"] as JsonObject;
  assert.equal(Object.keys(hcmJson)[0], "@type", "@type is written first");

  const parsed = fromEnvoyJson(ENVOY_TYPES.listener, json);
  const hcm = unpackAny(parsed.filterChains![0]!.filters![0]!.typedConfig!, ENVOY_TYPES.httpConnectionManager);
  assert.equal(hcm.statPrefix, "outbound_0.0.0.0_8080");
  assert.equal(unpackAny(hcm.httpFilters![0]!.typedConfig!).typeName, ENVOY_TYPES.router);
  assert.throws(() => unpackAny(parsed.filterChains![0]!.filters![0]!.typedConfig!, ENVOY_TYPES.tcpProxy), /expected an Any holding/);
});

test("cluster with a TLS transport socket and typed protocol options", () => {
  const sni = "outbound_.9080_.v1_.productpage.default.svc.cluster.local";
  const cluster: Cluster = {
    name: "outbound|9080|v1|productpage.default.svc.cluster.local",
    type: Cluster_DiscoveryType.EDS,
    edsClusterConfig: { edsConfig: ads, serviceName: "outbound|9080|v1|productpage.default.svc.cluster.local" },
    connectTimeout: { seconds: 10 },
    lbPolicy: Cluster_LbPolicy.LEAST_REQUEST,
    circuitBreakers: { thresholds: [{ maxConnections: 4294967295, maxRetries: 4294967295, trackRemaining: true }] },
    metadata: { filterMetadata: { istio: { services: [{ host: "productpage.default.svc.cluster.local", name: "productpage", namespace: "default" }] } } },
    typedExtensionProtocolOptions: {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": anyOf(ENVOY_TYPES.httpProtocolOptions, {
        commonHttpProtocolOptions: { idleTimeout: { seconds: 3600 }, maxRequestsPerConnection: 0 },
        useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: {} },
      }),
    },
    transportSocketMatches: [
      {
        name: "tlsMode-istio",
        match: { tlsMode: "istio" },
        transportSocket: {
          name: "envoy.transport_sockets.tls",
          typedConfig: anyOf(ENVOY_TYPES.upstreamTlsContext, {
            commonTlsContext: {
              tlsParams: { tlsMinimumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_2, tlsMaximumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_3 },
              tlsCertificateSdsSecretConfigs: [{ name: "default", sdsConfig: ads }],
              combinedValidationContext: {
                defaultValidationContext: {
                  matchTypedSubjectAltNames: [{ sanType: SubjectAltNameMatcher_SanType.URI, matcher: { exact: "spiffe://cluster.local/ns/default/sa/bookinfo-productpage" } }],
                },
                validationContextSdsSecretConfig: { name: "ROOTCA", sdsConfig: ads },
              },
              alpnProtocols: ["istio-peer-exchange", "istio"],
            },
            sni,
          }),
        },
      },
      { name: "tlsMode-disabled", match: {}, transportSocket: { name: "envoy.transport_sockets.raw_buffer", typedConfig: anyOf(ENVOY_TYPES.rawBuffer, {}) } },
    ],
  };
  const json = roundTrip(ENVOY_TYPES.cluster, cluster);
  assert.equal(json["type"], "EDS");
  assert.equal(json["lb_policy"], "LEAST_REQUEST");
  assert.equal(json["connect_timeout"], "10s");
  assert.deepEqual(json["circuit_breakers"], { thresholds: [{ max_connections: 4294967295, max_retries: 4294967295, track_remaining: true }] });
  assert.deepEqual((json["metadata"] as JsonObject)["filter_metadata"], {
    istio: { services: [{ host: "productpage.default.svc.cluster.local", name: "productpage", namespace: "default" }] },
  });
  const matches = json["transport_socket_matches"] as JsonObject[];
  assert.deepEqual(matches[0]!["match"], { tlsMode: "istio" }, "Struct keys are kept as written");
  const tls = (matches[0]!["transport_socket"] as JsonObject)["typed_config"] as JsonObject;
  assert.equal(tls["@type"], TYPE_URLS.upstreamTlsContext);
  assert.equal(tls["sni"], sni);
  const common = tls["common_tls_context"] as JsonObject;
  assert.deepEqual(common["tls_params"], { tls_minimum_protocol_version: "TLSv1_2", tls_maximum_protocol_version: "TLSv1_3" });
  assert.deepEqual(common["alpn_protocols"], ["istio-peer-exchange", "istio"]);
  assert.deepEqual((common["combined_validation_context"] as JsonObject)["default_validation_context"], {
    match_typed_subject_alt_names: [{ san_type: "URI", matcher: { exact: "spiffe://cluster.local/ns/default/sa/bookinfo-productpage" } }],
  });
  assert.deepEqual(matches[1], {
    name: "tlsMode-disabled",
    match: {},
    transport_socket: { name: "envoy.transport_sockets.raw_buffer", typed_config: { "@type": TYPE_URLS.rawBuffer } },
  });
  const protocolOptions = (json["typed_extension_protocol_options"] as JsonObject)["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"];
  assert.deepEqual(protocolOptions, {
    "@type": TYPE_URLS.httpProtocolOptions,
    common_http_protocol_options: { idle_timeout: "3600s", max_requests_per_connection: 0 },
    use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} },
  });
});

test("route configuration with a retry policy and weighted clusters", () => {
  const routes: RouteConfiguration = {
    name: "9080",
    virtualHosts: [{
      name: "reviews.default.svc.cluster.local:9080",
      domains: ["reviews.default.svc.cluster.local", "reviews"],
      routes: [{
        name: "jason",
        match: { prefix: "/", caseSensitive: true, headers: [{ name: "end-user", stringMatch: { exact: "jason" } }] },
        route: {
          weightedClusters: {
            clusters: [
              { name: "outbound|9080|v2|reviews.default.svc.cluster.local", weight: 75 },
              { name: "outbound|9080|v3|reviews.default.svc.cluster.local", weight: 25 },
            ],
          },
          timeout: { seconds: 0 },
          retryPolicy: {
            retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
            numRetries: 2,
            perTryTimeout: { seconds: 2 },
            retryHostPredicate: [{ name: "envoy.retry_host_predicates.previous_hosts", typedConfig: anyOf(ENVOY_TYPES.previousHosts, {}) }],
            hostSelectionRetryMaxAttempts: 5,
            retriableStatusCodes: [503],
          },
          maxGrpcTimeout: { seconds: 0 },
        },
        decorator: { operation: "reviews.default.svc.cluster.local:9080/*" },
        metadata: { filterMetadata: { istio: { config: "/apis/networking.istio.io/v1/namespaces/default/virtual-service/reviews" } } },
      }],
      includeRequestAttemptCount: true,
    }],
    validateClusters: false,
    ignorePortInHostMatching: true,
  };
  const json = roundTrip(ENVOY_TYPES.routeConfiguration, routes);
  assert.equal(json["validate_clusters"], false, "a BoolValue set to false is written");
  const route = ((json["virtual_hosts"] as JsonObject[])[0]!["routes"] as JsonObject[])[0]!;
  assert.deepEqual(route["match"], { prefix: "/", case_sensitive: true, headers: [{ name: "end-user", string_match: { exact: "jason" } }] });
  const action = route["route"] as JsonObject;
  assert.deepEqual(action["weighted_clusters"], {
    clusters: [
      { name: "outbound|9080|v2|reviews.default.svc.cluster.local", weight: 75 },
      { name: "outbound|9080|v3|reviews.default.svc.cluster.local", weight: 25 },
    ],
  });
  assert.equal(action["timeout"], "0s");
  assert.deepEqual(action["retry_policy"], {
    retry_on: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
    num_retries: 2,
    per_try_timeout: "2s",
    retry_host_predicate: [{ name: "envoy.retry_host_predicates.previous_hosts", typed_config: { "@type": TYPE_URLS.previousHosts } }],
    host_selection_retry_max_attempts: "5",
    retriable_status_codes: [503],
  });
});

test("bootstrap", () => {
  const bootstrap: Bootstrap = {
    node: {
      id: "sidecar~10.0.0.1~productpage-v1-abc.default~default.svc.cluster.local",
      cluster: "productpage.default",
      locality: { region: "us-east1", zone: "us-east1-b" },
      metadata: { ISTIO_VERSION: "1.24.0", INSTANCE_IPS: "10.0.0.1", LABELS: { app: "productpage" } },
    },
    admin: { address: { socketAddress: { address: "127.0.0.1", portValue: 15000 } }, profilePath: "/var/lib/istio/data/envoy.prof" },
    dynamicResources: {
      ldsConfig: ads,
      cdsConfig: ads,
      adsConfig: { apiType: 3, transportApiVersion: ApiVersion.V3, setNodeOnFirstMessageOnly: true, grpcServices: [{ envoyGrpc: { clusterName: "xds-grpc" } }] },
    },
    staticResources: {
      clusters: [{
        name: "xds-grpc",
        type: Cluster_DiscoveryType.STATIC,
        connectTimeout: { seconds: 1 },
        loadAssignment: {
          clusterName: "xds-grpc",
          endpoints: [{ lbEndpoints: [{ endpoint: { address: { pipe: { path: "./var/run/istio/proxy/XDS" } } } }] }],
        },
        typedExtensionProtocolOptions: {
          "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": anyOf(ENVOY_TYPES.httpProtocolOptions, {
            explicitHttpConfig: { http2ProtocolOptions: { connectionKeepalive: { interval: { seconds: 30 }, timeout: { seconds: 10 } } } },
          }),
        },
      }],
    },
    bootstrapExtensions: [{ name: "envoy.bootstrap.internal_listener", typedConfig: anyOf(ENVOY_TYPES.internalListener, { bufferSizeKb: 64 }) }],
    overloadManager: {
      resourceMonitors: [{
        name: "envoy.resource_monitors.global_downstream_max_connections",
        typedConfig: anyOf(ENVOY_TYPES.downstreamConnections, { maxActiveDownstreamConnections: 2147483647 }),
      }],
    },
  };
  const json = roundTrip(ENVOY_TYPES.bootstrap, bootstrap);
  assert.deepEqual((json["node"] as JsonObject)["metadata"], { ISTIO_VERSION: "1.24.0", INSTANCE_IPS: "10.0.0.1", LABELS: { app: "productpage" } });
  assert.deepEqual((json["dynamic_resources"] as JsonObject)["ads_config"], {
    api_type: "DELTA_GRPC",
    grpc_services: [{ envoy_grpc: { cluster_name: "xds-grpc" } }],
    transport_api_version: "V3",
    set_node_on_first_message_only: true,
  });
  const monitor = ((json["overload_manager"] as JsonObject)["resource_monitors"] as JsonObject[])[0]!;
  assert.deepEqual(monitor["typed_config"], { "@type": TYPE_URLS.downstreamConnections, max_active_downstream_connections: "2147483647" });
});

test("canonical JSON: defaults omitted, camelCase accepted on input", () => {
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.cluster, { name: "", lbPolicy: Cluster_LbPolicy.ROUND_ROBIN, connectTimeout: undefined }), {});
  // a oneof member is written even at its default value
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.cluster, { type: Cluster_DiscoveryType.STATIC }), { type: "STATIC" });
  const fromCamel = fromEnvoyJson(ENVOY_TYPES.cluster, { name: "c", connectTimeout: "0.25s", lbPolicy: "RING_HASH" });
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.cluster, fromCamel), { name: "c", connect_timeout: "0.250s", lb_policy: "RING_HASH" });
  assert.deepEqual(fromCamel.connectTimeout, { seconds: 0, nanos: 250_000_000 });
  assert.equal(toEnvoyJsonValue("google.protobuf.Duration", { seconds: 5 }), "5s");
  assert.equal(toEnvoyJsonValue("google.protobuf.UInt64Value", { value: 7 }), "7");
  assert.deepEqual(toEnvoyJson("google.protobuf.Any", anyOf("google.protobuf.StringValue", { value: "x" })), {
    "@type": "type.googleapis.com/google.protobuf.StringValue",
    value: "x",
  });
});

test("strict parsing: unknown fields, enum names and @types are errors", () => {
  assert.throws(() => fromEnvoyJson(ENVOY_TYPES.listener, { name: "l", bogus: 1 }), (err: Error) => {
    assert.equal(err.name, "InputError");
    assert.match(err.message, /envoy\.config\.listener\.v3\.Listener.*bogus/);
    return true;
  });
  const withFilter = (typedConfig: JsonObject) => ({
    name: "l",
    filter_chains: [{ filters: [{ name: "f", typed_config: typedConfig }] }],
  });
  assert.throws(
    () => fromEnvoyJson(ENVOY_TYPES.listener, withFilter({ "@type": TYPE_URLS.httpConnectionManager, stat_prefix: "x", no_such_field: true })),
    /no_such_field/,
  );
  assert.throws(
    () => fromEnvoyJson(ENVOY_TYPES.listener, withFilter({ "@type": "type.googleapis.com/envoy.extensions.filters.network.nope.v3.Nope" })),
    /\$\.filter_chains\[0\]\.filters\[0\]\.typed_config\["@type"\]: "envoy\.extensions\.filters\.network\.nope\.v3\.Nope" is not a known Envoy message type/,
  );
  assert.throws(
    () => fromEnvoyJson(ENVOY_TYPES.listener, withFilter({ "@type": "type.googleapis.com/validate.FieldRules" })),
    /validate\.FieldRules/,
    "annotation-only types are not accepted either",
  );
  assert.throws(() => fromEnvoyJson(ENVOY_TYPES.cluster, { name: "c", lb_policy: "FASTEST" }), /FASTEST/);
  assert.throws(() => fromEnvoyJson(ENVOY_TYPES.cluster, { name: "c", connect_timeout: "soon" }), /connect_timeout|connectTimeout|soon/);
  assert.throws(() => fromEnvoyJson(ENVOY_TYPES.listener, [1, 2]), /InputError|invalid Envoy JSON/);
  assert.throws(() => fromEnvoyJson("no.such.Type" as EnvoyTypeName, {}), /"no\.such\.Type" is not a known Envoy message type/);
});

test("writing an unknown Any payload is an internal error", () => {
  const listener: Listener = {
    name: "l",
    filterChains: [{ filters: [{ name: "f", typedConfig: { typeUrl: "type.googleapis.com/no.such.Type", value: new Uint8Array() } }] }],
  };
  assert.throws(() => toEnvoyJson(ENVOY_TYPES.listener, listener), (err: Error) => err.name === "InternalError" && /no\.such\.Type/.test(err.message));
});

test("compile-time checks on anyOf payloads", () => {
  // @ts-expect-error: not a field of Router
  anyOf(ENVOY_TYPES.router, { notAField: true });
  // @ts-expect-error: not a known message name
  assert.throws(() => anyOf("envoy.extensions.filters.http.nope.v3.Nope", {}), /not a known Envoy message type/);
});
