/**
 * The data of the traffic simulator: the xDS it runs on, the call it sends, and what it reports.
 * Field names and error codes follow ../shared/conformance/simulate/README.md ("How a call is
 * simulated"); everything beyond those (policies, filters, weighted clusters, notes) is for people.
 */
import type { RbacCaller, RbacChainResult } from "./rbac.js";
import type { Cluster, ClusterLoadAssignment, Listener, RouteConfiguration } from "../envoy/index.js";

/** The Envoy resources of one proxy, as typed objects (what a config dump or the compiler gives). */
export interface XdsSnapshot {
  listeners: Listener[];
  routes: RouteConfiguration[];
  clusters: Cluster[];
  endpoints?: ClusterLoadAssignment[];
}

export type CallMode = "inbound" | "outbound";
export type CallProtocol = "http" | "http2" | "tcp";
export type CallTls = "plaintext" | "tls" | "mtls";

/** A call with every default applied (see applyCallDefaults). */
export interface SimulatedCall {
  /** `inbound`: redirected to the inbound capture listener (virtualInbound); `outbound`: matched by address and port. */
  callMode: CallMode;
  /** Destination IP. */
  address: string;
  /** Destination port. */
  port: number;
  /** Absent: raw bytes (behaves as tcp). */
  protocol?: CallProtocol;
  tls: CallTls;
  /** ALPN offered in the TLS ClientHello ("" = none). */
  alpn: string;
  /** HTTP Host / :authority ("" = none). */
  hostHeader: string;
  /** TLS server name ("" = none). */
  sni: string;
  /** Request path without the query string. */
  path: string;
  /** SDS secret name that marks a DownstreamTlsContext as the mTLS one. */
  mtlsSecretConfigName: string;
  /** HTTP method (used only when headers are matched). */
  method: string;
  /** Request headers, names lower-cased; a list keeps repeated headers. */
  headers: Record<string, string[]>;
  /** Query parameters, in order (names and values decoded). */
  query: Array<[string, string]>;
}

/** What a caller sets; everything else gets the README's defaults. `path` may carry "?query". */
export interface CallInput {
  callMode?: CallMode;
  address?: string;
  port: number;
  protocol?: CallProtocol;
  tls?: CallTls;
  alpn?: string;
  hostHeader?: string;
  sni?: string;
  path?: string;
  mtlsSecretConfigName?: string;
  method?: string;
  /** Header name → value(s); names are case-insensitive. A "host" header stands for hostHeader. */
  headers?: Record<string, string | string[]>;
  /** Query parameters, added to any in `path`. */
  query?: Record<string, string | string[]> | Array<[string, string]>;
}

export interface SimulateOptions {
  /**
   * true (default): Envoy's route matching: headers (incl. `:method`), query parameters, gRPC,
   * `case_sensitive`. false: Istio's simulator (and the conformance runner): path matchers only,
   * always case-sensitive.
   */
  matchHeaders?: boolean;
  /**
   * Evaluate the chain's RBAC filters (AuthorizationPolicy) for this caller → `result.rbac`, and
   * fail with `rbac_denied` when one denies. Absent (the default, and Istio's simulator): RBAC is
   * not evaluated.
   */
  rbac?: RbacCaller;
}

/** The README's error codes, plus `no_route_config` (an HCM naming an RDS configuration the snapshot lacks). */
export type SimulationErrorCode =
  | "no_listener"
  | "no_filter_chain"
  | "multiple_filter_chains"
  | "no_virtual_host"
  | "no_route"
  | "no_route_config"
  | "tls_redirect"
  | "protocol_error"
  | "tls_error"
  | "mtls_error"
  | "rbac_denied";

export interface TlsContextSummary {
  /** First TLS certificate SDS secret name ("" if none). */
  certificateSdsSecretName: string;
  requireClientCertificate: boolean;
}

export interface WeightedClusterSummary {
  name: string;
  weight: number;
}

export interface MirrorSummary {
  cluster: string;
  /** Percentage of requests mirrored (100 when the policy has no runtime fraction). */
  percent: number;
}

export interface RetrySummary {
  retryOn: string;
  numRetries: number;
  perTryTimeout?: string;
  retriableStatusCodes?: number[];
}

export interface FaultSummary {
  delay?: { fixedDelay: string; percent: number };
  abort?: { httpStatus?: number; grpcStatus?: number; percent: number };
}

export interface RedirectSummary {
  responseCode: number;
  scheme?: string;
  host?: string;
  port?: number;
  path?: string;
  prefixRewrite?: string;
  stripQuery?: boolean;
}

export interface RewriteSummary {
  prefix?: string;
  regex?: { pattern: string; substitution: string };
  host?: string;
  autoHost?: boolean;
}

/** The matched route's behaviour, for people. */
export interface RoutePolicies {
  /** What the route does: forward to cluster(s), redirect, or answer directly. */
  action: "route" | "redirect" | "direct_response" | "filter_action" | "non_forwarding" | "none";
  weightedClusters?: WeightedClusterSummary[];
  timeout?: string;
  retries?: RetrySummary;
  fault?: FaultSummary;
  mirrors?: MirrorSummary[];
  redirect?: RedirectSummary;
  directResponse?: { status: number; body?: string };
  rewrite?: RewriteSummary;
  cors: boolean;
  /** HTTP filter names with a per-route override on the route or its virtual host. */
  perFilterConfig?: string[];
  /** The VirtualService that produced the route (istio metadata `config`), e.g. "reviews.default". */
  virtualService?: string;
}

export interface SimulationResult {
  /** The call as simulated (defaults applied). */
  call: SimulatedCall;
  listener: string;
  filterChain: string;
  routeConfig: string;
  virtualHost: string;
  routeName: string;
  /** The single cluster the call goes to (a one-entry weighted cluster counts), or "". */
  cluster: string;
  error?: SimulationErrorCode;
  /** The matched chain's DownstreamTlsContext, when it terminates TLS. */
  tlsContext?: TlsContextSummary;
  /** For people: why it failed, in plain words. */
  errorDetail?: string;
  /** Whether a TLS inspector / HTTP inspector was active for the port. */
  inspectors?: { tls: boolean; http: boolean };
  /** The matched filter chain ended in: "http" (HCM), "tcp" (TCP proxy) or "other". */
  chainKind?: "http" | "tcp" | "other";
  /** Network filter names on the matched chain, in order. */
  networkFilters?: string[];
  /** HTTP filter names of the chain's HCM, in order. */
  httpFilters?: string[];
  /** Index of the matched route in its virtual host (0-based); -1 when none. */
  routeIndex?: number;
  route?: RoutePolicies;
  /** Weighted TCP clusters of the chain's TCP proxy. */
  tcpWeightedClusters?: WeightedClusterSummary[];
  /** The RBAC verdict of the matched chain (only with SimulateOptions.rbac). */
  rbac?: RbacChainResult;
  /** Things the simulator could not evaluate exactly (bad regex, unsupported matcher...). */
  warnings?: string[];
}
