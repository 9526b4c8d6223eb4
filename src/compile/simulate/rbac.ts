/**
 * Envoy's RBAC filter, evaluated: which policy of an `envoy.filters.http.rbac` /
 * `envoy.filters.network.rbac` config matches a request, and what the filter then does.
 *
 * Semantics (Envoy `RoleBasedAccessControlEngineImpl`): a policy matches when any permission AND
 * any principal match; policies are tried in name order (the first match is the "effective policy").
 * `rules.action` ALLOW lets the request through only if a policy matches; DENY blocks it if one
 * does; LOG never blocks. No `rules`: the filter does not enforce. `shadow_rules` are evaluated the
 * same way and only reported (with their metadata, which ext_authz's filter_enabled_metadata reads).
 *
 *   const ctx = rbacRequest({ principal: "spiffe://cluster.local/ns/blog-app/sa/frontend", method: "GET", path: "/api/posts", port: 8080 });
 *   evaluateRbacFilters(hcm.httpFilters, ctx).decision  // { allowed: true, ... }
 *
 * Pure; matchers it cannot evaluate (uri_template, generic `matcher`, filter_state, CEL conditions)
 * count as no match and add a warning.
 */
import type { Any, Filter, FilterChain, HttpFilter } from "../envoy/index.js";
import { anyTypeName, unpackAny } from "../envoy/index.js";
import type { CidrRange } from "../../gen/envoy/envoy/config/core/v3/address.js";
import type { HeaderMatcher } from "../../gen/envoy/envoy/config/route/v3/route_components.js";
import { RBAC_Action, type Permission, type Policy, type Principal, type RBAC as RbacRules } from "../../gen/envoy/envoy/config/rbac/v3/rbac.js";
import type { MetadataMatcher } from "../../gen/envoy/envoy/type/matcher/v3/metadata.js";
import type { ValueMatcher } from "../../gen/envoy/envoy/type/matcher/v3/value.js";
import { cidrMatchLength } from "./cidr.js";
import { fullRegex, matchString, type Warn } from "./match.js";
import type { SimulatedCall } from "./types.js";

const HTTP_RBAC = "envoy.extensions.filters.http.rbac.v3.RBAC";
const NETWORK_RBAC = "envoy.extensions.filters.network.rbac.v3.RBAC";
const JWT_FILTER = "envoy.filters.http.jwt_authn";

/** What RBAC sees of a request (HTTP) or connection (TCP). */
export interface RbacRequestContext {
  /** Peer identity from the client certificate (URI SAN), e.g. `spiffe://cluster.local/ns/a/sa/b`; absent: plaintext. */
  principal?: string;
  /** The peer's address (`direct_remote_ip`, and `source_ip`). */
  sourceIp?: string;
  /** The original client address (`remote_ip`: from x-forwarded-for / PROXY protocol); default sourceIp. */
  remoteIp?: string;
  destinationIp?: string;
  destinationPort?: number;
  /** TLS server name. */
  sni?: string;
  /** HTTP only: absent on TCP chains. */
  method?: string;
  /** Path without the query string. */
  path?: string;
  /** Host / :authority. */
  host?: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string[]>;
  /** Dynamic metadata by filter name (e.g. jwt_authn's `{payload: claims}`). */
  metadata: Record<string, Record<string, unknown>>;
  /** Informational: the source namespace (Envoy matches namespaces through the principal). */
  sourceNamespace?: string;
}

export interface RbacRequestInput extends Partial<Omit<RbacRequestContext, "headers" | "metadata">> {
  headers?: Record<string, string | string[]>;
  metadata?: Record<string, Record<string, unknown>>;
  /** Verified JWT claims: written as jwt_authn metadata `{payload: claims}` (scope/permission split on spaces). */
  jwtClaims?: Record<string, unknown>;
  /** With jwtClaims: the claims jwt_authn splits on spaces (default `permission`, `scope`). */
  spaceDelimitedClaims?: string[];
  /** A port number in `port` is accepted as destinationPort. */
  port?: number;
}

/** Builds a request context; `spiffe://…/ns/<ns>/…` fills sourceNamespace. */
export function rbacRequest(input: RbacRequestInput): RbacRequestContext {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = Array.isArray(v) ? v : [v];
  const metadata: Record<string, Record<string, unknown>> = { ...(input.metadata ?? {}) };
  if (input.jwtClaims !== undefined) {
    const split = new Set(input.spaceDelimitedClaims ?? ["permission", "scope"]);
    const payload: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input.jwtClaims)) payload[k] = split.has(k) && typeof v === "string" ? v.split(" ").filter(Boolean) : v;
    metadata[JWT_FILTER] = { ...(metadata[JWT_FILTER] ?? {}), payload };
  }
  const { headers: _h, metadata: _m, jwtClaims: _j, spaceDelimitedClaims: _s, port, ...rest } = input;
  const ctx: RbacRequestContext = { ...rest, headers, metadata };
  if (ctx.destinationPort === undefined && port !== undefined) ctx.destinationPort = port;
  const ns = /\/ns\/([^/]+)\//.exec(ctx.principal ?? "");
  if (ctx.sourceNamespace === undefined && ns) ctx.sourceNamespace = ns[1];
  return ctx;
}

export type RbacVerdict = "ALLOW" | "DENY";

export interface RbacEngineResult {
  /** The rules' action (LOG for AUDIT filters). */
  rulesAction: "ALLOW" | "DENY" | "LOG";
  /** What the engine decides: ALLOW / DENY (LOG always allows). */
  action: RbacVerdict;
  /** The first matching policy in name order. */
  policy?: string;
}

export interface RbacDecision {
  /** The filter's name (`envoy.filters.http.rbac`...), or "" for a bare config. */
  filter: string;
  /** Index of the filter in the list given to evaluateRbacFilters (-1 otherwise). */
  index: number;
  /** The enforced result; ALLOW when the filter has no `rules`. */
  action: RbacVerdict;
  /** The enforced rules' effective policy (the allowing, denying or logged one). */
  policy?: string;
  /** The engine result of `rules`, when present. */
  rules?: RbacEngineResult;
  /** `shadow_rules`: not enforced; `metadata` is the dynamic metadata Envoy writes for them. */
  shadow?: RbacEngineResult & { statPrefix: string; metadata: Record<string, string> };
  warnings?: string[];
}

/** Evaluates one rule set. */
export function evaluateRules(rules: RbacRules, ctx: RbacRequestContext, warn: Warn = () => undefined): RbacEngineResult {
  const rulesAction = rules.action === RBAC_Action.DENY ? "DENY" : rules.action === RBAC_Action.LOG ? "LOG" : "ALLOW";
  let policy: string | undefined;
  for (const name of Object.keys(rules.policies ?? {}).sort()) {
    if (matchPolicy(rules.policies![name]!, ctx, warn)) {
      policy = name;
      break;
    }
  }
  const action: RbacVerdict = rulesAction === "ALLOW" ? (policy !== undefined ? "ALLOW" : "DENY") : rulesAction === "DENY" ? (policy !== undefined ? "DENY" : "ALLOW") : "ALLOW";
  return { rulesAction, action, ...(policy !== undefined ? { policy } : {}) };
}

type RbacConfig = { rules?: RbacRules; shadowRules?: RbacRules; shadowRulesStatPrefix?: string };

/** The RBAC config of an HTTP or network filter, or undefined when the filter is not RBAC. */
export function rbacConfigOf(filter: HttpFilter | Filter): RbacConfig | undefined {
  const any: Any | undefined = filter.typedConfig;
  if (any === undefined) return undefined;
  const type = anyTypeName(any);
  if (type === HTTP_RBAC) return unpackAny(any, HTTP_RBAC);
  if (type === NETWORK_RBAC) return unpackAny(any, NETWORK_RBAC);
  return undefined;
}

/** Evaluates an RBAC filter (HTTP or network) or a bare RBAC config. */
export function evaluateRbac(filter: HttpFilter | Filter | RbacConfig, ctx: RbacRequestContext, index = -1): RbacDecision {
  const warnings: string[] = [];
  const warn: Warn = (m) => void warnings.push(m);
  const isFilter = "typedConfig" in filter || "name" in filter;
  const config = isFilter ? rbacConfigOf(filter as HttpFilter) : (filter as RbacConfig);
  const decision: RbacDecision = { filter: isFilter ? (filter as HttpFilter).name ?? "" : "", index, action: "ALLOW" };
  if (config === undefined) {
    warnings.push(`filter ${decision.filter} is not an RBAC filter`);
  } else {
    if (config.rules !== undefined) {
      decision.rules = evaluateRules(config.rules, ctx, warn);
      decision.action = decision.rules.action;
      if (decision.rules.policy !== undefined) decision.policy = decision.rules.policy;
    }
    if (config.shadowRules !== undefined) {
      const r = evaluateRules(config.shadowRules, ctx, warn);
      const prefix = config.shadowRulesStatPrefix ?? "";
      const metadata: Record<string, string> = { [`${prefix}shadow_engine_result`]: r.action === "ALLOW" ? "allowed" : "denied" };
      if (r.policy !== undefined) metadata[`${prefix}shadow_effective_policy_id`] = r.policy;
      decision.shadow = { ...r, statPrefix: prefix, metadata };
    }
  }
  if (warnings.length > 0) decision.warnings = [...new Set(warnings)];
  return decision;
}

export interface RbacChainResult {
  /** False when an RBAC filter denied the request. */
  allowed: boolean;
  /** The denying filter's decision, when denied. */
  deniedBy?: RbacDecision;
  /** The last ALLOW filter's allowing policy (the policy that let the request in), if any. */
  allowedBy?: RbacDecision;
  /** Each RBAC filter evaluated, in order, up to the denying one. */
  decisions: RbacDecision[];
  /**
   * ext_authz filters whose filter_enabled_metadata matched the preceding shadow RBAC result: the
   * request would be sent to that authorization service (its answer is not simulated).
   */
  extAuthz: { filter: string; index: number; policy: string }[];
}

/**
 * Runs a chain's filters (HCM http_filters or network filters) in order: every RBAC filter is
 * evaluated, the first DENY stops the request; ext_authz filters report whether they would be called.
 */
export function evaluateRbacFilters(filters: readonly (HttpFilter | Filter)[], ctx: RbacRequestContext): RbacChainResult {
  const result: RbacChainResult = { allowed: true, decisions: [], extAuthz: [] };
  const metadata: Record<string, Record<string, string>> = {};
  filters.forEach((f, index) => {
    if (!result.allowed) return;
    const type = f.typedConfig ? anyTypeName(f.typedConfig) : "";
    if (type === HTTP_RBAC || type === NETWORK_RBAC) {
      const d = evaluateRbac(f, ctx, index);
      result.decisions.push(d);
      if (d.shadow) metadata[f.name ?? ""] = { ...(metadata[f.name ?? ""] ?? {}), ...d.shadow.metadata };
      if (d.action === "DENY") {
        result.allowed = false;
        result.deniedBy = d;
      } else if (d.rules?.rulesAction === "ALLOW") result.allowedBy = d;
    } else if (type.endsWith(".ext_authz.v3.ExtAuthz")) {
      const m = (unpackAny(f.typedConfig!) as { message: { filterEnabledMetadata?: MetadataMatcher } }).message.filterEnabledMetadata;
      if (m === undefined) return;
      const data = metadata[m.filter ?? ""];
      const key = m.path?.[0]?.key ?? "";
      const value = data?.[key];
      if (value !== undefined && matchMetadata({ ...ctx, metadata: { ...ctx.metadata, [m.filter ?? ""]: data! } }, m, () => undefined)) {
        result.extAuthz.push({ filter: f.name ?? "", index, policy: value });
      }
    }
  });
  return result;
}

const HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

/**
 * The RBAC verdict of a matched filter chain: the HCM's HTTP filters when the chain has one, else
 * the chain's network filters (`envoy.filters.network.rbac` on TCP chains). HTTP chains may carry
 * network RBAC filters too (before the HCM); those are evaluated first.
 */
export function evaluateChainRbac(chain: FilterChain, ctx: RbacRequestContext): RbacChainResult {
  const network = chain.filters ?? [];
  const hcmFilter = network.find((f) => f.typedConfig !== undefined && anyTypeName(f.typedConfig) === HCM);
  const before = evaluateRbacFilters(network.filter((f) => f !== hcmFilter), ctx);
  if (!before.allowed || hcmFilter === undefined) return before;
  const httpFilters = unpackAny(hcmFilter.typedConfig!, HCM).httpFilters ?? [];
  const http = evaluateRbacFilters(httpFilters, ctx);
  return {
    allowed: http.allowed,
    ...(http.deniedBy ? { deniedBy: http.deniedBy } : {}),
    ...(http.allowedBy ?? before.allowedBy ? { allowedBy: (http.allowedBy ?? before.allowedBy)! } : {}),
    decisions: [...before.decisions, ...http.decisions],
    extAuthz: [...before.extAuthz, ...http.extAuthz],
  };
}

/** What the simulator knows of the caller beyond the call itself. */
export interface RbacCaller {
  /** `spiffe://…` of the source workload (mTLS calls); absent for plaintext. */
  principal?: string;
  sourceIp?: string;
  remoteIp?: string;
  jwtClaims?: Record<string, unknown>;
  metadata?: Record<string, Record<string, unknown>>;
}

/** A simulator call as RBAC sees it (the principal only counts on mutual-TLS calls). */
export function rbacRequestFromCall(call: SimulatedCall, caller: RbacCaller = {}): RbacRequestContext {
  const http = call.protocol === "http" || call.protocol === "http2";
  const input: RbacRequestInput = {
    destinationIp: call.address,
    destinationPort: call.port,
    headers: http ? call.headers : {},
  };
  if (call.tls === "mtls" && caller.principal !== undefined) input.principal = caller.principal;
  if (call.sni !== "") input.sni = call.sni;
  if (http) {
    input.method = call.method;
    input.path = call.path;
    if (call.hostHeader !== "") input.host = call.hostHeader;
  }
  if (caller.sourceIp !== undefined) input.sourceIp = caller.sourceIp;
  if (caller.remoteIp !== undefined) input.remoteIp = caller.remoteIp;
  if (http && caller.jwtClaims !== undefined) input.jwtClaims = caller.jwtClaims;
  if (caller.metadata !== undefined) input.metadata = caller.metadata;
  return rbacRequest(input);
}

// ---------------------------------------------------------------- matchers

function matchPolicy(p: Policy, ctx: RbacRequestContext, warn: Warn): boolean {
  if (p.condition !== undefined || p.checkedCondition !== undefined) warn("CEL policy conditions are not evaluated; treated as true");
  return (p.permissions ?? []).some((x) => matchPermission(x, ctx, warn)) && (p.principals ?? []).some((x) => matchPrincipal(x, ctx, warn));
}

export function matchPermission(p: Permission, ctx: RbacRequestContext, warn: Warn): boolean {
  if (p.any !== undefined) return p.any === true;
  if (p.andRules !== undefined) return (p.andRules.rules ?? []).every((r) => matchPermission(r, ctx, warn));
  if (p.orRules !== undefined) return (p.orRules.rules ?? []).some((r) => matchPermission(r, ctx, warn));
  if (p.notRule !== undefined) return !matchPermission(p.notRule, ctx, warn);
  if (p.header !== undefined) return matchHeader(p.header, ctx, warn);
  if (p.urlPath !== undefined) return ctx.path !== undefined && p.urlPath.path !== undefined && matchString(p.urlPath.path, ctx.path, warn);
  if (p.destinationIp !== undefined) return matchCidr(p.destinationIp, ctx.destinationIp);
  if (p.destinationPort !== undefined) return ctx.destinationPort === p.destinationPort;
  if (p.destinationPortRange !== undefined) return ctx.destinationPort !== undefined && ctx.destinationPort >= (p.destinationPortRange.start ?? 0) && ctx.destinationPort < (p.destinationPortRange.end ?? 0);
  if (p.metadata !== undefined) return matchMetadata(ctx, p.metadata, warn);
  if (p.requestedServerName !== undefined) return matchString(p.requestedServerName, ctx.sni ?? "", warn);
  if (p.uriTemplate !== undefined) warn(`uri_template permission ${p.uriTemplate.name ?? ""} is not evaluated; treated as no match`);
  if (p.matcher !== undefined) warn(`permission matcher ${p.matcher.name ?? ""} is not evaluated; treated as no match`);
  return false;
}

export function matchPrincipal(p: Principal, ctx: RbacRequestContext, warn: Warn): boolean {
  if (p.any !== undefined) return p.any === true;
  if (p.andIds !== undefined) return (p.andIds.ids ?? []).every((r) => matchPrincipal(r, ctx, warn));
  if (p.orIds !== undefined) return (p.orIds.ids ?? []).some((r) => matchPrincipal(r, ctx, warn));
  if (p.notId !== undefined) return !matchPrincipal(p.notId, ctx, warn);
  if (p.authenticated !== undefined) {
    if (ctx.principal === undefined) return false; // no peer certificate
    return p.authenticated.principalName === undefined || matchString(p.authenticated.principalName, ctx.principal, warn);
  }
  if (p.sourceIp !== undefined || p.directRemoteIp !== undefined) return matchCidr((p.directRemoteIp ?? p.sourceIp)!, ctx.sourceIp);
  if (p.remoteIp !== undefined) return matchCidr(p.remoteIp, ctx.remoteIp ?? ctx.sourceIp);
  if (p.header !== undefined) return matchHeader(p.header, ctx, warn);
  if (p.urlPath !== undefined) return ctx.path !== undefined && p.urlPath.path !== undefined && matchString(p.urlPath.path, ctx.path, warn);
  if (p.metadata !== undefined) return matchMetadata(ctx, p.metadata, warn);
  if (p.filterState !== undefined) warn(`filter_state principal ${p.filterState.key ?? ""} is not evaluated; treated as no match`);
  return false;
}

function matchCidr(range: CidrRange, ip: string | undefined): boolean {
  if (ip === undefined) return false;
  return cidrMatchLength(ip, range.addressPrefix ?? "", range.prefixLen ?? 0) !== undefined;
}

function headerValue(ctx: RbacRequestContext, name: string): string | undefined {
  const key = name.toLowerCase();
  if (key === ":method") return ctx.method;
  if (key === ":path") return ctx.path;
  if (key === ":authority" || key === "host") return ctx.host;
  const values = ctx.headers[key];
  return values === undefined || values.length === 0 ? undefined : values.join(",");
}

/** Envoy's HeaderMatcher on the request headers (absent on TCP). */
function matchHeader(m: HeaderMatcher, ctx: RbacRequestContext, warn: Warn): boolean {
  const invert = m.invertMatch === true;
  const found = headerValue(ctx, m.name ?? "");
  if (found === undefined && m.treatMissingHeaderAsEmpty !== true) {
    const present = m.presentMatch !== undefined;
    return invert ? present && m.presentMatch === true : present && m.presentMatch === false;
  }
  const value = found ?? "";
  let match: boolean;
  if (m.exactMatch !== undefined) match = value === m.exactMatch;
  else if (m.safeRegexMatch !== undefined) match = fullRegex(m.safeRegexMatch.regex ?? "", warn)?.test(value) ?? false;
  else if (m.rangeMatch !== undefined) match = /^-?\d+$/.test(value) && Number(value) >= (m.rangeMatch.start ?? 0) && Number(value) < (m.rangeMatch.end ?? 0);
  else if (m.presentMatch !== undefined) match = m.presentMatch === true;
  else if (m.prefixMatch !== undefined) match = value.startsWith(m.prefixMatch);
  else if (m.suffixMatch !== undefined) match = value.endsWith(m.suffixMatch);
  else if (m.containsMatch !== undefined) match = value.includes(m.containsMatch);
  else if (m.stringMatch !== undefined) match = matchString(m.stringMatch, value, warn);
  else match = true;
  return match !== invert;
}

/** Envoy's MetadataMatcher on the request's dynamic metadata. */
export function matchMetadata(ctx: RbacRequestContext, m: MetadataMatcher, warn: Warn): boolean {
  let value: unknown = ctx.metadata[m.filter ?? ""];
  for (const seg of m.path ?? []) {
    value = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[seg.key ?? ""] : undefined;
  }
  const match = m.value !== undefined && matchValue(m.value, value, warn);
  return match !== (m.invert === true);
}

function matchValue(m: ValueMatcher, value: unknown, warn: Warn): boolean {
  if (m.nullMatch !== undefined) return value === null;
  if (m.presentMatch !== undefined) return m.presentMatch === (value !== undefined);
  if (value === undefined) return false;
  if (m.stringMatch !== undefined) return typeof value === "string" && matchString(m.stringMatch, value, warn);
  if (m.boolMatch !== undefined) return value === m.boolMatch;
  if (m.doubleMatch !== undefined) {
    if (typeof value !== "number") return false;
    if (m.doubleMatch.exact !== undefined) return value === m.doubleMatch.exact;
    const r = m.doubleMatch.range;
    return r !== undefined && value >= (r.start ?? 0) && value < (r.end ?? 0);
  }
  if (m.listMatch !== undefined) return Array.isArray(value) && m.listMatch.oneOf !== undefined && value.some((v) => matchValue(m.listMatch!.oneOf!, v, warn));
  if (m.orMatch !== undefined) return (m.orMatch.valueMatchers ?? []).some((x) => matchValue(x, value, warn));
  return false;
}
