/** Host names as Istio resolves and compares them. Every host decision in meshc goes through here. */

export const DEFAULT_DOMAIN_SUFFIX = "cluster.local";

/**
 * Resolve a host as written in a resource of `namespace`: a short name (no dot) becomes
 * `<name>.<namespace>.svc.<suffix>`; anything with a dot, and `*`, is taken as written (as Istio does:
 * `reviews.default` is NOT expanded). Leading `*.` wildcards are kept.
 */
export function resolveHost(host: string, namespace: string | undefined, domainSuffix = DEFAULT_DOMAIN_SUFFIX): string {
  if (host === "*" || host.includes(".")) return host;
  if (host.startsWith("*")) return host;
  return `${host}.${namespace ?? "default"}.svc.${domainSuffix}`;
}

export function isWildcard(host: string): boolean {
  return host.startsWith("*");
}

/** Whether the concrete or wildcard host `a` matches `b` in either direction (Istio's Matches). */
export function hostsMatch(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/** Whether `pattern` (possibly `*.x` or `*`) includes every name `host` can stand for (Istio's SubsetOf, reversed). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern === "*") return true;
  if (pattern.startsWith("*")) {
    const suffix = pattern.slice(1); // ".example.com"
    if (host.startsWith("*")) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix);
  }
  return false;
}

/** The FQDN of a Kubernetes Service. */
export function serviceFqdn(name: string, namespace: string, domainSuffix = DEFAULT_DOMAIN_SUFFIX): string {
  return `${name}.${namespace}.svc.${domainSuffix}`;
}

/** Split `name.ns.svc.suffix` back into name and namespace, if it is a cluster-local service name. */
export function parseServiceFqdn(host: string, domainSuffix = DEFAULT_DOMAIN_SUFFIX): { name: string; namespace: string } | undefined {
  const tail = `.svc.${domainSuffix}`;
  if (!host.endsWith(tail)) return undefined;
  const parts = host.slice(0, -tail.length).split(".");
  if (parts.length !== 2) return undefined;
  return { name: parts[0]!, namespace: parts[1]! };
}

/**
 * exportTo visibility: whether a resource in `ownerNamespace` exported to `exportTo` (default when empty)
 * is visible from `fromNamespace`. `*` = everywhere, `.` = own namespace, `~` = nowhere.
 */
export function isExportedTo(exportTo: readonly string[] | undefined, ownerNamespace: string | undefined, fromNamespace: string, defaults: readonly string[] = ["*"]): boolean {
  const list = exportTo && exportTo.length > 0 ? exportTo : defaults;
  for (const e of list) {
    if (e === "*") return true;
    if (e === "~") continue;
    if (e === "." && ownerNamespace === fromNamespace) return true;
    if (e === fromNamespace) return true;
  }
  return false;
}
