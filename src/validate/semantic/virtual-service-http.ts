/** Checks of one VirtualService HTTP route (spec.http[i]), after Istio's webhook. */
import { IssueList, arr, entries, isObj, isSet, type Path } from "./issues.js";
import { re2Error } from "./re2.js";
import { parseDuration } from "../cel/common.js";
import { wildcardDomainError, isDNS1123Label } from "./hostnames.js";
import {
  durationError, gatewayRefIssues, headerEditError, headerMatchNameError, headerNameError, headerValueError,
  isAuthorityHeader, labelErrors, percentageError, portError, requestSetHeaderError,
} from "./field-rules.js";

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"]);
const GRPC_STATUSES = new Set([
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
  "DATA_LOSS", "UNAUTHENTICATED",
]);
const RETRY_ON = new Set([
  "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream",
  "retriable-status-codes", "retriable-headers", "envoy-ratelimited", "http3-post-connect-failure",
  "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
]);
/** Status codes with a standard reason phrase (the ones Go's net/http knows). */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** A Destination (host, subset, port) as routes, mirrors and egress proxies use it. */
export function checkDestination(out: IssueList, path: Path, d: unknown): void {
  if (!isObj(d)) return;
  if (d.host === "*") out.error([...path, "host"], `destination host "*" is not allowed: name the service`);
  else if (typeof d.host === "string") out.error([...path, "host"], wildcardDomainError(d.host));
  if (typeof d.subset === "string" && d.subset !== "" && !isDNS1123Label(d.subset))
    out.error([...path, "subset"], `subset name "${d.subset}" is invalid: use letters, digits and "-", starting and ending with a letter or digit`);
  if (isObj(d.port)) out.error([...path, "port", "number"], portError(d.port.number ?? 0));
}

/** Header edits: what may be added, set or removed on requests and responses. */
export function checkHeaderEdits(out: IssueList, path: Path, headers: unknown): void {
  if (!isObj(headers)) return;
  for (const side of ["request", "response"] as const) {
    const ops = headers[side];
    if (!isObj(ops)) continue;
    const nameRule = side === "request" ? requestSetHeaderError : headerEditError;
    for (const op of ["add", "set"] as const)
      for (const [k, v] of entries(ops[op])) {
        out.error([...path, side, op, k], nameRule(k));
        if (typeof v === "string") out.error([...path, side, op, k], headerValueError(v));
      }
    arr<string>(ops.remove).forEach((k, i) => out.error([...path, side, "remove", i], headerEditError(k)));
  }
}

/** Weighted destinations: no negative weight, and not all zero when there are several. */
export function checkWeightedRoutes(out: IssueList, path: Path, routes: unknown, withHeaders: boolean): void {
  const list = arr(routes);
  let total = 0;
  list.forEach((r, i) => {
    if (!isObj(r)) return;
    if (withHeaders) checkHeaderEdits(out, [...path, i, "headers"], r.headers);
    checkDestination(out, [...path, i, "destination"], r.destination);
    const w = typeof r.weight === "number" ? r.weight : 0;
    if (w < 0) out.error([...path, i, "weight"], `weight ${w} is negative: use 0 to 100`);
    total += w;
  });
  if (list.length > 1 && total === 0) out.error(path, "all destination weights are 0: give at least one destination a weight");
}

function checkStringMatch(out: IssueList, path: Path, sm: unknown, allowEmptyPrefix = false): void {
  if (!isObj(sm)) return;
  if ("prefix" in sm && sm.prefix === "" && !allowEmptyPrefix) out.error(path, "prefix match is empty: give a prefix or remove the match");
  if ("regex" in sm) {
    if (sm.regex === "") out.error(path, "regex match is empty: give a pattern or remove the match");
    else if (typeof sm.regex === "string") out.error([...path, "regex"], re2Error(sm.regex));
  }
}

function checkMatches(out: IssueList, path: Path, matches: unknown): void {
  arr(matches).forEach((m, i) => {
    if (!isObj(m)) return;
    const p = [...path, i];
    for (const [name, sm] of entries(m.headers)) {
      out.error([...p, "headers", name], headerMatchNameError(name));
      checkStringMatch(out, [...p, "headers", name], sm);
    }
    for (const [name, sm] of entries(m.withoutHeaders)) {
      out.error([...p, "withoutHeaders", name], headerMatchNameError(name));
      // regex "*" in withoutHeaders means "header present", not a pattern
      if (!(isObj(sm) && sm.regex === "*")) checkStringMatch(out, [...p, "withoutHeaders", name], sm);
    }
    checkStringMatch(out, [...p, "uri"], m.uri, true);
    for (const f of ["scheme", "method", "authority"] as const) checkStringMatch(out, [...p, f], m[f]);
    for (const [name, sm] of entries(m.queryParams)) checkStringMatch(out, [...p, "queryParams", name], sm);
    if (isSet(m.port)) out.error([...p, "port"], portError(m.port));
    out.errors([...p, "sourceLabels"], labelErrors(m.sourceLabels));
    arr<string>(m.gateways).forEach((g, j) => out.errors([...p, "gateways", j], gatewayRefIssues(g).errors));
    if (typeof m.sourceNamespace === "string" && m.sourceNamespace && !isDNS1123Label(m.sourceNamespace))
      out.error([...p, "sourceNamespace"], `sourceNamespace "${m.sourceNamespace}" is not a valid namespace name`);
  });
}

function checkConflicts(out: IssueList, path: Path, r: Record<string, any>, delegateVS: boolean): void {
  if (!delegateVS && isObj(r.delegate)) {
    if (r.redirect !== undefined) out.error([...path, "redirect"], "a route that delegates cannot also redirect: remove redirect");
    if (r.route !== undefined) out.error([...path, "route"], "a route that delegates cannot also list destinations: remove route");
    return;
  }
  if (delegateVS && r.delegate !== undefined) out.error([...path, "delegate"], "a delegate VirtualService cannot delegate again: remove delegate");
  const hasRoute = arr(r.route).length > 0;
  const clash = (a: string, b: string) => out.error(path, `a route cannot have both ${a} and ${b}: keep one`);
  if (r.redirect !== undefined) {
    if (hasRoute) clash("route", "redirect");
    if (r.fault !== undefined) clash("fault", "redirect");
    if (r.rewrite !== undefined) clash("rewrite", "redirect");
    if (r.directResponse !== undefined) clash("directResponse", "redirect");
  } else if (r.directResponse !== undefined) {
    if (hasRoute) clash("route", "directResponse");
    if (r.fault !== undefined) clash("fault", "directResponse");
    if (r.rewrite !== undefined) clash("rewrite", "directResponse");
  } else if (!hasRoute) {
    out.error(path, "the route has nowhere to send requests: add route, redirect or directResponse");
  }
  if (r.mirror !== undefined && arr(r.mirrors).length > 0) clash("mirror", "mirrors");
}

function checkCors(out: IssueList, path: Path, c: unknown): void {
  if (!isObj(c)) return;
  arr(c.allowOrigins).forEach((o, i) => {
    const v = isObj(o) ? o.exact ?? o.prefix ?? o.regex : undefined;
    if (!v) out.error([...path, "allowOrigins", i], "allowOrigins entry needs a non-empty exact, prefix or regex");
    else if (isObj(o) && typeof o.regex === "string") out.error([...path, "allowOrigins", i, "regex"], re2Error(o.regex));
  });
  arr<string>(c.allowMethods).forEach((m, i) => {
    if (!HTTP_METHODS.has(m)) out.error([...path, "allowMethods", i], `"${m}" is not an HTTP method: use GET, POST, PUT, … in capitals`);
  });
  for (const f of ["allowHeaders", "exposeHeaders"] as const)
    arr<string>(c[f]).forEach((h, i) => out.error([...path, f, i], h === "*" ? undefined : headerNameError(h)));
  if (typeof c.maxAge === "string") {
    const e = durationError(c.maxAge);
    out.error([...path, "maxAge"], e);
    if (!e && (parseDuration(c.maxAge) ?? 0) % 1e9 !== 0) out.error([...path, "maxAge"], `maxAge "${c.maxAge}" must be whole seconds`);
  }
}

function checkFault(out: IssueList, path: Path, f: unknown): void {
  if (!isObj(f)) return;
  if (f.abort === undefined && f.delay === undefined) out.error(path, "fault needs an abort, a delay or both");
  if (isObj(f.abort)) {
    const a = f.abort;
    out.error([...path, "abort", "percentage"], percentageError(a.percentage));
    if (a.grpcStatus !== undefined) {
      if (!GRPC_STATUSES.has(a.grpcStatus)) out.error([...path, "abort", "grpcStatus"], `gRPC status "${a.grpcStatus}" is unknown: use a name such as NOT_FOUND or UNAVAILABLE`);
    } else if (a.http2Error !== undefined) out.error([...path, "abort", "http2Error"], "http2Error aborts are not supported yet: use httpStatus");
    else if (a.httpStatus !== undefined) {
      if (a.httpStatus < 200 || a.httpStatus > 600) out.error([...path, "abort", "httpStatus"], `HTTP status ${a.httpStatus} is out of range: use 200 to 599`);
    } else out.warn([...path, "abort"], "abort has no error type: set httpStatus or grpcStatus");
  }
  if (isObj(f.delay)) {
    const d = f.delay;
    out.error([...path, "delay", "percentage"], percentageError(d.percentage));
    if (d.fixedDelay !== undefined) out.error([...path, "delay", "fixedDelay"], durationError(d.fixedDelay));
    else if (d.exponentialDelay !== undefined) {
      out.error([...path, "delay", "exponentialDelay"], durationError(d.exponentialDelay));
      out.error([...path, "delay", "exponentialDelay"], "exponentialDelay is not supported yet: use fixedDelay");
    }
  }
}

function checkRedirectAndResponse(out: IssueList, path: Path, r: Record<string, any>): void {
  const red = r.redirect;
  if (isObj(red)) {
    const p = [...path, "redirect"];
    if (!red.uri && !red.authority && red.port === undefined && red.derivePort === undefined && !red.scheme)
      out.error(p, "redirect changes nothing: set uri, authority, scheme or port");
    if (isSet(red.redirectCode) && (red.redirectCode < 300 || red.redirectCode > 399))
      out.error([...p, "redirectCode"], `redirect code ${red.redirectCode} is not a 3xx code`);
    if (red.scheme && red.scheme !== "http" && red.scheme !== "https") out.error([...p, "scheme"], `redirect scheme "${red.scheme}" must be "http" or "https"`);
    if (isSet(red.port)) out.error([...p, "port"], portError(red.port));
  }
  const dr = r.directResponse;
  if (isObj(dr)) {
    const p = [...path, "directResponse"];
    const body = isObj(dr.body) ? (typeof dr.body.string === "string" ? Buffer.byteLength(dr.body.string) : typeof dr.body.bytes === "string" ? Math.floor((dr.body.bytes.length * 3) / 4) : 0) : 0;
    if (body > 1024 * 1024) out.error([...p, "body"], "directResponse body is larger than 1MB: serve it from a backend instead");
    else if (body > 100 * 1024) out.warn([...p, "body"], "directResponse body is larger than 100KB, which weighs on the control plane");
    if (typeof dr.status === "number" && (dr.status < 200 || dr.status > 600)) out.error([...p, "status"], `HTTP status ${dr.status} is out of range: use 200 to 599`);
  }
}

function checkRetriesAndRewrite(out: IssueList, path: Path, r: Record<string, any>): void {
  const rt = r.retries;
  if (isObj(rt)) {
    const p = [...path, "retries"];
    const attempts = typeof rt.attempts === "number" ? rt.attempts : 0;
    if (attempts < 0) out.error([...p, "attempts"], "attempts cannot be negative");
    if (attempts === 0 && (rt.perTryTimeout !== undefined || isSet(rt.retryOn) || (rt.retryRemoteLocalities !== undefined && rt.retryRemoteLocalities !== null)))
      out.error(p, "retry settings are given but attempts is 0 (retries off): set attempts or remove the settings");
    if (rt.perTryTimeout !== undefined) out.error([...p, "perTryTimeout"], durationError(rt.perTryTimeout));
    if (typeof rt.retryOn === "string" && rt.retryOn !== "")
      for (const policy of rt.retryOn.split(",")) {
        const code = /^[+-]?\d+$/.test(policy) ? Number(policy) : NaN;
        if (!KNOWN_STATUS.has(code) && !RETRY_ON.has(policy)) out.error([...p, "retryOn"], `"${policy}" is not a retryOn policy (such as 5xx, reset, connect-failure) nor an HTTP status code`);
      }
  }
  const rw = r.rewrite;
  if (isObj(rw)) {
    const p = [...path, "rewrite"];
    const rr = rw.uriRegexRewrite;
    if (rw.uri && rr !== undefined) out.error(p, "rewrite can set uri or uriRegexRewrite, not both");
    if (!rw.uri && rr === undefined && !rw.authority) out.error(p, "rewrite changes nothing: set uri, uriRegexRewrite or authority");
    if (isObj(rr)) {
      if (!rr.match || !rr.rewrite) out.error([...p, "uriRegexRewrite"], "uriRegexRewrite needs both match and rewrite");
      else out.error([...p, "uriRegexRewrite", "match"], re2Error(rr.match));
    }
  }
  // the authority may be rewritten in one place only
  let current = isObj(rw) && typeof rw.authority === "string" ? rw.authority : "";
  const req = isObj(r.headers) && isObj(r.headers.request) ? r.headers.request : {};
  for (const op of ["set", "add"] as const)
    for (const [k, v] of entries(req[op])) {
      if (!isAuthorityHeader(k)) continue;
      if (current) out.error([...path, "headers", "request", op, k], `the authority is rewritten twice ("${current}" and "${v}"): keep one`);
      current = String(v);
    }
}

/** All checks of one HTTP route. `delegateVS`: the VirtualService has no hosts (it is a delegate). */
export function checkHTTPRoute(out: IssueList, path: Path, r: unknown, delegateVS: boolean): void {
  if (!isObj(r)) return;
  checkConflicts(out, path, r, delegateVS);
  checkMatches(out, [...path, "match"], r.match);
  checkHeaderEdits(out, [...path, "headers"], r.headers);
  checkCors(out, [...path, "corsPolicy"], r.corsPolicy);
  checkFault(out, [...path, "fault"], r.fault);
  const mp = r.mirrorPercent ?? r.mirror_percent;
  if (typeof mp === "number") {
    const key = r.mirrorPercent !== undefined ? "mirrorPercent" : "mirror_percent";
    if (mp > 100) out.error([...path, key], `${key} ${mp} is above 100`);
    out.warn([...path, key], `${key} is deprecated: use mirrorPercentage`);
  }
  const mpv = isObj(r.mirrorPercentage) ? r.mirrorPercentage.value : undefined;
  if (typeof mpv === "number" && (mpv < 0 || mpv > 100)) out.error([...path, "mirrorPercentage"], `mirrorPercentage ${mpv} is out of range: use 0 to 100`);
  checkDestination(out, [...path, "mirror"], r.mirror);
  arr(r.mirrors).forEach((m, i) => {
    if (!isObj(m)) return;
    checkDestination(out, [...path, "mirrors", i, "destination"], m.destination);
    const v = isObj(m.percentage) ? m.percentage.value : undefined;
    if (typeof v === "number" && (v < 0 || v > 100)) out.error([...path, "mirrors", i, "percentage"], `mirror percentage ${v} is out of range: use 0 to 100`);
  });
  checkRedirectAndResponse(out, path, r);
  checkRetriesAndRewrite(out, path, r);
  checkWeightedRoutes(out, [...path, "route"], r.route, true);
  if (r.timeout !== undefined) out.error([...path, "timeout"], durationError(r.timeout));
}
