/**
 * The traffic simulator: sends a synthetic call through compiled Envoy config (listeners → filter
 * chain → HCM/RDS → virtual host → route → cluster, or TCP proxy → cluster) and reports what
 * matched, following ../shared/conformance/simulate/README.md ("How a call is simulated") step by
 * step. With `matchHeaders` (the default) routes are matched as Envoy does (headers, `:method`,
 * query parameters, `case_sensitive`); `{ matchHeaders: false }` is Istio's simulator, path only.
 *
 *   const result = simulate(snapshot, applyCallDefaults({ port: 9080, protocol: "http", hostHeader: "reviews" }));
 *   const istioLike = simulate(snapshot, call, { matchHeaders: false }); // the conformance runner
 *   result.cluster  // "outbound|9080||reviews.default.svc.cluster.local"
 *
 * Pure: the result depends on the arguments alone; nothing here throws for a call that fails to
 * route (that is `result.error`).
 */
import type { DownstreamTlsContext, FilterChain, HttpConnectionManager, RouteConfiguration, TcpProxy } from "./envoy/index.js";
import { anyTypeName } from "./envoy/index.js";
import { HTTP_INSPECTOR, TLS_INSPECTOR, hasListenerFilterOnPort, selectFilterChain, selectListener } from "./simulate/listener.js";
import { matchRoute, selectVirtualHost } from "./simulate/match.js";
import { routePolicies, singleCluster, unpackIf } from "./simulate/policies.js";
import { evaluateChainRbac, matchMetadata, rbacRequestFromCall, type RbacDecision } from "./simulate/rbac.js";
import type { SimulatedCall, SimulateOptions, SimulationErrorCode, SimulationResult, TlsContextSummary, XdsSnapshot } from "./simulate/types.js";
import { VirtualHost_TlsRequirementType } from "../gen/envoy/envoy/config/route/v3/route_components.js";

export * from "./simulate/types.js";
export { applyCallDefaults, parseQuery } from "./simulate/call.js";
export { listenerShape, listenerTls, clusterShape, inboundClusters, virtualHostClusters } from "./simulate/checks.js";
export type { ListenerShape, ListenerTls, ClusterShape } from "./simulate/checks.js";
export { formatDuration, istioConfigName, percentOf, routeClusters } from "./simulate/policies.js";
export { selectVirtualHost } from "./simulate/match.js";
export type { RbacCaller, RbacChainResult, RbacDecision } from "./simulate/rbac.js";

const HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const TCP_PROXY = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
const DOWNSTREAM_TLS = "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";

/** Simulates one call (build it with applyCallDefaults from a partial CallInput). */
export function simulate(xds: XdsSnapshot, call: SimulatedCall, options: SimulateOptions = {}): SimulationResult {
  const matchHeaders = options.matchHeaders ?? true;
  const warnings: string[] = [];
  const result: SimulationResult = { call, listener: "", filterChain: "", routeConfig: "", virtualHost: "", routeName: "", cluster: "" };
  const fail = (error: SimulationErrorCode, detail: string): SimulationResult => {
    result.error = error;
    result.errorDetail = detail;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  };

  // 1. Listener.
  const listener = selectListener(xds.listeners, call);
  if (listener === undefined) {
    return fail("no_listener", call.callMode === "inbound" ? "there is no virtualInbound listener" : `no listener is bound to ${call.address}:${call.port} or 0.0.0.0:${call.port}, and there is no virtualOutbound listener`);
  }
  result.listener = listener.name ?? "";
  if (listener.filterChainMatcher !== undefined) warnings.push(`listener ${result.listener} selects chains with filter_chain_matcher, which is not evaluated; filter_chain_match was used`);

  // 2. Listener filters. The effective call: ALPN as the filter chain sees it.
  const tlsInspector = hasListenerFilterOnPort(listener, TLS_INSPECTOR, call.port);
  const httpInspector = hasListenerFilterOnPort(listener, HTTP_INSPECTOR, call.port);
  result.inspectors = { tls: tlsInspector, http: httpInspector };
  let alpn = tlsInspector ? call.alpn : "";
  if (httpInspector && call.tls === "plaintext" && (call.protocol === "http" || call.protocol === "http2")) alpn = call.protocol === "http" ? "http/1.1" : "h2c";
  const seen: SimulatedCall = { ...call, alpn };

  // 3. Filter chain.
  const selection = selectFilterChain(listener, seen, tlsInspector);
  if (selection.chain === undefined) return fail(selection.error ?? "no_filter_chain", selection.detail ?? "no filter chain matches");
  const chain = selection.chain;
  result.filterChain = chain.name ?? "";
  const networkFilters = (chain.filters ?? []).map((f) => f.name ?? "");
  result.networkFilters = networkFilters;

  // 4–5. TLS termination.
  const tls = downstreamTls(chain);
  if (tls !== undefined) result.tlsContext = tlsSummary(tls);
  if (terminatesTls(chain)) {
    if (call.tls === "plaintext") return fail("tls_error", `filter chain ${describeChain(result.filterChain, selection.index)} terminates TLS, but the call is plaintext`);
    const required = requiresMtls(tls, call.mtlsSecretConfigName);
    if (required !== (call.tls === "mtls")) {
      return fail("mtls_error", required ? `filter chain ${describeChain(result.filterChain, selection.index)} requires Istio mutual TLS, but the call uses one-way TLS` : `filter chain ${describeChain(result.filterChain, selection.index)} terminates one-way TLS, but the call uses Istio mutual TLS`);
    }
  }

  // RBAC (only when asked: Istio's simulator does not evaluate it): the chain's network and HTTP
  // RBAC filters, before routing, as Envoy runs them before the router / tcp_proxy.
  const rbacCheck = (): SimulationResult | undefined => {
    if (options.rbac === undefined) return undefined;
    const rbac = evaluateChainRbac(chain, rbacRequestFromCall(call, options.rbac));
    result.rbac = rbac;
    for (const d of rbac.decisions) for (const w of d.warnings ?? []) warnings.push(`RBAC: ${w}`);
    return rbac.allowed ? undefined : fail("rbac_denied", rbacDenial(rbac.deniedBy));
  };

  const hcm = findFilter<HttpConnectionManager>(chain, HCM);
  const tcp = hcm === undefined ? findFilter<TcpProxy>(chain, TCP_PROXY) : undefined;
  result.chainKind = hcm !== undefined ? "http" : tcp !== undefined ? "tcp" : "other";

  // 6. HTTP connection manager.
  if (hcm !== undefined) {
    result.httpFilters = (hcm.httpFilters ?? []).map((f) => f.name ?? "");
    if (call.tls !== "plaintext" && !terminatesTls(chain)) return fail("protocol_error", `the call is ${call.tls === "tls" ? "TLS" : "mutual TLS"}, but filter chain ${describeChain(result.filterChain, selection.index)} expects plaintext HTTP (it does not terminate TLS)`);
    if (call.protocol !== "http" && call.protocol !== "http2") return fail("protocol_error", `the call is ${call.protocol ?? "raw TCP"}, but filter chain ${describeChain(result.filterChain, selection.index)} is an HTTP connection manager`);
    const denied = rbacCheck();
    if (denied) return denied;
    let rc: RouteConfiguration | undefined = hcm.routeConfig;
    if (rc === undefined) {
      const name = hcm.rds?.routeConfigName ?? "";
      result.routeConfig = name;
      rc = xds.routes.find((r) => (r.name ?? "") === name);
      if (rc === undefined) return fail("no_route_config", `route configuration "${name}" (RDS) is not in the config`);
    }
    const vh = selectVirtualHost(rc, call.hostHeader);
    if (vh === undefined) return fail("no_virtual_host", `no virtual host of route configuration ${result.routeConfig || "(inline)"} has a domain matching host "${call.hostHeader}"`);
    result.virtualHost = vh.name ?? "";
    if (vh.requireTls === VirtualHost_TlsRequirementType.ALL && call.tls === "plaintext") return fail("tls_redirect", `virtual host ${result.virtualHost} requires TLS: the call gets a 301 redirect to https`);
    const warn = (m: string) => void warnings.push(m);
    const routes = vh.routes ?? [];
    // JWT claim routes read jwt_authn's payload metadata: from options.rbac.jwtClaims (else none).
    const mdCtx = rbacRequestFromCall(call, options.rbac ?? {});
    const index = routes.findIndex((r) => matchRoute(r, call, matchHeaders, warn, (m) => matchMetadata(mdCtx, m, warn)));
    result.routeIndex = index;
    if (index < 0) return fail("no_route", `no route of virtual host ${result.virtualHost} matches ${call.method} ${call.path}${matchHeaders ? " (path, headers and query parameters)" : ""}`);
    const route = routes[index]!;
    result.routeName = route.name ?? "";
    result.cluster = singleCluster(route.route);
    result.route = routePolicies(route, vh);
  } else if (tcp !== undefined) {
    const denied = rbacCheck();
    if (denied) return denied;
    // 7. TCP proxy.
    result.cluster = tcp.cluster ?? ((tcp.weightedClusters?.clusters ?? []).length === 1 ? tcp.weightedClusters!.clusters![0]!.name ?? "" : "");
    if (tcp.weightedClusters !== undefined) result.tcpWeightedClusters = (tcp.weightedClusters.clusters ?? []).map((c) => ({ name: c.name ?? "", weight: c.weight ?? 0 }));
  }
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Why an RBAC filter denied: the denying policy, or that no ALLOW policy matched. */
export function rbacDenial(d: RbacDecision | undefined): string {
  if (d === undefined) return "denied by RBAC";
  const where = `${d.filter || "RBAC filter"}${d.index >= 0 ? ` (#${d.index})` : ""}`;
  if (d.rules?.rulesAction === "ALLOW" && d.policy === undefined) return `${where}: no ALLOW policy matched (403)`;
  return `${where}: denied by DENY policy ${d.policy ?? "(unnamed)"} (403)`;
}

function describeChain(name: string, index: number): string {
  return name !== "" ? name : index >= 0 ? `#${index}` : "(default)";
}

function findFilter<T>(chain: FilterChain, typeName: typeof HCM | typeof TCP_PROXY): T | undefined {
  for (const f of chain.filters ?? []) {
    if (f.typedConfig !== undefined && anyTypeName(f.typedConfig) === typeName) return unpackIf(f.typedConfig, typeName) as T | undefined;
  }
  return undefined;
}

/** The chain's DownstreamTlsContext, if its transport socket is TLS. */
export function downstreamTls(chain: FilterChain): DownstreamTlsContext | undefined {
  return unpackIf(chain.transportSocket?.typedConfig, DOWNSTREAM_TLS);
}

/** README step 4: a transport socket terminates TLS (a raw_buffer socket does not). */
function terminatesTls(chain: FilterChain): boolean {
  const socket = chain.transportSocket;
  if (socket === undefined) return false;
  const type = socket.typedConfig === undefined ? "" : anyTypeName(socket.typedConfig);
  return !(socket.name === "envoy.transport_sockets.raw_buffer" || type === "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer");
}

/** README step 5. */
function requiresMtls(tls: DownstreamTlsContext | undefined, secretName: string): boolean {
  const first = tls?.commonTlsContext?.tlsCertificateSdsSecretConfigs?.[0];
  return first !== undefined && first.name === secretName && tls?.requireClientCertificate === true;
}

function tlsSummary(tls: DownstreamTlsContext): TlsContextSummary {
  return { certificateSdsSecretName: tls.commonTlsContext?.tlsCertificateSdsSecretConfigs?.[0]?.name ?? "", requireClientCertificate: tls.requireClientCertificate === true };
}
