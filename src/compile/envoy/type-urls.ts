/**
 * The message types meshc emits, by a short key: full protobuf names (ENVOY_TYPES, ISTIO_TYPES)
 * and their `@type` URLs (TYPE_URLS). `satisfies` makes tsc check every name against the
 * generated registry, so a typo or a type missing from the generated closure fails the build.
 */
import { typeUrlOf, type EnvoyTypeName, type TypeUrl } from "./registry.js";

/** Stock Envoy (and xds/udpa, well-known) message names. */
export const ENVOY_TYPES = {
  // xDS resources, bootstrap and discovery
  listener: "envoy.config.listener.v3.Listener",
  routeConfiguration: "envoy.config.route.v3.RouteConfiguration",
  scopedRouteConfiguration: "envoy.config.route.v3.ScopedRouteConfiguration",
  cluster: "envoy.config.cluster.v3.Cluster",
  clusterLoadAssignment: "envoy.config.endpoint.v3.ClusterLoadAssignment",
  secret: "envoy.extensions.transport_sockets.tls.v3.Secret",
  bootstrap: "envoy.config.bootstrap.v3.Bootstrap",
  discoveryRequest: "envoy.service.discovery.v3.DiscoveryRequest",
  discoveryResponse: "envoy.service.discovery.v3.DiscoveryResponse",
  deltaDiscoveryResponse: "envoy.service.discovery.v3.DeltaDiscoveryResponse",
  // admin /config_dump
  configDump: "envoy.admin.v3.ConfigDump",
  bootstrapConfigDump: "envoy.admin.v3.BootstrapConfigDump",
  listenersConfigDump: "envoy.admin.v3.ListenersConfigDump",
  clustersConfigDump: "envoy.admin.v3.ClustersConfigDump",
  routesConfigDump: "envoy.admin.v3.RoutesConfigDump",
  scopedRoutesConfigDump: "envoy.admin.v3.ScopedRoutesConfigDump",
  endpointsConfigDump: "envoy.admin.v3.EndpointsConfigDump",
  secretsConfigDump: "envoy.admin.v3.SecretsConfigDump",
  // network filters
  httpConnectionManager: "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
  tcpProxy: "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
  networkRbac: "envoy.extensions.filters.network.rbac.v3.RBAC",
  networkExtAuthz: "envoy.extensions.filters.network.ext_authz.v3.ExtAuthz",
  mongoProxy: "envoy.extensions.filters.network.mongo_proxy.v3.MongoProxy",
  redisProxy: "envoy.extensions.filters.network.redis_proxy.v3.RedisProxy",
  networkSetFilterState: "envoy.extensions.filters.network.set_filter_state.v3.Config",
  sniDynamicForwardProxy: "envoy.extensions.filters.network.sni_dynamic_forward_proxy.v3.FilterConfig",
  // HTTP filters
  router: "envoy.extensions.filters.http.router.v3.Router",
  httpRbac: "envoy.extensions.filters.http.rbac.v3.RBAC",
  httpRbacPerRoute: "envoy.extensions.filters.http.rbac.v3.RBACPerRoute",
  jwtAuthn: "envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
  extAuthz: "envoy.extensions.filters.http.ext_authz.v3.ExtAuthz",
  extAuthzPerRoute: "envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute",
  extProc: "envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor",
  fault: "envoy.extensions.filters.http.fault.v3.HTTPFault",
  cors: "envoy.extensions.filters.http.cors.v3.Cors",
  corsPolicy: "envoy.extensions.filters.http.cors.v3.CorsPolicy",
  grpcStats: "envoy.extensions.filters.http.grpc_stats.v3.FilterConfig",
  grpcWeb: "envoy.extensions.filters.http.grpc_web.v3.GrpcWeb",
  compressor: "envoy.extensions.filters.http.compressor.v3.Compressor",
  headerMutation: "envoy.extensions.filters.http.header_mutation.v3.HeaderMutation",
  lua: "envoy.extensions.filters.http.lua.v3.Lua",
  wasm: "envoy.extensions.filters.http.wasm.v3.Wasm",
  httpSetFilterState: "envoy.extensions.filters.http.set_filter_state.v3.Config",
  statefulSession: "envoy.extensions.filters.http.stateful_session.v3.StatefulSession",
  statefulSessionPerRoute: "envoy.extensions.filters.http.stateful_session.v3.StatefulSessionPerRoute",
  httpDynamicForwardProxy: "envoy.extensions.filters.http.dynamic_forward_proxy.v3.FilterConfig",
  // listener filters
  tlsInspector: "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector",
  originalDst: "envoy.extensions.filters.listener.original_dst.v3.OriginalDst",
  httpInspector: "envoy.extensions.filters.listener.http_inspector.v3.HttpInspector",
  originalSrc: "envoy.extensions.filters.listener.original_src.v3.OriginalSrc",
  proxyProtocol: "envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol",
  // access loggers
  fileAccessLog: "envoy.extensions.access_loggers.file.v3.FileAccessLog",
  stdoutAccessLog: "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
  stderrAccessLog: "envoy.extensions.access_loggers.stream.v3.StderrAccessLog",
  httpGrpcAccessLog: "envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig",
  tcpGrpcAccessLog: "envoy.extensions.access_loggers.grpc.v3.TcpGrpcAccessLogConfig",
  // transport sockets and upstream options
  upstreamTlsContext: "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
  downstreamTlsContext: "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
  rawBuffer: "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer",
  internalUpstreamTransport: "envoy.extensions.transport_sockets.internal_upstream.v3.InternalUpstreamTransport",
  upstreamProxyProtocol: "envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport",
  quicDownstreamTransport: "envoy.extensions.transport_sockets.quic.v3.QuicDownstreamTransport",
  httpProtocolOptions: "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
  dynamicForwardProxyCluster: "envoy.extensions.clusters.dynamic_forward_proxy.v3.ClusterConfig",
  roundRobin: "envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin",
  caresDnsResolver: "envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig",
  previousHosts: "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
  previousPriorities: "envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
  uuidRequestId: "envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig",
  preserveCaseFormatter: "envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig",
  // bootstrap extensions, stats and tracing
  internalListener: "envoy.extensions.bootstrap.internal_listener.v3.InternalListener",
  downstreamConnections: "envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig",
  brotliCompressor: "envoy.extensions.compression.brotli.compressor.v3.Brotli",
  gzipCompressor: "envoy.extensions.compression.gzip.compressor.v3.Gzip",
  zstdCompressor: "envoy.extensions.compression.zstd.compressor.v3.Zstd",
  statsdSink: "envoy.config.metrics.v3.StatsdSink",
  metricsService: "envoy.config.metrics.v3.MetricsServiceConfig",
  zipkin: "envoy.config.trace.v3.ZipkinConfig",
  datadog: "envoy.config.trace.v3.DatadogConfig",
  openTelemetry: "envoy.config.trace.v3.OpenTelemetryConfig",
  environmentResourceDetector: "envoy.extensions.tracers.opentelemetry.resource_detectors.v3.EnvironmentResourceDetectorConfig",
  // generic payloads
  udpaTypedStruct: "udpa.type.v1.TypedStruct",
  xdsTypedStruct: "xds.type.v3.TypedStruct",
  stringValue: "google.protobuf.StringValue",
  struct: "google.protobuf.Struct",
} as const satisfies Record<string, EnvoyTypeName>;

/** istio-proxy-only message names (meshc's own protos; need flavor "istio"). */
export const ISTIO_TYPES = {
  /** HTTP `istio.metadata_exchange` */
  peerMetadata: "io.istio.http.peer_metadata.Config",
  /** `istio.alpn` */
  alpn: "istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig",
  /** `istio.stats` */
  stats: "stats.PluginConfig",
  /** network and cluster `istio.metadata_exchange` */
  metadataExchange: "envoy.tcp.metadataexchange.config.MetadataExchange",
  networkPeerMetadata: "envoy.extensions.network_filters.peer_metadata.Config",
  networkPeerMetadataUpstream: "envoy.extensions.network_filters.peer_metadata.UpstreamConfig",
  /** `istio_authn` */
  istioAuthn: "io.istio.network.authn.Config",
  connectAuthority: "io.istio.http.connect_authority.Config",
  connectBaggage: "io.istio.http.connect_baggage.Config",
  setInternalDstAddress: "istio.set_internal_dst_address.v1.Config",
} as const satisfies Record<string, EnvoyTypeName>;

type UrlsOf<T extends Record<string, string>> = { readonly [K in keyof T]: TypeUrl<T[K]> };

function urlsOf<T extends Record<string, string>>(names: T): UrlsOf<T> {
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, typeUrlOf(name)])) as UrlsOf<T>;
}

/** `@type` URLs of ENVOY_TYPES and ISTIO_TYPES, e.g. TYPE_URLS.listener. */
export const TYPE_URLS: UrlsOf<typeof ENVOY_TYPES & typeof ISTIO_TYPES> = urlsOf({ ...ENVOY_TYPES, ...ISTIO_TYPES });

/** The xDS resource type URLs (DiscoveryResponse.type_url). */
export const XDS_TYPE_URLS = {
  listener: TYPE_URLS.listener,
  route: TYPE_URLS.routeConfiguration,
  scopedRoute: TYPE_URLS.scopedRouteConfiguration,
  cluster: TYPE_URLS.cluster,
  endpoint: TYPE_URLS.clusterLoadAssignment,
  secret: TYPE_URLS.secret,
} as const;
