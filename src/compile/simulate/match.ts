/**
 * Envoy's request matchers: virtual host domains, route path matchers, header / query-parameter
 * matchers, string matchers and RE2-style regexes (evaluated with JavaScript RegExp).
 */
import type { HeaderMatcher, Route, RouteConfiguration, VirtualHost } from "../envoy/index.js";
import type { QueryParameterMatcher } from "../../gen/envoy/envoy/config/route/v3/route_components.js";
import type { MetadataMatcher } from "../../gen/envoy/envoy/type/matcher/v3/metadata.js";
import type { StringMatcher } from "../../gen/envoy/envoy/type/matcher/v3/string.js";
import type { SimulatedCall } from "./types.js";

/** Collects what could not be evaluated exactly. */
export type Warn = (message: string) => void;

/** README step 6: exact domain, else longest `*.suffix`, else longest `prefix*`, else `*`. */
export function selectVirtualHost(rc: RouteConfiguration, hostHeader: string): VirtualHost | undefined {
  let host = hostHeader.toLowerCase();
  if (rc.ignorePortInHostMatching === true) host = stripPort(host);
  const vhosts = rc.virtualHosts ?? [];
  const domains = (vh: VirtualHost) => (vh.domains ?? []).map((d) => d.toLowerCase());
  const exact = vhosts.find((vh) => domains(vh).includes(host));
  if (exact !== undefined) return exact;
  const longest = (test: (d: string) => boolean): VirtualHost | undefined => {
    let best: VirtualHost | undefined;
    let len = 0;
    for (const vh of vhosts) {
      for (const d of domains(vh)) {
        if (d !== "*" && d.length > len && test(d)) {
          best = vh;
          len = d.length;
        }
      }
    }
    return best;
  };
  return (
    longest((d) => d.startsWith("*") && host.length >= d.length && host.endsWith(d.slice(1))) ??
    longest((d) => d.endsWith("*") && host.length >= d.length && host.startsWith(d.slice(0, -1))) ??
    vhosts.find((vh) => domains(vh).includes("*"))
  );
}

/** "host:80" → "host"; "[::1]:80" → "[::1]"; a bare IPv6 address is left alone. */
function stripPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(":");
  if (colon < 0 || host.indexOf(":") !== colon) return host;
  return /^\d+$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host;
}

/**
 * RE2 pattern → RegExp matching the whole input. Leading inline flags `(?i)` / `(?s)` become
 * RegExp flags; `(?P<name>` becomes `(?<name>`. Returns undefined (and warns) when it cannot compile.
 */
export function fullRegex(pattern: string, warn: Warn): RegExp | undefined {
  let source = pattern;
  let flags = "u";
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline !== null) {
    if (inline[1]!.includes("i")) flags += "i";
    if (inline[1]!.includes("s")) flags += "s";
    if (inline[1]!.includes("m")) flags += "m";
    source = source.slice(inline[0].length);
  }
  source = source.replace(/\(\?P</g, "(?<");
  try {
    return new RegExp(`^(?:${source})$`, flags);
  } catch {
    try {
      return new RegExp(`^(?:${source})$`, flags.replace("u", ""));
    } catch (e) {
      warn(`regex ${JSON.stringify(pattern)} cannot be evaluated here: ${(e as Error).message}`);
      return undefined;
    }
  }
}

/** Envoy's StringMatcher. */
export function matchString(m: StringMatcher, value: string, warn: Warn): boolean {
  const fold = m.ignoreCase === true;
  const v = fold ? value.toLowerCase() : value;
  const f = (s: string) => (fold ? s.toLowerCase() : s);
  if (m.exact !== undefined) return v === f(m.exact);
  if (m.prefix !== undefined) return v.startsWith(f(m.prefix));
  if (m.suffix !== undefined) return v.endsWith(f(m.suffix));
  if (m.contains !== undefined) return v.includes(f(m.contains));
  if (m.safeRegex !== undefined) return fullRegex(m.safeRegex.regex ?? "", warn)?.test(value) ?? false;
  if (m.custom !== undefined) warn(`custom string matcher ${m.custom.name ?? ""} is not evaluated; treated as no match`);
  return false;
}

/** A request header's value as Envoy's matchers see it: pseudo-headers, repeated headers joined with ",". */
function headerValue(call: SimulatedCall, name: string): string | undefined {
  const key = name.toLowerCase();
  switch (key) {
    case ":method":
      return call.method;
    case ":path":
      return call.path + (call.query.length > 0 ? "?" + call.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&") : "");
    case ":authority":
    case "host":
      return call.hostHeader === "" ? undefined : call.hostHeader;
    case ":scheme":
      return call.tls === "plaintext" ? "http" : "https";
  }
  const values = call.headers[key];
  return values === undefined || values.length === 0 ? undefined : values.join(",");
}

/** Envoy's HeaderMatcher (HeaderUtility::matchHeaders). */
export function matchHeader(m: HeaderMatcher, call: SimulatedCall, warn: Warn): boolean {
  const invert = m.invertMatch === true;
  const isPresent = m.presentMatch !== undefined;
  const found = headerValue(call, m.name ?? "");
  if (found === undefined && m.treatMissingHeaderAsEmpty !== true) {
    return invert ? isPresent && m.presentMatch === true : isPresent && m.presentMatch === false;
  }
  const value = found ?? "";
  let match: boolean;
  if (m.exactMatch !== undefined) match = m.exactMatch === "" || value === m.exactMatch;
  else if (m.safeRegexMatch !== undefined) match = fullRegex(m.safeRegexMatch.regex ?? "", warn)?.test(value) ?? false;
  else if (m.rangeMatch !== undefined) {
    const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
    match = !Number.isNaN(n) && n >= (m.rangeMatch.start ?? 0) && n < (m.rangeMatch.end ?? 0);
  } else if (isPresent) match = m.presentMatch === true;
  else if (m.prefixMatch !== undefined) match = value.startsWith(m.prefixMatch);
  else if (m.suffixMatch !== undefined) match = value.endsWith(m.suffixMatch);
  else if (m.containsMatch !== undefined) match = value.includes(m.containsMatch);
  else if (m.stringMatch !== undefined) match = matchString(m.stringMatch, value, warn);
  else match = true; // only a name: the header must be present
  return match !== invert;
}

/** Envoy's QueryParameterMatcher: the first value of the parameter is matched. */
export function matchQueryParameter(m: QueryParameterMatcher, call: SimulatedCall, warn: Warn): boolean {
  const entry = call.query.find(([k]) => k === m.name);
  if (entry === undefined) return false;
  if (m.presentMatch === true) return true;
  if (m.stringMatch !== undefined) return matchString(m.stringMatch, entry[1], warn);
  return true;
}

/** The path part of a route match. `caseSensitive` false folds prefix and exact path comparisons. */
export function matchPath(route: Route, call: SimulatedCall, honourCase: boolean, warn: Warn): boolean {
  const m = route.match ?? {};
  const fold = honourCase && m.caseSensitive === false;
  const path = fold ? call.path.toLowerCase() : call.path;
  const f = (s: string) => (fold ? s.toLowerCase() : s);
  if (m.prefix !== undefined) return path.startsWith(f(m.prefix));
  if (m.path !== undefined) return path === f(m.path);
  if (m.pathSeparatedPrefix !== undefined) {
    const p = f(m.pathSeparatedPrefix);
    return path === p || path.startsWith(p.endsWith("/") ? p : p + "/");
  }
  if (m.safeRegex !== undefined) return fullRegex(m.safeRegex.regex ?? "", warn)?.test(call.path) ?? false;
  if (m.connectMatcher !== undefined) return call.method === "CONNECT";
  if (m.pathMatchPolicy !== undefined) {
    warn(`route ${route.name ?? ""}: path_match_policy ${m.pathMatchPolicy.name ?? ""} is not evaluated; treated as no match`);
    return false;
  }
  return false;
}

/**
 * A route's whole match: path, then (with matchHeaders) headers, query parameters, gRPC and
 * `dynamic_metadata` (JWT claim routes; `metadata` evaluates one matcher on the request's dynamic
 * metadata, absent: no metadata, so only inverted matchers match).
 */
export function matchRoute(route: Route, call: SimulatedCall, matchHeaders: boolean, warn: Warn, metadata?: (m: MetadataMatcher) => boolean): boolean {
  if (!matchPath(route, call, matchHeaders, warn)) return false;
  if (!matchHeaders) return true;
  const m = route.match ?? {};
  if (!(m.headers ?? []).every((h) => matchHeader(h, call, warn))) return false;
  if (!(m.queryParameters ?? []).every((q) => matchQueryParameter(q, call, warn))) return false;
  if (m.grpc !== undefined && !(headerValue(call, "content-type") ?? "").startsWith("application/grpc")) return false;
  if (!(m.dynamicMetadata ?? []).every((d) => (metadata ? metadata(d) : d.invert === true))) return false;
  return true;
}
