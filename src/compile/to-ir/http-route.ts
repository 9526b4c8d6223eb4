/**
 * One VirtualService `http[]` entry → IR routes (pilot/pkg/networking/core/route/route.go
 * TranslateRoute, route/retry/retry.go; xds-mapping.md 7.4–7.6). Matches that cannot apply to this
 * proxy and listener port are dropped here (port, sourceLabels, sourceNamespace, gateways).
 */
import { labelsMatch } from "../../model/mesh-model.js";
import type { ClaimMatchIR, CorsIR, FaultIR, ForwardIR, HeaderMatchIR, HeaderOpsIR, RetryIR, RouteIR, RouteMatchIR, StringMatchIR } from "../ir.js";
import { istioConfigPath } from "../names.js";
import type { ConfigResource } from "./mesh-index.js";

type Obj = Record<string, any>;

export const DEFAULT_RETRY_ON = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

/** Istio's default retry policy, or the mesh's `defaultHttpRetryPolicy` when set (retry/retry.go). */
export function defaultRetry(hashing: boolean, meshDefault?: Obj): RetryIR | undefined {
  if (meshDefault) return convertRetry(meshDefault, hashing);
  return { retryOn: DEFAULT_RETRY_ON, numRetries: 2, previousHosts: !hashing };
}

export interface RouteEnv {
  listenerPort: number;
  proxyNamespace: string;
  proxyLabels: Record<string, string>;
  /** Mesh `defaultHttpRetryPolicy` (replaces Istio's default policy on routes without retries). */
  meshDefaultRetry?: Obj;
  /** Gateway routes: the gateway (`ns/name`) the routes are built for; absent: the mesh (sidecars). */
  gateway?: string;
  /** Destination → cluster name, port and hash policy (resolves hosts, aliases, ports). */
  destination(host: string, namespace: string, port: number | undefined, subset: string | undefined): { cluster: string; port: number; host: string; hashPolicy?: ForwardIR["hashPolicy"] };
}

function stringMatch(m: Obj | undefined): StringMatchIR | undefined {
  if (!m) return undefined;
  if (typeof m.exact === "string") return { exact: m.exact };
  if (typeof m.prefix === "string") return { prefix: m.prefix };
  if (typeof m.regex === "string") return m.regex === "*" || m.regex === "" ? { present: true } : { regex: m.regex };
  return { present: true };
}

function headerMatches(headers: Obj | undefined, invert: boolean): HeaderMatchIR[] {
  return Object.keys(headers ?? {})
    .sort()
    .map((name) => ({ name, match: stringMatch(headers![name]) ?? { present: true as const }, ...(invert ? { invert: true } : {}) }));
}

/** istiod's `HeaderJWTClaim` (pilot/pkg/security/authn `jwt.ToRoutingClaim`). */
const JWT_CLAIM_HEADER = "@request.auth.claims";

/**
 * `@request.auth.claims.a.b` → [`a`, `b`]; `@request.auth.claims[a][b]` → [`a`, `b`]; anything else
 * (a plain header name, or a bare/malformed claim name) → undefined (istiod keeps it a header match).
 */
export function routingClaim(header: string): string[] | undefined {
  if (!header.toLowerCase().startsWith(JWT_CLAIM_HEADER)) return undefined;
  const name = header.slice(JWT_CLAIM_HEADER.length);
  if (name.startsWith(".") && name.length > 1) return name.slice(1).split(".");
  if (name.startsWith("[") && name.endsWith("]") && name.length > 2) return name.slice(1, -1).split("][");
  return undefined;
}

function translateMatch(m: Obj | undefined): RouteMatchIR {
  const uri = m?.uri as Obj | undefined;
  const path: RouteMatchIR["path"] = uri?.exact !== undefined ? { exact: uri.exact } : uri?.prefix !== undefined ? { prefix: uri.prefix } : uri?.regex !== undefined ? { regex: uri.regex } : { prefix: "/" };
  const out: RouteMatchIR = { path, caseSensitive: m?.ignoreUriCase !== true };
  const all = [...headerMatches(m?.headers, false), ...headerMatches(m?.withoutHeaders, true)];
  // Claim "headers" become metadata matches on the JWT claims (istiod translateMetadataMatch).
  const claims: ClaimMatchIR[] = [];
  const headers: HeaderMatchIR[] = [];
  for (const h of all) {
    const claim = routingClaim(h.name);
    if (claim) claims.push({ claim, match: h.match, ...(h.invert ? { invert: true } : {}) });
    else headers.push(h);
  }
  for (const [field, name] of [["method", ":method"], ["authority", ":authority"], ["scheme", ":scheme"]] as const) {
    const s = stringMatch(m?.[field]);
    if (s) headers.push({ name, match: s });
  }
  if (headers.length > 0) out.headers = headers;
  if (claims.length > 0) out.claims = claims;
  const qp = m?.queryParams as Obj | undefined;
  if (qp && Object.keys(qp).length > 0) out.queryParams = Object.keys(qp).sort().map((name) => ({ name, match: stringMatch(qp[name]) ?? { present: true as const } }));
  return out;
}

export function isCatchAll(m: RouteMatchIR): boolean {
  const p = m.path;
  return (("prefix" in p && p.prefix === "/") || ("regex" in p && (p.regex === ".*" || p.regex === "/.*"))) && !m.headers && !m.claims && !m.queryParams;
}

function headerOps(h: Obj | undefined): HeaderOpsIR | undefined {
  if (!h) return undefined;
  const out: HeaderOpsIR = {};
  if (h.set && Object.keys(h.set).length > 0) out.set = h.set;
  if (h.add && Object.keys(h.add).length > 0) out.add = h.add;
  if (Array.isArray(h.remove) && h.remove.length > 0) out.remove = h.remove;
  return Object.keys(out).length > 0 ? out : undefined;
}

function percent(p: Obj | undefined, legacy: unknown, dflt = 100): number {
  if (p && typeof p.value === "number") return p.value;
  if (typeof legacy === "number") return legacy;
  return dflt;
}

function fault(f: Obj | undefined): FaultIR | undefined {
  if (!f) return undefined;
  const out: FaultIR = {};
  if (f.delay?.fixedDelay) out.delay = { fixedDelay: f.delay.fixedDelay, percent: percent(f.delay.percentage, f.delay.percent) };
  if (f.abort && (f.abort.httpStatus !== undefined || f.abort.grpcStatus !== undefined)) {
    const grpc = typeof f.abort.grpcStatus === "string" ? GRPC_CODES[f.abort.grpcStatus] : f.abort.grpcStatus;
    out.abort = { ...(f.abort.httpStatus !== undefined ? { httpStatus: f.abort.httpStatus } : { grpcStatus: grpc ?? 2 }), percent: percent(f.abort.percentage, f.abort.percent) };
  }
  return out.delay || out.abort ? out : undefined;
}

const GRPC_CODES: Record<string, number> = { OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16 };

function cors(c: Obj | undefined): CorsIR | undefined {
  if (!c) return undefined;
  const origins: StringMatchIR[] = [...((c.allowOrigins ?? []) as Obj[]).map((o) => stringMatch(o)!).filter(Boolean), ...((c.allowOrigin ?? []) as string[]).map((o) => (o === "*" ? { prefix: "*" } : { exact: o }))];
  const out: CorsIR = { allowOrigins: origins, forwardNotMatchingPreflights: c.unmatchedPreflights !== "IGNORE" };
  if (Array.isArray(c.allowMethods)) out.allowMethods = c.allowMethods;
  if (Array.isArray(c.allowHeaders)) out.allowHeaders = c.allowHeaders;
  if (Array.isArray(c.exposeHeaders)) out.exposeHeaders = c.exposeHeaders;
  if (typeof c.maxAge === "string") out.maxAge = c.maxAge;
  if (typeof c.allowCredentials === "boolean") out.allowCredentials = c.allowCredentials;
  return out;
}

function convertRetry(r: Obj, hashing: boolean): RetryIR | undefined {
  if (r.attempts === 0) return undefined;
  const codes: number[] = [];
  const on: string[] = [];
  for (const part of String(r.retryOn ?? DEFAULT_RETRY_ON).split(",").map((s) => s.trim()).filter(Boolean)) {
    if (/^\d+$/.test(part)) codes.push(Number(part));
    else on.push(part);
  }
  if (codes.length > 0 && !on.includes("retriable-status-codes")) on.push("retriable-status-codes");
  const out: RetryIR = { retryOn: on.join(","), numRetries: typeof r.attempts === "number" ? r.attempts : 2, previousHosts: r.retryIgnorePreviousHosts !== false && !hashing };
  if (typeof r.perTryTimeout === "string") out.perTryTimeout = r.perTryTimeout;
  if (codes.length > 0) out.retriableStatusCodes = codes;
  if (r.retryRemoteLocalities === true) out.retryRemoteLocalities = true;
  if (typeof r.backoff === "string") out.backoff = r.backoff;
  return out;
}

const REDIRECT_CODES: Record<number, 301 | 302 | 303 | 307 | 308> = { 301: 301, 302: 302, 303: 303, 307: 307, 308: 308 };

/** Whether a match applies to this proxy on this listener port. */
function matchApplies(m: Obj, env: RouteEnv & { vsNamespace?: string }): boolean {
  if (typeof m.port === "number" && m.port !== env.listenerPort) return false;
  if (m.sourceLabels && !labelsMatch(m.sourceLabels, env.proxyLabels)) return false;
  if (typeof m.sourceNamespace === "string" && m.sourceNamespace !== env.proxyNamespace) return false;
  if (Array.isArray(m.gateways) && m.gateways.length > 0) {
    if (env.gateway === undefined) return m.gateways.includes("mesh");
    return (m.gateways as string[]).some((g) => qualifyGateway(g, env.vsNamespace ?? "") === env.gateway);
  }
  return true;
}

/** A VirtualService's gateway reference as `ns/name` (a short name is in the VirtualService's namespace). */
export function qualifyGateway(ref: string, vsNamespace: string): string {
  return ref.includes("/") ? ref : `${vsNamespace}/${ref}`;
}

export interface TranslatedHttp {
  routes: RouteIR[];
  /** A catch-all route was emitted: later routes are unreachable. */
  catchAll: boolean;
}

/** Translates one http[] entry (already merged with its delegate when delegated). */
export function translateHttpRoute(vs: ConfigResource, http: Obj, env: RouteEnv): TranslatedHttp {
  const matches = (http.match ?? []) as Obj[];
  const menv = env.gateway === undefined ? env : { ...env, vsNamespace: vs.namespace };
  const applicable = matches.length === 0 ? [undefined] : matches.filter((m) => matchApplies(m, menv));
  const routes: RouteIR[] = [];
  let catchAll = false;
  for (const m of applicable) {
    const match = translateMatch(m);
    const name = [http.name, m?.name].filter((x) => typeof x === "string" && x !== "").join(".");
    const route: RouteIR = { name, match, action: action(vs, http, env), configPath: istioConfigPath("virtual-service", vs.namespace, vs.name) };
    const req = headerOps(http.headers?.request);
    const resp = headerOps(http.headers?.response);
    if (req) route.requestHeaders = req;
    if (resp) route.responseHeaders = resp;
    const f = fault(http.fault);
    if (f) route.fault = f;
    const c = cors(http.corsPolicy);
    if (c) route.cors = c;
    if (route.action.kind === "forward") {
      const single = route.action.clusters.length === 1 ? route.action.clusters[0]!.name : undefined;
      const parts = single?.split("|");
      route.operation = single && parts ? `${parts[3]}:${parts[1]}/*` : `${vs.name}:${env.listenerPort}/*`;
    }
    routes.push(route);
    if (isCatchAll(match)) {
      catchAll = true;
      break;
    }
  }
  return { routes, catchAll };
}

function action(vs: ConfigResource, http: Obj, env: RouteEnv): RouteIR["action"] {
  if (http.redirect) {
    const r = http.redirect as Obj;
    const out: RouteIR["action"] = { kind: "redirect", responseCode: REDIRECT_CODES[r.redirectCode as number] ?? 301 };
    if (r.authority) out.host = r.authority;
    if (r.uri) out.path = r.uri;
    if (r.scheme) out.scheme = r.scheme;
    const port = r.derivePort === "FROM_REQUEST_PORT" ? env.listenerPort : r.port;
    if (typeof port === "number" && !((r.scheme ?? "http") === "http" && port === 80) && !(r.scheme === "https" && port === 443)) out.port = port;
    return out;
  }
  if (http.directResponse) {
    const d = http.directResponse as Obj;
    const body = d.body?.string ?? (d.body?.bytes ? Buffer.from(d.body.bytes, "base64").toString("utf8") : undefined);
    return { kind: "direct", status: d.status ?? 200, ...(body !== undefined ? { body } : {}) };
  }
  const dests = ((http.route ?? []) as Obj[]).filter((d) => d.weight === undefined || d.weight > 0 || (http.route as Obj[]).length === 1);
  let hashPolicy: ForwardIR["hashPolicy"];
  const clusters = dests.map((d) => {
    const dest = env.destination(d.destination?.host ?? "", vs.namespace, d.destination?.port?.number, d.destination?.subset);
    if (dests.length === 1) hashPolicy = dest.hashPolicy;
    const entry: ForwardIR["clusters"][number] = { name: dest.cluster, weight: d.weight ?? (dests.length === 1 ? 100 : 0) };
    const req = headerOps(d.headers?.request);
    const resp = headerOps(d.headers?.response);
    if (req) entry.requestHeaders = req;
    if (resp) entry.responseHeaders = resp;
    return entry;
  });
  const fwd: ForwardIR = { kind: "forward", clusters, timeout: typeof http.timeout === "string" ? http.timeout : "0s" };
  const rp = http.retries ? convertRetry(http.retries, hashPolicy !== undefined) : defaultRetry(hashPolicy !== undefined, env.meshDefaultRetry);
  if (rp) fwd.retry = rp;
  const mirrors: NonNullable<ForwardIR["mirrors"]> = [];
  if (http.mirror?.host) {
    const p = percent(http.mirrorPercentage, http.mirrorPercent);
    if (p > 0) mirrors.push({ cluster: env.destination(http.mirror.host, vs.namespace, http.mirror.port?.number, http.mirror.subset).cluster, percent: p });
  }
  for (const m of (http.mirrors ?? []) as Obj[]) {
    const p = percent(m.percentage, undefined);
    if (p > 0 && m.destination?.host) mirrors.push({ cluster: env.destination(m.destination.host, vs.namespace, m.destination.port?.number, m.destination.subset).cluster, percent: p });
  }
  if (mirrors.length > 0) fwd.mirrors = mirrors;
  if (http.rewrite?.uri !== undefined) fwd.prefixRewrite = http.rewrite.uri;
  if (http.rewrite?.uriRegexRewrite) fwd.regexRewrite = { pattern: http.rewrite.uriRegexRewrite.match, substitution: http.rewrite.uriRegexRewrite.rewrite };
  if (http.rewrite?.authority) fwd.hostRewrite = http.rewrite.authority;
  if (hashPolicy) fwd.hashPolicy = hashPolicy;
  return fwd;
}
