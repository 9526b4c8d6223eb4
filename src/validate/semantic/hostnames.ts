/** Host names, DNS labels, IP addresses and CIDRs as Istio's webhook judges them. */

const DNS_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

export const isDNS1123Label = (s: string) => typeof s === "string" && s.length <= 63 && DNS_LABEL.test(s);
const isWildcardLabel = (s: string) => s.length <= 63 && WILDCARD_LABEL.test(s);

function checkLength(name: string): string | undefined {
  if (name.length === 0) return "host name is empty";
  if (name.length > 255) return `host name "${name.slice(0, 40)}…" is longer than 255 characters`;
  return undefined;
}

function checkLabels(domain: string, whole: string): string | undefined {
  const parts = domain.split(".");
  const last = parts[parts.length - 1]!;
  if (/^[+-]?\d+$/.test(last)) return `host "${whole}" is invalid: its last label "${last}" is all digits`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === "") return undefined; // trailing dot ("example.com.")
    if (!isDNS1123Label(parts[i]!)) return `host "${whole}" is invalid: label "${parts[i]}" must be letters, digits and "-" (max 63), starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A fully qualified name with no wildcard. */
export function fqdnError(name: string): string | undefined {
  if (typeof name !== "string") return undefined;
  return checkLength(name) ?? checkLabels(name, name);
}

/** A name that may start with a wildcard label ("*", "*.example.com", "*foo.example.com"); "*" nowhere else. */
export function wildcardDomainError(name: string): string | undefined {
  if (typeof name !== "string") return undefined;
  const e = checkLength(name);
  if (e) return e;
  const dot = name.indexOf(".");
  const first = dot < 0 ? name : name.slice(0, dot);
  if (!isWildcardLabel(first)) {
    return name.includes("*")
      ? `host "${name}" is invalid: "*" may only appear as the whole first label or at its start ("*.example.com")`
      : `host "${name}" is invalid: label "${first}" must be letters, digits and "-", starting and ending with a letter or digit`;
  }
  return dot < 0 ? undefined : checkLabels(name.slice(dot + 1), name);
}

/** "*foo.example.com" parses as a host but Istio warns: only "*" or "*." prefixes behave as expected. */
export function partialWildcardError(name: string): string | undefined {
  return typeof name === "string" && name.includes("*") && name !== "*" && !name.startsWith("*.")
    ? `partial wildcard "${name}" is not supported: use "*" alone or a "*." prefix`
    : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return typeof s === "string" && IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  if (typeof s !== "string") return false;
  let text = s;
  const pct = text.indexOf("%");
  if (pct >= 0) {
    if (pct === text.length - 1) return false;
    text = text.slice(0, pct); // zone, e.g. fe80::1%eth0
  }
  if (!text.includes(":")) return false;
  let head = text;
  let needed = 8;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    // embedded IPv4 tail ("::ffff:10.0.0.1") counts for two groups
    if (!isIPv4(tail)) return false;
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
    needed = 6;
  }
  const halves = head.split("::");
  if (halves.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const groups = (x: string) => (x === "" ? [] : x.split(":"));
  if (halves.length === 1) {
    const g = groups(head);
    return g.length === needed && g.every((x) => hex.test(x));
  }
  const all = [...groups(halves[0]!), ...groups(halves[1]!)];
  return all.every((x) => hex.test(x)) && all.length < needed;
}

export const isIPAddress = (s: string) => isIPv4(s) || isIPv6(s);

/** An IP address or a CIDR block ("10.0.0.0/8", "2001:db8::/32"). */
export function ipOrCidrError(s: string): string | undefined {
  if (typeof s !== "string") return undefined;
  const parts = s.split("/");
  if (parts.length === 2) {
    const [ip, bits] = parts as [string, string];
    const max = isIPv4(ip) ? 32 : isIPv6(ip) && !ip.includes("%") ? 128 : -1;
    if (max < 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max || (bits.length > 1 && bits.startsWith("0")))
      return `"${s}" is not a valid CIDR block`;
    return undefined;
  }
  return isIPAddress(s) ? undefined : `"${s}" is not a valid IP address`;
}

/** Does host `a` match host `b` in either direction (wildcards included)? Used to find overlapping hosts. */
export function hostsOverlap(a: string, b: string): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const wa = a.startsWith("*"), wb = b.startsWith("*");
  if (wa && wb) return a.length > b.length ? a.endsWith(b.slice(1)) : b.endsWith(a.slice(1));
  if (wa) return b.endsWith(a.slice(1));
  if (wb) return a.endsWith(b.slice(1));
  return a === b;
}

/** Is every name matched by `a` also matched by `b`? */
export function hostSubsetOf(a: string, b: string): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  if (a.startsWith("*")) return b.startsWith("*") && a.slice(1).endsWith(b.slice(1));
  if (b.startsWith("*")) return a.endsWith(b.slice(1));
  return a === b;
}

/** "namespace/host" as Sidecar egress and Gateway servers write hosts. */
export function namespacedHostErrors(text: string, where: "gateway" | "sidecar"): string[] {
  if (typeof text !== "string") return [];
  const slash = text.indexOf("/");
  if (slash < 0) {
    if (where === "sidecar") return [`host "${text}" must be written as namespace/host, e.g. "*/${text}" or "./${text}"`];
    return hostPartErrors(text, true);
  }
  const ns = text.slice(0, slash);
  const name = text.slice(slash + 1);
  const out: string[] = [];
  if (!ns || !name) out.push(`host "${text}": both the namespace and the host name must be set`);
  const allowed = where === "sidecar" ? ["*", ".", "~"] : ["*", "."];
  if (ns && !allowed.includes(ns) && !isDNS1123Label(ns)) out.push(`host "${text}": "${ns}" is not a valid namespace (use a namespace name, "*" or ".")`);
  if (name) out.push(...hostPartErrors(name, where === "gateway"));
  return out;
}

function hostPartErrors(name: string, isGateway: boolean): string[] {
  const out: string[] = [];
  if (name !== "*" && !name.includes(".")) out.push(`host "${name}" is a short name: write the fully qualified name (e.g. "${name}.default.svc.cluster.local")`);
  const err = wildcardDomainError(name);
  if (err && !(isGateway && isIPAddress(name))) out.push(err);
  const partial = partialWildcardError(name);
  if (partial) out.push(partial);
  return out;
}

/** The part after unix://: an absolute path to a socket file, or an abstract socket (@name). */
export function unixAddressError(path: string): string | undefined {
  if (path === "") return "unix socket path is empty";
  if (path.startsWith("@")) return undefined;
  return !path.startsWith("/") || path.endsWith("/") ? `"${path}" is not an absolute path to a socket file` : undefined;
}
