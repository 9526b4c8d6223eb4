/** What a matched route does, in summary form for people: clusters and weights, retries, timeout, fault, mirrors, redirect, rewrite, CORS. */
import type { Any, Duration, Metadata, Route, RouteAction, VirtualHost } from "../envoy/index.js";
import { anyTypeName, unpackAny } from "../envoy/index.js";
import type { EnvoyMessages, EnvoyTypeName } from "../envoy/index.js";
import type { FractionalPercent } from "../../gen/envoy/envoy/type/v3/percent.js";
import type { RuntimeFractionalPercent } from "../../gen/envoy/envoy/config/core/v3/base.js";
import type { FaultSummary, MirrorSummary, RoutePolicies, WeightedClusterSummary } from "./types.js";

const FAULT_FILTER = "envoy.filters.http.fault";
const CORS_FILTER = "envoy.filters.http.cors";
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** Unpacks an Any if it holds `type` (also inside an `envoy.config.route.v3.FilterConfig` wrapper). */
export function unpackIf<K extends EnvoyTypeName>(any: Any | undefined, type: K): EnvoyMessages[K] | undefined {
  if (any === undefined) return undefined;
  try {
    const name = anyTypeName(any);
    if (name === "envoy.config.route.v3.FilterConfig") return unpackIf(unpackAny(any, "envoy.config.route.v3.FilterConfig").config, type);
    return name === type ? unpackAny(any, type) : undefined;
  } catch {
    return undefined;
  }
}

/** Duration in Envoy's JSON form: "5s", "0.250s", "0s". */
export function formatDuration(d: Duration | undefined): string | undefined {
  if (d === undefined) return undefined;
  const seconds = d.seconds ?? 0;
  const nanos = d.nanos ?? 0;
  if (nanos === 0) return `${seconds}s`;
  let frac = String(Math.abs(nanos)).padStart(9, "0");
  if (frac.endsWith("000000")) frac = frac.slice(0, 3);
  else if (frac.endsWith("000")) frac = frac.slice(0, 6);
  return `${seconds === 0 && nanos < 0 ? "-" : ""}${seconds}.${frac}s`;
}

/** A FractionalPercent as a percentage. */
export function percentOf(p: FractionalPercent | undefined): number {
  if (p === undefined) return 100;
  const denominator = [100, 10_000, 1_000_000][p.denominator ?? 0] ?? 100;
  return ((p.numerator ?? 0) * 100) / denominator;
}

function runtimePercent(p: RuntimeFractionalPercent | undefined): number {
  return p?.defaultValue === undefined ? 100 : percentOf(p.defaultValue);
}

/** Weighted clusters of a route action, or undefined. */
export function weightedClusters(action: RouteAction | undefined): WeightedClusterSummary[] | undefined {
  const clusters = action?.weightedClusters?.clusters;
  if (clusters === undefined) return undefined;
  return clusters.map((c) => ({ name: c.name || c.clusterHeader || "", weight: c.weight ?? 0 }));
}

/** The single cluster a route action targets: `cluster`, or the only entry of a weighted cluster. */
export function singleCluster(action: RouteAction | undefined): string {
  if (action === undefined) return "";
  if (action.cluster !== undefined) return action.cluster;
  const weighted = weightedClusters(action);
  return weighted !== undefined && weighted.length === 1 ? weighted[0]!.name : "";
}

/** Every cluster a route names (cluster, weighted clusters), for structural checks. */
export function routeClusters(route: Route): string[] {
  const action = route.route;
  if (action === undefined) return [];
  if (action.cluster !== undefined) return [action.cluster];
  return (weightedClusters(action) ?? []).map((c) => c.name);
}

/** The Istio config path in `filter_metadata.istio.config` rendered as "name.namespace" (as istioctl does). */
export function istioConfigName(metadata: Metadata | undefined): string | undefined {
  const config = metadata?.filterMetadata?.istio?.config;
  if (typeof config !== "string") return undefined;
  const parts = config.split("/");
  // /apis/<group>/<version>/namespaces/<ns>/<kind>/<name>
  if (parts.length === 8 && parts[1] === "apis" && parts[4] === "namespaces") return `${parts[7]}.${parts[5]}`;
  return config;
}

function fault(route: Route, vh: VirtualHost): FaultSummary | undefined {
  const cfg = unpackIf(route.typedPerFilterConfig?.[FAULT_FILTER] ?? vh.typedPerFilterConfig?.[FAULT_FILTER], "envoy.extensions.filters.http.fault.v3.HTTPFault");
  if (cfg === undefined) return undefined;
  const out: FaultSummary = {};
  if (cfg.delay !== undefined) out.delay = { fixedDelay: formatDuration(cfg.delay.fixedDelay) ?? "(from header)", percent: percentOf(cfg.delay.percentage) };
  if (cfg.abort !== undefined) {
    out.abort = { percent: percentOf(cfg.abort.percentage) };
    if (cfg.abort.httpStatus !== undefined) out.abort.httpStatus = cfg.abort.httpStatus;
    if (cfg.abort.grpcStatus !== undefined) out.abort.grpcStatus = cfg.abort.grpcStatus;
  }
  return out.delay === undefined && out.abort === undefined ? undefined : out;
}

/** Summarises the matched route (with its virtual host's defaults for retries, CORS, per-filter config and mirrors). */
export function routePolicies(route: Route, vh: VirtualHost): RoutePolicies {
  const action = route.route;
  const policies: RoutePolicies = {
    action: action !== undefined ? "route" : route.redirect !== undefined ? "redirect" : route.directResponse !== undefined ? "direct_response" : route.filterAction !== undefined ? "filter_action" : route.nonForwardingAction !== undefined ? "non_forwarding" : "none",
    cors: action?.cors !== undefined || vh.cors !== undefined || route.typedPerFilterConfig?.[CORS_FILTER] !== undefined || vh.typedPerFilterConfig?.[CORS_FILTER] !== undefined,
  };
  const weighted = weightedClusters(action);
  if (weighted !== undefined) policies.weightedClusters = weighted;
  const timeout = formatDuration(action?.timeout);
  if (timeout !== undefined) policies.timeout = timeout;
  const retry = action?.retryPolicy ?? vh.retryPolicy;
  if (retry !== undefined) {
    policies.retries = { retryOn: retry.retryOn ?? "", numRetries: retry.numRetries ?? 1 };
    const perTry = formatDuration(retry.perTryTimeout);
    if (perTry !== undefined) policies.retries.perTryTimeout = perTry;
    if ((retry.retriableStatusCodes ?? []).length > 0) policies.retries.retriableStatusCodes = retry.retriableStatusCodes!;
  }
  const f = fault(route, vh);
  if (f !== undefined) policies.fault = f;
  const mirrors: MirrorSummary[] = (action?.requestMirrorPolicies ?? vh.requestMirrorPolicies ?? []).map((m) => ({ cluster: m.cluster || m.clusterHeader || "", percent: runtimePercent(m.runtimeFraction) }));
  if (mirrors.length > 0) policies.mirrors = mirrors;
  if (route.redirect !== undefined) {
    const r = route.redirect;
    policies.redirect = { responseCode: REDIRECT_CODES[r.responseCode ?? 0] ?? 301 };
    if (r.httpsRedirect === true) policies.redirect.scheme = "https";
    if ((r.schemeRedirect ?? "") !== "") policies.redirect.scheme = r.schemeRedirect!;
    if ((r.hostRedirect ?? "") !== "") policies.redirect.host = r.hostRedirect!;
    if (r.portRedirect !== undefined && r.portRedirect !== 0) policies.redirect.port = r.portRedirect;
    if (r.pathRedirect !== undefined) policies.redirect.path = r.pathRedirect;
    if (r.prefixRewrite !== undefined) policies.redirect.prefixRewrite = r.prefixRewrite;
    if (r.stripQuery === true) policies.redirect.stripQuery = true;
  }
  if (route.directResponse !== undefined) {
    const d = route.directResponse;
    const body = d.body?.inlineString ?? (d.body?.inlineBytes !== undefined ? Buffer.from(d.body.inlineBytes).toString("utf8") : undefined);
    policies.directResponse = body === undefined ? { status: d.status ?? 0 } : { status: d.status ?? 0, body };
  }
  if (action !== undefined) {
    const rw: RoutePolicies["rewrite"] = {};
    if ((action.prefixRewrite ?? "") !== "") rw.prefix = action.prefixRewrite!;
    if (action.regexRewrite !== undefined) rw.regex = { pattern: action.regexRewrite.pattern?.regex ?? "", substitution: action.regexRewrite.substitution ?? "" };
    if (action.hostRewriteLiteral !== undefined) rw.host = action.hostRewriteLiteral;
    if (action.autoHostRewrite === true) rw.autoHost = true;
    if (Object.keys(rw).length > 0) policies.rewrite = rw;
  }
  const perFilter = [...new Set([...Object.keys(vh.typedPerFilterConfig ?? {}), ...Object.keys(route.typedPerFilterConfig ?? {})])].sort();
  if (perFilter.length > 0) policies.perFilterConfig = perFilter;
  const vs = istioConfigName(route.metadata);
  if (vs !== undefined) policies.virtualService = vs;
  return policies;
}
