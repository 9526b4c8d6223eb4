/**
 * The compiler's intermediate form: what one proxy gets, with every semantic decision already made
 * (which services it sees, which VirtualService and DestinationRule apply, mTLS per port), in plain,
 * JSON-serializable data. It imports neither the model nor Envoy types; to-xds turns it into Envoy
 * messages mechanically. `meshc compile --emit ir` prints it.
 *
 * Durations are strings ("10s", "1.5s", "0s"); percentages are numbers 0–100.
 */

export interface ProxyIR {
  proxy: { id: string; namespace: string; ips: string[]; type: "sidecar" | "router" };
  listeners: ListenerIR[];
  routeConfigs: RouteConfigIR[];
  clusters: ClusterIR[];
  /** Load assignments of EDS clusters. */
  endpoints: LoadAssignmentIR[];
  /** SDS secret names referenced by listeners and clusters. */
  secrets: string[];
  /** Router proxies: how Gateway server (Service) ports map to listener ports. */
  gateway?: { ports: { server: number; listener: number }[] };
}

// ---------------------------------------------------------------- listeners

export interface ListenerIR {
  name: string;
  address: string;
  port: number;
  direction: "outbound" | "inbound";
  /** false: only reachable through virtualOutbound's original-destination hand-off. */
  bindToPort: boolean;
  useOriginalDst?: boolean;
  listenerFilters: ListenerFilterIR[];
  /** protocolDetectionTimeout when an HTTP inspector is present. */
  listenerFiltersTimeout?: string;
  chains: FilterChainIR[];
  defaultChain?: FilterChainIR;
}

export interface ListenerFilterIR {
  kind: "original_dst" | "tls_inspector" | "http_inspector";
  /** Ports on which the filter is skipped. */
  disabledPorts?: number[];
  /** Enabled only on these ports (the filter is skipped on every other port). */
  onlyPorts?: number[];
}

export interface FilterChainMatchIR {
  destinationPort?: number;
  /** CIDRs `a.b.c.d/n`. */
  prefixRanges?: string[];
  serverNames?: string[];
  transportProtocol?: "tls" | "raw_buffer";
  applicationProtocols?: string[];
}

/** Downstream TLS the chain terminates: Istio mTLS with the workload certificate. */
export interface DownstreamTlsIR {
  alpn: string[];
  requireClientCertificate: boolean;
  /** SDS name of the certificate ("default"). */
  certificate: string;
  /** SDS name of the validation context ("ROOTCA"); none: no client certificate validation. */
  validation?: string;
  /** SAN prefixes accepted (`spiffe://cluster.local/`). */
  sanPrefixes: string[];
  /** Gateway TLS: exact SANs accepted (`subjectAltNames`). */
  sanExact?: string[];
  /** Gateway TLS: the server's own TLS parameters (replace the sidecar defaults). */
  params?: TlsParamsIR;
  /** The certificate comes from an external SDS server (credentialName `sds://`): its cluster. */
  sdsCluster?: string;
}

export interface TlsParamsIR {
  /** "TLSv1_2"... */
  minVersion?: string;
  maxVersion?: string;
  cipherSuites?: string[];
  ecdhCurves?: string[];
}

export interface FilterChainIR {
  name: string;
  match: FilterChainMatchIR;
  tls?: DownstreamTlsIR;
  /** istio.metadata_exchange network filter first (inbound chains; istio flavor only). */
  metadataExchange?: boolean;
  terminal: HttpTerminalIR | TcpTerminalIR;
}

export interface HttpTerminalIR {
  kind: "http";
  direction: "outbound" | "inbound";
  statPrefix: string;
  /** RDS route configuration name, or an inline one. */
  rds?: string;
  routeConfig?: RouteConfigIR;
  /** The port speaks HTTP/2 (http2_protocol_options). */
  http2?: boolean;
  /** Sidecar inbound / gateways set a server name. */
  serverName?: string;
  /** envoy.filters.http.dynamic_forward_proxy before the router (ALLOW_ANY_DYNAMIC_DNS), with this DNS cache. */
  dynamicForwardProxy?: DynamicDnsIR;
  /** Gateway HCM: remote address, XFF hops, client cert details (xds-mapping.md 8). */
  gateway?: { xffNumTrustedHops: number; forwardClientCertDetails: "SANITIZE_SET" | "SANITIZE" | "FORWARD_ONLY" | "APPEND_FORWARD" | "ALWAYS_FORWARD_ONLY" };
}

/** A dynamic forward proxy DNS cache (shared by the HTTP filter and the cluster). */
export interface DynamicDnsIR {
  cacheName: string;
  v4Only: boolean;
}

export interface TcpTerminalIR {
  kind: "tcp";
  statPrefix: string;
  cluster?: string;
  weightedClusters?: { name: string; weight: number }[];
  idleTimeout?: string;
  maxConnectionDuration?: string;
}

// ---------------------------------------------------------------- routes

export interface RouteConfigIR {
  name: string;
  virtualHosts: VirtualHostIR[];
  /** Sidecar outbound configurations ignore `:port` in Host. */
  ignorePortInHostMatching?: boolean;
}

export interface VirtualHostIR {
  name: string;
  domains: string[];
  routes: RouteIR[];
  includeRequestAttemptCount?: boolean;
  /** Gateway `httpsRedirect`: plaintext requests get a 301 to https. */
  requireTls?: boolean;
}

export type StringMatchIR = { exact: string } | { prefix: string } | { regex: string } | { present: true };

export interface HeaderMatchIR {
  name: string;
  match: StringMatchIR;
  invert?: boolean;
}

/**
 * A VirtualService match header `@request.auth.claims.<a>.<b>` / `@request.auth.claims[a][b]`:
 * a match on the verified JWT claim `a.b` (a list claim matches when an element does), not on a
 * header. to-xds matches jwt_authn's verified payload in dynamic metadata (as istiod does).
 */
export interface ClaimMatchIR {
  claim: string[];
  match: StringMatchIR;
  invert?: boolean;
}

export interface RouteMatchIR {
  path: { prefix: string } | { exact: string } | { regex: string };
  caseSensitive: boolean;
  headers?: HeaderMatchIR[];
  claims?: ClaimMatchIR[];
  queryParams?: { name: string; match: StringMatchIR }[];
}

export interface HeaderOpsIR {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

export interface RetryIR {
  retryOn: string;
  numRetries: number;
  perTryTimeout?: string;
  retriableStatusCodes?: number[];
  previousHosts: boolean;
  retryRemoteLocalities?: boolean;
  backoff?: string;
}

export type HashPolicyIR =
  | { header: string }
  | { cookie: { name: string; ttl?: string; path?: string } }
  | { sourceIp: true }
  | { queryParameter: string };

export interface ForwardIR {
  kind: "forward";
  /** One entry: a single cluster; more: weighted clusters. */
  clusters: { name: string; weight: number; requestHeaders?: HeaderOpsIR; responseHeaders?: HeaderOpsIR }[];
  timeout: string;
  retry?: RetryIR;
  mirrors?: { cluster: string; percent: number }[];
  prefixRewrite?: string;
  regexRewrite?: { pattern: string; substitution: string };
  hostRewrite?: string;
  hashPolicy?: HashPolicyIR[];
}

export interface RedirectIR {
  kind: "redirect";
  host?: string;
  path?: string;
  prefixRewrite?: string;
  scheme?: string;
  port?: number;
  responseCode: 301 | 302 | 303 | 307 | 308;
}

export interface DirectResponseIR {
  kind: "direct";
  status: number;
  body?: string;
}

export interface FaultIR {
  delay?: { fixedDelay: string; percent: number };
  abort?: { httpStatus?: number; grpcStatus?: number; percent: number };
}

export interface CorsIR {
  allowOrigins: StringMatchIR[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: string;
  allowCredentials?: boolean;
  forwardNotMatchingPreflights: boolean;
}

export interface RouteIR {
  name: string;
  match: RouteMatchIR;
  action: ForwardIR | RedirectIR | DirectResponseIR;
  requestHeaders?: HeaderOpsIR;
  responseHeaders?: HeaderOpsIR;
  fault?: FaultIR;
  cors?: CorsIR;
  /** decorator.operation */
  operation?: string;
  /** istio metadata `config` (the VirtualService path). */
  configPath?: string;
}

// ---------------------------------------------------------------- clusters

/** DYNAMIC_FORWARD_PROXY: the custom cluster type envoy.clusters.dynamic_forward_proxy. */
export type ClusterDiscoveryIR = "EDS" | "STATIC" | "STRICT_DNS" | "LOGICAL_DNS" | "ORIGINAL_DST" | "DYNAMIC_FORWARD_PROXY";
export type LbPolicyIR = "LEAST_REQUEST" | "ROUND_ROBIN" | "RANDOM" | "RING_HASH" | "MAGLEV" | "CLUSTER_PROVIDED";

/** Upstream TLS: Istio mTLS (explicit or auto-detected), or a DestinationRule's own TLS. */
export type UpstreamTlsIR =
  | { mode: "istio"; auto: boolean; sni: string; alpn: string[]; sans: string[] }
  | { mode: "simple" | "mutual"; sni?: string; alpn?: string[]; sans: string[]; caSecret?: string; certSecret?: string; insecureSkipVerify?: boolean; ecdhCurves?: string[]; cipherSuites?: string[] };

export interface CircuitBreakersIR {
  maxConnections: number;
  maxPendingRequests: number;
  maxRequests: number;
  maxRetries: number;
  /** DestinationRule `retryBudget`: concurrent retries as a percentage of active requests. */
  retryBudget?: { percent: number; minRetryConcurrency: number };
}

export interface OutlierDetectionIR {
  consecutive5xx?: number;
  consecutiveGatewayFailure?: number;
  consecutiveLocalOriginFailure?: number;
  splitExternalLocalOriginErrors?: boolean;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}

export interface HttpOptionsIR {
  /** explicit HTTP/2 upstream. */
  http2?: boolean;
  /** use the downstream protocol (auto-detected ports). */
  useDownstream?: boolean;
  idleTimeout?: string;
  maxRequestsPerConnection?: number;
  maxConnectionDuration?: string;
  maxConcurrentStreams?: number;
  autoSni?: boolean;
  autoSanValidation?: boolean;
}

export interface ClusterIR {
  name: string;
  discovery: ClusterDiscoveryIR;
  connectTimeout: string;
  lbPolicy: LbPolicyIR;
  ringHashMinimumRingSize?: number;
  maglevTableSize?: number;
  /** `loadBalancer.warmup` (or `warmupDurationSecs`): slow start of new endpoints (ROUND_ROBIN / LEAST_REQUEST). */
  slowStart?: { window: string; aggression?: number; minWeightPercent?: number };
  /** `proxyProtocol`: the upstream transport socket(s) wrapped in a PROXY protocol header. */
  proxyProtocol?: "V1" | "V2";
  /** Endpoints carried inline (DNS and STATIC clusters). */
  loadAssignment?: LoadAssignmentIR;
  circuitBreakers?: CircuitBreakersIR;
  outlierDetection?: OutlierDetectionIR;
  /** healthy_panic_threshold (set with outlier detection). */
  healthyPanicThreshold?: number;
  tls?: UpstreamTlsIR;
  http?: HttpOptionsIR;
  tcpKeepalive?: { probes?: number; time?: number; interval?: number };
  altStatName?: string;
  metadata?: {
    services?: { host: string; name: string; namespace: string }[];
    subset?: string;
    config?: string;
    external?: boolean;
    alpnOverride?: boolean;
  };
  /** Source address for upstream connections (127.0.0.6 for inbound). */
  upstreamBindAddress?: string;
  cleanupInterval?: string;
  /** DNS settings for DNS clusters. */
  dns?: { refreshRate: string; respectTtl: boolean; v4Only: boolean };
  /** istio.metadata_exchange cluster filter (istio flavor only). */
  metadataExchange?: boolean;
  /** common_lb_config.locality_weighted_lb_config (localityLbSetting.distribute). */
  localityWeighted?: boolean;
  /** DNS cache of a DYNAMIC_FORWARD_PROXY cluster. */
  dynamicDns?: DynamicDnsIR;
}

// ---------------------------------------------------------------- endpoints

export interface EndpointIR {
  /** IP, hostname (DNS clusters) or `unix:///path`. */
  address: string;
  port: number;
  weight?: number;
  healthy: boolean;
  /** Endpoint speaks Istio mTLS (security.istio.io/tlsMode=istio). */
  istioMtls?: boolean;
  /** `<workload>;<namespace>;<canonical-service>;<canonical-revision>;<cluster-id>` */
  workload?: string;
}

export interface LocalityGroupIR {
  locality?: { region?: string; zone?: string; subZone?: string };
  priority?: number;
  /** Locality weight set by `distribute` (default: the sum of the endpoint weights). */
  weight?: number;
  endpoints: EndpointIR[];
}

export interface LoadAssignmentIR {
  clusterName: string;
  groups: LocalityGroupIR[];
}
