/**
 * The typed Envoy v3 API for the compiler: ts-proto types generated from the protos shipped in
 * @grpc/grpc-js-xds (build/gen-envoy.ts → src/gen/envoy, never edited by hand), a registry by
 * message name, and Envoy's canonical proto3 JSON (json.ts).
 *
 *   const hcm = anyOf(ENVOY_TYPES.httpConnectionManager, {
 *     statPrefix: "inbound_0.0.0.0_8080",
 *     rds: { routeConfigName: "8080", configSource: { ads: {}, resourceApiVersion: ApiVersion.V3 } },
 *     httpFilters: [{ name: "envoy.filters.http.router", typedConfig: anyOf(ENVOY_TYPES.router, {}) }],
 *   });
 *   const listener: Listener = {
 *     name: "0.0.0.0_8080",
 *     address: { socketAddress: { address: "0.0.0.0", portValue: 8080 } },
 *     filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: hcm }] }],
 *   };
 *   JSON.stringify(toEnvoyJson(ENVOY_TYPES.listener, listener));
 *   // {"name":"0.0.0.0_8080","address":{"socket_address":{...,"port_value":8080}},"filter_chains":[{"filters":
 *   //   [{"name":"envoy.filters.network.http_connection_manager","typed_config":{"@type":
 *   //   "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",...
 *
 * Shape of the generated types (ts-proto options chosen in build/gen-envoy.ts):
 *   - camelCase property names; every field optional (useOptionals=all), so plain object literals
 *     type-check without a `create()` call; decoding fills every field with its default.
 *   - oneof members are plain optional properties (set exactly one); maps are plain objects.
 *   - google.protobuf wrappers are bare `number | boolean | string`; Struct/Value are plain JSON
 *     objects; Duration and Timestamp are `{ seconds, nanos }` (useDate=false: keeps nanoseconds);
 *     64-bit integers are `number` (ts-proto's forceLong default: values past 2^53 throw).
 *   - enums are numeric TS enums (`Cluster_LbPolicy.LEAST_REQUEST`), printed by name in JSON.
 *   - google.protobuf.Any is `{ typeUrl, value: Uint8Array }`: build with anyOf(), read with unpackAny().
 *   - no ts-proto JSON methods (they use camelCase and cannot write Any); JSON goes through json.ts.
 *   - no type registry from ts-proto (its `$type` property would be required on every literal);
 *     the generator writes src/gen/envoy/_registry.ts instead.
 */
export {
  codecOf,
  descriptorOf,
  descriptorRegistry,
  isIstioOnlyType,
  isKnownType,
  knownTypeNames,
  typeNameOf,
  typeUrlOf,
  TYPE_URL_PREFIX,
  UnknownEnvoyTypeError,
  type EnvoyMessage,
  type EnvoyMessages,
  type EnvoyTypeName,
  type Flavor,
  type MessageCodec,
  type TypeUrl,
} from "./registry.js";
export {
  anyFromEnvoyJson,
  anyOf,
  anyToEnvoyJson,
  anyTypeName,
  fromEnvoyJson,
  normalizeMessage,
  toEnvoyJson,
  toEnvoyJsonValue,
  toEnvoyJsonVerified,
  typedStruct,
  unpackAny,
  type EnvoyJsonOptions,
  type EnvoyTypeRef,
  type JsonObject,
  type JsonValue,
} from "./json.js";
export { ENVOY_TYPES, ISTIO_TYPES, TYPE_URLS, XDS_TYPE_URLS } from "./type-urls.js";

// The generated types the compiler uses most; anything else: EnvoyMessage<"full.name"> or a
// direct import from src/gen/envoy/<proto path>.js.
export type { Any } from "../../gen/envoy/google/protobuf/any.js";
export type { Duration } from "../../gen/envoy/google/protobuf/duration.js";
export type { Bootstrap } from "../../gen/envoy/envoy/config/bootstrap/v3/bootstrap.js";
export type { Listener } from "../../gen/envoy/envoy/config/listener/v3/listener.js";
export type { Filter, FilterChain, FilterChainMatch, ListenerFilter } from "../../gen/envoy/envoy/config/listener/v3/listener_components.js";
export type { RouteConfiguration } from "../../gen/envoy/envoy/config/route/v3/route.js";
export type {
  HeaderMatcher,
  RetryPolicy,
  Route,
  RouteAction,
  RouteMatch,
  VirtualHost,
  WeightedCluster,
  WeightedCluster_ClusterWeight,
} from "../../gen/envoy/envoy/config/route/v3/route_components.js";
export type { Cluster } from "../../gen/envoy/envoy/config/cluster/v3/cluster.js";
export type { ClusterLoadAssignment } from "../../gen/envoy/envoy/config/endpoint/v3/endpoint.js";
export type { Endpoint, LbEndpoint, LocalityLbEndpoints } from "../../gen/envoy/envoy/config/endpoint/v3/endpoint_components.js";
export type { Address, SocketAddress } from "../../gen/envoy/envoy/config/core/v3/address.js";
export type { HeaderValueOption, Locality, Metadata, Node, TransportSocket } from "../../gen/envoy/envoy/config/core/v3/base.js";
export type { ConfigSource } from "../../gen/envoy/envoy/config/core/v3/config_source.js";
export type { TypedExtensionConfig } from "../../gen/envoy/envoy/config/core/v3/extension.js";
export type { AccessLog } from "../../gen/envoy/envoy/config/accesslog/v3/accesslog.js";
export type { HttpConnectionManager, HttpFilter } from "../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js";
export type { TcpProxy } from "../../gen/envoy/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js";
export type { CommonTlsContext, DownstreamTlsContext, UpstreamTlsContext } from "../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls.js";
export type { Secret, SdsSecretConfig } from "../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret.js";
export type { DiscoveryResponse } from "../../gen/envoy/envoy/service/discovery/v3/discovery.js";
export type { ConfigDump } from "../../gen/envoy/envoy/admin/v3/config_dump.js";

// Enums are values: re-exported for the common cases.
export { Cluster_DiscoveryType, Cluster_LbPolicy, Cluster_DnsLookupFamily } from "../../gen/envoy/envoy/config/cluster/v3/cluster.js";
export { RequestMethod, RoutingPriority, TrafficDirection } from "../../gen/envoy/envoy/config/core/v3/base.js";
export { HealthStatus } from "../../gen/envoy/envoy/config/core/v3/health_check.js";
export { SocketAddress_Protocol } from "../../gen/envoy/envoy/config/core/v3/address.js";
export { ApiVersion } from "../../gen/envoy/envoy/config/core/v3/config_source.js";
export {
  HttpConnectionManager_CodecType,
  HttpConnectionManager_ForwardClientCertDetails,
} from "../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js";
export { TlsParameters_TlsProtocol } from "../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/common.js";
