/**
 * Host rules of istioctl's analyzers (analyzers.md, "Common rules: Hosts"). They differ in detail from the
 * model's resolver (src/model/hosts.ts): a namespace-less resource expands `foo` to `foo..svc.cluster.local`,
 * and FQDN parsing splits at the last dot before `.svc.cluster.local`.
 */
import { DEFAULT_DOMAIN_SUFFIX } from "../../model/hosts.js";

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
  const wa = a.startsWith("*");
  const wb = b.startsWith("*");
  if (!wa && !wb) return a === b;
  if (wa && !wb) return b.endsWith(a.slice(1));
  if (!wa && wb) return a.endsWith(b.slice(1));
  return a.length >= b.length ? a.endsWith(b.slice(1)) : b.endsWith(a.slice(1));
}
