/**
 * Checks ported from the CEL rules (x-kubernetes-validations) of the networking.istio.io CRDs.
 * Rules shared with other groups (durations, port ranges, wildcard labels) live in ./common.ts.
 */
import type { CheckTable } from "./types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** CEL's has(): the field is present (an explicit null counts as absent, as it does after the API server prunes it). */
const has = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

const UDS = "unix://";
const PORT_NAME = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

export const networkingChecks: CheckTable = {
  /** Gateway/Sidecar server TLS: certificates come from one source only. */
  "server-tls-credential-sources": (v) => {
    if (!isObj(v)) return undefined;
    const out: string[] = [];
    if (has(v, "tlsCertificates") && has(v, "credentialNames"))
      out.push("set either credentialNames or tlsCertificates, not both");
    if (has(v, "credentialName") && has(v, "credentialNames"))
      out.push("set either credentialName (one secret) or credentialNames (a list), not both");
    return out;
  },

  /** ServiceEntry: workloads come either from a selector or from inline endpoints. */
  "service-entry-selector-or-endpoints": (v) =>
    isObj(v) && has(v, "workloadSelector") && has(v, "endpoints")
      ? "workloadSelector and endpoints cannot both be set: keep one way of listing the workloads"
      : undefined,
  /** ServiceEntry: CIDR addresses only make sense when Istio does not resolve the hosts. */
  "service-entry-cidr-needs-static": (v) => {
    if (!isObj(v)) return undefined;
    const addresses = Array.isArray(v.addresses) ? v.addresses : [];
    const resolution = typeof v.resolution === "string" ? v.resolution : "NONE";
    if (addresses.some((a) => typeof a === "string" && a.includes("/")) && resolution !== "STATIC" && resolution !== "NONE")
      return `an address is a CIDR range, which needs resolution NONE or STATIC (not ${resolution}): use plain IPs or change the resolution`;
    return undefined;
  },
  /** ServiceEntry: resolution NONE (the default) takes no endpoints. */
  "service-entry-none-without-endpoints": (v) => {
    if (!isObj(v)) return undefined;
    const resolution = typeof v.resolution === "string" ? v.resolution : "NONE";
    return resolution === "NONE" && has(v, "endpoints")
      ? "endpoints are not used with resolution NONE: remove them or set resolution to STATIC or DNS"
      : undefined;
  },
  /** ServiceEntry: DNS_ROUND_ROBIN resolves a single name. */
  "service-entry-round-robin-one-endpoint": (v) => {
    if (!isObj(v) || v.resolution !== "DNS_ROUND_ROBIN") return undefined;
    const n = Array.isArray(v.endpoints) ? v.endpoints.length : 0;
    return n > 1 ? `resolution DNS_ROUND_ROBIN accepts at most one endpoint (found ${n}): use DNS for several` : undefined;
  },
  /** ServiceEntry hosts: a bare "*" would capture every host. */
  "service-entry-host-not-star": (v) =>
    v === "*" ? `host "*" is not allowed in a ServiceEntry: name the hosts, or use a wildcard such as "*.example.com"` : undefined,
  /** ServiceEntry ports: each number once. */
  "service-entry-unique-port-numbers": (v) => {
    if (!Array.isArray(v)) return undefined;
    const seen = new Map<unknown, number>();
    const out: { message: string; path: (string | number)[] }[] = [];
    v.forEach((p, i) => {
      if (!isObj(p)) return;
      const first = seen.get(p.number);
      if (first !== undefined) out.push({ message: `port number ${String(p.number)} is already declared by ports[${first}]: each port number may appear once`, path: [i, "number"] });
      else seen.set(p.number, i);
    });
    return out;
  },

  /** WorkloadEntry / ServiceEntry endpoint: something to reach. */
  "workload-address-required": (v) =>
    isObj(v) && !has(v, "address") && !has(v, "network")
      ? "address is required (an IP, a hostname or unix:// path); it may be left out only when network is set"
      : undefined,
  /** Unix-socket workloads have no ports. */
  "workload-uds-no-ports": (v) =>
    isObj(v) && typeof v.address === "string" && v.address.startsWith(UDS) && has(v, "ports")
      ? { message: "a unix:// address takes no ports: remove ports", path: ["ports"] }
      : undefined,
  /** unix:// must be followed by an absolute path or an abstract socket name (@...). */
  "uds-address-absolute": (v) => {
    if (typeof v !== "string" || !v.startsWith(UDS)) return undefined;
    const c = v.charAt(UDS.length);
    return c === "/" || c === "@" ? undefined : `unix socket address "${v}" must be an absolute path (unix:///path) or an abstract socket (unix://@name)`;
  },
  /** unix:// must name a socket, not a directory. */
  "uds-address-not-dir": (v) =>
    typeof v === "string" && v.startsWith(UDS) && v.endsWith("/") ? `unix socket address "${v}" ends with "/": name the socket file, not a directory` : undefined,
  /** Port maps: keys are DNS-label-like port names shorter than 63 characters. */
  "port-name-keys": (v) => {
    if (!isObj(v)) return undefined;
    return Object.keys(v)
      .filter((k) => !(k.length < 63 && PORT_NAME.test(k)))
      .map((k) => ({ message: `port name "${k}" is invalid: use letters, digits and "-", starting and ending with a letter or digit, under 63 characters`, path: [k] }));
  },

  /** WorkloadGroup probe: http or https only. */
  "probe-scheme-http": (v) =>
    typeof v === "string" && !["", "HTTP", "HTTPS"].includes(v) ? `probe scheme "${v}" is not supported: use HTTP or HTTPS` : undefined,

  /** EnvoyFilter: one way of choosing the proxies. */
  "envoy-filter-selector-or-target-refs": (v) =>
    isObj(v) && has(v, "workloadSelector") && has(v, "targetRefs")
      ? "workloadSelector and targetRefs cannot both be set: choose the proxies one way"
      : undefined,
  /** EnvoyFilter match: a waypoint match goes with context WAYPOINT, and only there. */
  "envoy-filter-waypoint-context": (v) => {
    if (!isObj(v)) return undefined;
    const waypointCtx = v.context === "WAYPOINT";
    if (waypointCtx && !has(v, "waypoint")) return "context WAYPOINT needs a waypoint match: add match.waypoint";
    if (!waypointCtx && has(v, "waypoint")) return "a waypoint match is only used with context WAYPOINT: set context: WAYPOINT or remove waypoint";
    return undefined;
  },
  /** targetRefs point into the resource's own namespace. */
  "target-ref-same-namespace": (v) =>
    typeof v === "string" && v.length > 0 ? `targetRef namespace "${v}" is not supported: references stay in the resource's own namespace, so leave namespace empty` : undefined,
};
