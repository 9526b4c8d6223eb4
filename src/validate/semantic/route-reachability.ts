/**
 * VirtualService routes that can never be used: routes after a catch-all, matches repeated from an earlier
 * route, and HTTP prefix matches covered by an earlier, shorter prefix. Istio reports these as warnings
 * (analyze turns them into IST0130 "unreachable rule" and IST0131 "ineffective match"); the message texts
 * are fixed so that analyze can recover their arguments with `parseReachabilityMessage`.
 */
import type { SemanticIssue } from "./types.js";
import { arr, isObj } from "./issues.js";

export const UNREACHABLE_REASONS = {
  afterCatchAll: "only the last rule can have no matches",
  matchAfterCatchAll: "route without matches defined before",
  allMatchesUsed: "all matches used by prior rules",
} as const;

export const unreachableRuleMessage = (route: string, reason: string) => `virtualService rule ${route} not used (${reason})`;
export const ineffectiveMatchMessage = (route: string, match: string, dup: string) =>
  `virtualService rule ${route} match ${match} is not used (duplicate/overlapping match in rule ${dup})`;

export type ReachabilityFinding =
  | { code: "IST0130"; route: string; reason: string }
  | { code: "IST0131"; route: string; match: string; dup: string };

/** Turn one of the two messages above back into its code and arguments (undefined for other messages). */
export function parseReachabilityMessage(message: string): ReachabilityFinding | undefined {
  let m = /^virtualService rule (.+?) match (.+) is not used \(duplicate\/overlapping match in rule (.+)\)$/.exec(message);
  if (m) return { code: "IST0131", route: m[1]!, match: m[2]!, dup: m[3]! };
  m = /^virtualService rule (.+?) not used \((.+)\)$/.exec(message);
  if (m) return { code: "IST0130", route: m[1]!, reason: m[2]! };
  return undefined;
}

type Kind = "http" | "tcp" | "tls";

const routeLabel = (kind: Kind, route: any, i: number) => (kind === "http" && typeof route?.name === "string" && route.name ? `"${route.name}"` : `#${i}`);
const matchLabel = (kind: Kind, match: any, i: number) => (kind === "http" && typeof match?.name === "string" && match.name ? `"${match.name}"` : `#${i}`);

/** Drop unset/empty/zero values (and an HTTP match's name) so that equal matches serialise equally. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map((x) => canonical(x) ?? null) : undefined;
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical(v[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === "" || v === 0 || v === false || v === null ? undefined : v;
}

function matchKey(kind: Kind, match: unknown): string {
  const m = isObj(match) && kind === "http" ? { ...match, name: undefined } : match;
  return JSON.stringify(canonical(m) ?? {});
}

interface PrefixCandidate {
  route: string;
  match: string;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  headers: Map<string, string>;
  queryParams: Map<string, string>;
  withoutHeaders: Map<string, string>;
}

const exactOrPrefix = (sm: any): string =>
  isObj(sm) && typeof sm.exact === "string" && sm.exact ? `exact:${sm.exact}` : isObj(sm) && typeof sm.prefix === "string" && sm.prefix ? `prefix:${sm.prefix}` : "";
const toMap = (o: unknown) => new Map(Object.entries(isObj(o) ? o : {}).map(([k, v]) => [k, exactOrPrefix(v)] as [string, string]));

function candidate(route: string, matchName: string, m: any): PrefixCandidate | undefined {
  const prefix = isObj(m?.uri) && typeof m.uri.prefix === "string" ? m.uri.prefix : "";
  if (!prefix) return undefined;
  return {
    route,
    match: matchName,
    prefix,
    port: typeof m.port === "number" ? m.port : 0,
    method: exactOrPrefix(m.method) || "exact:GET",
    authority: exactOrPrefix(m.authority),
    headers: toMap(m.headers),
    queryParams: toMap(m.queryParams),
    withoutHeaders: toMap(m.withoutHeaders),
  };
}

/** Is every request matched by `b` already taken by the earlier `a`? */
function covers(a: PrefixCandidate, b: PrefixCandidate): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  const within = (x: string, y: string) => x === y || x.startsWith(y);
  if (!within(a.method, b.method) || !within(a.authority, b.authority)) return false;
  for (const [am, bm] of [[a.headers, b.headers], [a.queryParams, b.queryParams], [a.withoutHeaders, b.withoutHeaders]] as const) {
    if (am.size !== bm.size) return false;
    for (const [k, v] of am) {
      const other = bm.get(k);
      if (other === undefined || !within(v, other)) return false;
    }
  }
  return true;
}

/** Findings for one list of routes (spec.http, spec.tcp or spec.tls), as warnings at spec.<kind>[i]. */
export function reachabilityIssues(kind: Kind, routes: unknown): SemanticIssue[] {
  const list = arr(routes);
  const out: SemanticIssue[] = [];
  const warn = (i: number, message: string) => out.push({ path: ["spec", kind, i], message, level: "warning" });
  const seen = new Map<string, number>();
  const candidates: (PrefixCandidate & { index: number })[] = [];
  let catchAll = -1;
  list.forEach((route, i) => {
    if (!isObj(route)) return;
    const name = routeLabel(kind, route, i);
    const matches = arr(route.match);
    if (matches.length === 0) {
      if (catchAll >= 0) warn(i, unreachableRuleMessage(name, UNREACHABLE_REASONS.afterCatchAll));
      catchAll = i;
      return;
    }
    let repeats = 0;
    matches.forEach((m, j) => {
      if (catchAll >= 0) return warn(i, unreachableRuleMessage(name, UNREACHABLE_REASONS.matchAfterCatchAll));
      const key = matchKey(kind, m);
      const first = seen.get(key);
      if (first !== undefined) {
        repeats++;
        return warn(i, ineffectiveMatchMessage(name, matchLabel(kind, m, j), routeLabel(kind, list[first], first)));
      }
      seen.set(key, i);
      if (kind === "http") {
        const c = candidate(name, matchLabel(kind, m, j), m);
        if (c) candidates.push({ ...c, index: i });
      }
    });
    if (repeats === matches.length) warn(i, unreachableRuleMessage(name, UNREACHABLE_REASONS.allMatchesUsed));
  });
  for (let a = 0; a < candidates.length; a++) {
    for (let b = a + 1; b < candidates.length; b++) {
      const A = candidates[a]!, B = candidates[b]!;
      if (A.prefix === B.prefix || !covers(A, B)) continue;
      warn(B.index, ineffectiveMatchMessage(B.route, `${B.match} of prefix ${B.prefix}`, `${A.match} of prefix ${A.prefix} on ${A.route}`));
    }
  }
  return out;
}
