/**
 * Host rules of istioctl's analyzers (analyzers.md, "Common rules: Hosts"). They differ in detail from the
 * model's resolver (src/model/hosts.ts): a namespace-less resource expands `foo` to `foo..svc.cluster.local`,
 * and FQDN parsing splits at the last dot before `.svc.cluster.local`.
 */
import { DEFAULT_DOMAIN_SUFFIX } from "../../model/hosts.js";
import { comparisons } from "./comparisons.js";

/** Short-name expansion: a host with no `.` that does not start with `*` becomes `<host>.<ns>.svc.<suffix>`. */
export function expandShortHost(host: string, namespace: string | undefined, domainSuffix = DEFAULT_DOMAIN_SUFFIX): string {
  if (host.includes(".") || host.startsWith("*")) return host;
  return `${host}.${namespace ?? ""}.svc.${domainSuffix}`;
}

/**
 * FQDN parsing: `a.b.c.svc.cluster.local` is name `a.b` in namespace `c`; any other host is a name in
 * `namespace` (the referring resource's), the whole string as the name.
 */
export function parseFqdn(host: string, namespace: string | undefined, domainSuffix = DEFAULT_DOMAIN_SUFFIX): { namespace: string | undefined; name: string } {
  const tail = `.svc.${domainSuffix}`;
  if (host.endsWith(tail)) {
    const rest = host.slice(0, -tail.length);
    const dot = rest.lastIndexOf(".");
    if (dot > 0 && dot < rest.length - 1) return { namespace: rest.slice(dot + 1), name: rest.slice(0, dot) };
  }
  return { namespace, name: host };
}

/**
 * Wildcard overlap: equal literal hosts; one `*`-host whose suffix (minus `*`) ends the other; two
 * `*`-hosts where the longer ends with the shorter minus `*`. `*` overlaps everything.
 */
export function hostsOverlap(a: string, b: string): boolean {
  comparisons.host++;
  const wa = a.startsWith("*");
  const wb = b.startsWith("*");
  if (!wa && !wb) return a === b;
  if (wa && !wb) return b.endsWith(a.slice(1));
  if (!wa && wb) return a.endsWith(b.slice(1));
  return a.length >= b.length ? a.endsWith(b.slice(1)) : b.endsWith(a.slice(1));
}

function pushAt(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function suffixes(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= s.length; i++) out.push(s.slice(i));
  return out;
}

/**
 * hostsOverlap() against many hosts without a scan: `overlapping(host)` gives the indexes (ascending) of
 * the hosts in `hosts` that overlap `host`, found by lookup: equal literals; wildcards whose suffix ends
 * `host`; for a wildcard `host`, also every host (or wildcard suffix) that ends with its suffix.
 */
export function overlapIndex(hosts: readonly string[]): (host: string) => number[] {
  const literals = new Map<string, number[]>();
  const wildcards = new Map<string, number[]>();
  hosts.forEach((h, i) => pushAt(h.startsWith("*") ? wildcards : literals, h.startsWith("*") ? h.slice(1) : h, i));
  let bySuffix: Map<string, number[]> | undefined;
  const endingWith = (tail: string): readonly number[] => {
    if (!bySuffix) {
      bySuffix = new Map();
      hosts.forEach((h, i) => {
        for (const s of suffixes(h.startsWith("*") ? h.slice(1) : h)) pushAt(bySuffix!, s, i);
      });
    }
    return bySuffix.get(tail) ?? [];
  };
  return (host) => {
    const wild = host.startsWith("*");
    const body = wild ? host.slice(1) : host;
    const found = new Set<number>(wild ? endingWith(body) : literals.get(host) ?? []);
    for (const s of suffixes(body)) for (const i of wildcards.get(s) ?? []) found.add(i);
    return [...found].sort((a, b) => a - b);
  };
}
