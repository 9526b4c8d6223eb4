/** IR route configurations → Envoy RouteConfiguration (mechanical). */
import { anyOf, ENVOY_TYPES, type HeaderMatcher, type HeaderValueOption, type RetryPolicy, type Route, type RouteConfiguration, type VirtualHost } from "../envoy/index.js";
import { FractionalPercent_DenominatorType } from "../../gen/envoy/envoy/type/v3/percent.js";
import { HeaderValueOption_HeaderAppendAction } from "../../gen/envoy/envoy/config/core/v3/base.js";
import { RedirectAction_RedirectResponseCode, VirtualHost_TlsRequirementType, type RouteAction_HashPolicy } from "../../gen/envoy/envoy/config/route/v3/route_components.js";
import type { StringMatcher } from "../../gen/envoy/envoy/type/matcher/v3/string.js";
import type { MetadataMatcher } from "../../gen/envoy/envoy/type/matcher/v3/metadata.js";
import type { ValueMatcher } from "../../gen/envoy/envoy/type/matcher/v3/value.js";
import { JWT_FILTER, JWT_PAYLOAD_KEY } from "../security/principals.js";
import { metadataListOrValueMatcher } from "../security/string-matchers.js";
import type { ClaimMatchIR, ForwardIR, HeaderOpsIR, RouteConfigIR, RouteIR, StringMatchIR, VirtualHostIR } from "../ir.js";
import { durationOf } from "./duration.js";

function stringMatcher(m: StringMatchIR): StringMatcher | undefined {
  if ("exact" in m) return { exact: m.exact };
  if ("prefix" in m) return { prefix: m.prefix };
  if ("regex" in m) return { safeRegex: { regex: m.regex } };
  return undefined;
}

function headerMatcher(name: string, m: StringMatchIR, invert?: boolean): HeaderMatcher {
  const sm = stringMatcher(m);
  return { name, ...(sm ? { stringMatch: sm } : { presentMatch: true }), ...(invert ? { invertMatch: true, treatMissingHeaderAsEmpty: true } : {}) };
}

/**
 * A JWT claim route match (`@request.auth.claims...` headers) → a `dynamic_metadata` matcher on the
 * payload jwt_authn writes (`payload_in_metadata: payload`, see security/jwt-authn.ts): path
 * `payload` → claim keys, matching a list claim with an equal element or a scalar claim itself
 * (istiod `authn.MetadataMatcherForJWTClaims`, extended JWT form). Same in both flavors: istiod no
 * longer emits an HTTP `istio_authn` filter, so its routes read jwt_authn's metadata too.
 */
export function claimMatcher(c: ClaimMatchIR): MetadataMatcher {
  const sm = stringMatcher(c.match);
  const value: ValueMatcher = sm ? { stringMatch: sm } : { presentMatch: true };
  const out = metadataListOrValueMatcher(JWT_FILTER, [JWT_PAYLOAD_KEY, ...c.claim], value);
  return c.invert ? { ...out, invert: true } : out;
}

function headersToAdd(ops: HeaderOpsIR | undefined): HeaderValueOption[] {
  const out: HeaderValueOption[] = [];
  const skip = (k: string) => k.startsWith(":") || k.toLowerCase() === "host";
  for (const k of Object.keys(ops?.set ?? {}).sort()) if (!skip(k)) out.push({ header: { key: k, value: ops!.set![k]! }, appendAction: HeaderValueOption_HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD });
  for (const k of Object.keys(ops?.add ?? {}).sort()) if (!skip(k)) out.push({ header: { key: k, value: ops!.add![k]! }, appendAction: HeaderValueOption_HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD });
  return out;
}

function hostRewrite(ops: HeaderOpsIR | undefined): string | undefined {
  const all = { ...(ops?.add ?? {}), ...(ops?.set ?? {}) };
  for (const [k, v] of Object.entries(all)) if (k.toLowerCase() === "host" || k === ":authority") return v;
  return undefined;
}

function percent(p: number) {
  return { numerator: Math.round(p * 10000), denominator: FractionalPercent_DenominatorType.MILLION };
}

function retryPolicy(r: NonNullable<ForwardIR["retry"]>): RetryPolicy {
  const out: RetryPolicy = { retryOn: r.retryOn, numRetries: r.numRetries };
  if (r.perTryTimeout) out.perTryTimeout = durationOf(r.perTryTimeout);
  if (r.retriableStatusCodes) out.retriableStatusCodes = r.retriableStatusCodes;
  if (r.previousHosts) {
    out.retryHostPredicate = [{ name: "envoy.retry_host_predicates.previous_hosts", typedConfig: anyOf(ENVOY_TYPES.previousHosts, {}) }];
    out.hostSelectionRetryMaxAttempts = 5;
  }
  if (r.retryRemoteLocalities) out.retryPriority = { name: "envoy.retry_priorities.previous_priorities", typedConfig: anyOf(ENVOY_TYPES.previousPriorities, { updateFrequency: 2 }) };
  if (r.backoff) out.retryBackOff = { baseInterval: durationOf(r.backoff) };
  return out;
}

function hashPolicies(h: NonNullable<ForwardIR["hashPolicy"]>): RouteAction_HashPolicy[] {
  return h.map((p) => {
    if ("header" in p) return { header: { headerName: p.header } };
    if ("cookie" in p) return { cookie: { name: p.cookie.name, ...(p.cookie.ttl ? { ttl: durationOf(p.cookie.ttl) } : {}), ...(p.cookie.path ? { path: p.cookie.path } : {}) } };
    if ("sourceIp" in p) return { connectionProperties: { sourceIp: true } };
    return { queryParameter: { name: p.queryParameter } };
  });
}

function routeOf(r: RouteIR): Route {
  const m = r.match;
  const route: Route = {
    name: r.name,
    match: {
      ...("prefix" in m.path ? { prefix: m.path.prefix } : "exact" in m.path ? { path: m.path.exact } : { safeRegex: { regex: m.path.regex } }),
      caseSensitive: m.caseSensitive,
      ...(m.headers ? { headers: m.headers.map((h) => headerMatcher(h.name, h.match, h.invert)) } : {}),
      ...(m.claims ? { dynamicMetadata: m.claims.map(claimMatcher) } : {}),
      ...(m.queryParams ? { queryParameters: m.queryParams.map((q) => { const sm = stringMatcher(q.match); return { name: q.name, ...(sm ? { stringMatch: sm } : { presentMatch: true }) }; }) } : {}),
    },
  };
  const a = r.action;
  if (a.kind === "forward") {
    const action: NonNullable<Route["route"]> = {};
    if (a.clusters.length === 1) action.cluster = a.clusters[0]!.name;
    else action.weightedClusters = { clusters: a.clusters.map((c) => ({ name: c.name, weight: c.weight, ...(c.requestHeaders ? { requestHeadersToAdd: headersToAdd(c.requestHeaders), requestHeadersToRemove: c.requestHeaders.remove ?? [] } : {}), ...(c.responseHeaders ? { responseHeadersToAdd: headersToAdd(c.responseHeaders), responseHeadersToRemove: c.responseHeaders.remove ?? [] } : {}) })) };
    action.timeout = durationOf(a.timeout);
    action.maxGrpcTimeout = durationOf(a.timeout);
    if (a.retry) action.retryPolicy = retryPolicy(a.retry);
    if (a.mirrors) action.requestMirrorPolicies = a.mirrors.map((mi) => ({ cluster: mi.cluster, runtimeFraction: { defaultValue: percent(mi.percent) }, traceSampled: false }));
    if (a.prefixRewrite !== undefined) action.prefixRewrite = a.prefixRewrite;
    if (a.regexRewrite) action.regexRewrite = { pattern: { regex: a.regexRewrite.pattern }, substitution: a.regexRewrite.substitution };
    const hr = a.hostRewrite ?? hostRewrite(r.requestHeaders);
    if (hr) action.hostRewriteLiteral = hr;
    if (a.hashPolicy) action.hashPolicy = hashPolicies(a.hashPolicy);
    route.route = action;
  } else if (a.kind === "redirect") {
    const codes: Record<number, RedirectAction_RedirectResponseCode> = { 301: RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY, 302: RedirectAction_RedirectResponseCode.FOUND, 303: RedirectAction_RedirectResponseCode.SEE_OTHER, 307: RedirectAction_RedirectResponseCode.TEMPORARY_REDIRECT, 308: RedirectAction_RedirectResponseCode.PERMANENT_REDIRECT };
    route.redirect = { ...(a.host ? { hostRedirect: a.host } : {}), ...(a.path ? { pathRedirect: a.path } : {}), ...(a.prefixRewrite ? { prefixRewrite: a.prefixRewrite } : {}), ...(a.scheme ? { schemeRedirect: a.scheme } : {}), ...(a.port ? { portRedirect: a.port } : {}), responseCode: codes[a.responseCode]! };
  } else {
    route.directResponse = { status: a.status, ...(a.body !== undefined ? { body: { inlineString: a.body } } : {}) };
  }
  const req = headersToAdd(r.requestHeaders);
  if (req.length > 0) route.requestHeadersToAdd = req;
  if (r.requestHeaders?.remove) route.requestHeadersToRemove = r.requestHeaders.remove;
  const resp = headersToAdd(r.responseHeaders);
  if (resp.length > 0) route.responseHeadersToAdd = resp;
  if (r.responseHeaders?.remove) route.responseHeadersToRemove = r.responseHeaders.remove;
  const perFilter: Record<string, ReturnType<typeof anyOf>> = {};
  if (r.fault) {
    perFilter["envoy.filters.http.fault"] = anyOf(ENVOY_TYPES.fault, {
      ...(r.fault.delay ? { delay: { fixedDelay: durationOf(r.fault.delay.fixedDelay), percentage: percent(r.fault.delay.percent) } } : {}),
      ...(r.fault.abort ? { abort: { ...(r.fault.abort.httpStatus !== undefined ? { httpStatus: r.fault.abort.httpStatus } : { grpcStatus: r.fault.abort.grpcStatus! }), percentage: percent(r.fault.abort.percent) } } : {}),
    });
  }
  if (r.cors) {
    const c = r.cors;
    perFilter["envoy.filters.http.cors"] = anyOf(ENVOY_TYPES.corsPolicy, {
      allowOriginStringMatch: c.allowOrigins.map((o) => stringMatcher(o) ?? { prefix: "" }),
      ...(c.allowMethods ? { allowMethods: c.allowMethods.join(",") } : {}),
      ...(c.allowHeaders ? { allowHeaders: c.allowHeaders.join(",") } : {}),
      ...(c.exposeHeaders ? { exposeHeaders: c.exposeHeaders.join(",") } : {}),
      ...(c.maxAge ? { maxAge: String(durationOf(c.maxAge).seconds ?? 0) } : {}),
      ...(c.allowCredentials !== undefined ? { allowCredentials: c.allowCredentials } : {}),
      filterEnabled: { defaultValue: { numerator: 100, denominator: FractionalPercent_DenominatorType.HUNDRED } },
      forwardNotMatchingPreflights: c.forwardNotMatchingPreflights,
    });
  }
  if (Object.keys(perFilter).length > 0) route.typedPerFilterConfig = perFilter;
  if (r.operation) route.decorator = { operation: r.operation };
  if (r.configPath) route.metadata = { filterMetadata: { istio: { config: r.configPath } } };
  return route;
}

function virtualHostOf(v: VirtualHostIR): VirtualHost {
  return { name: v.name, domains: v.domains, routes: v.routes.map(routeOf), ...(v.includeRequestAttemptCount ? { includeRequestAttemptCount: true } : {}), ...(v.requireTls ? { requireTls: VirtualHost_TlsRequirementType.ALL } : {}) };
}

export function routeConfigurationOf(rc: RouteConfigIR, inline = false): RouteConfiguration {
  const out: RouteConfiguration = { name: rc.name, virtualHosts: rc.virtualHosts.map(virtualHostOf), validateClusters: false };
  if (!inline) out.maxDirectResponseBodySizeBytes = 1048576;
  if (rc.ignorePortInHostMatching) out.ignorePortInHostMatching = true;
  return out;
}
