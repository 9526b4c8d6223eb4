/**
 * Services as istiod's registries present them (pilot/pkg/serviceregistry/kube/conversion.go,
 * serviceentry/conversion.go): host, ports with protocol, VIPs, resolution, location. Built once per
 * model (mesh-index.ts) from the model's Service records.
 */
import type { Resource, Service } from "../../model/mesh-model.js";
import type { Protocol } from "../../model/protocol.js";

export type Resolution = "ClientSideLB" | "Passthrough" | "DNS" | "DNSRoundRobin" | "Alias" | "DynamicDNS";

export interface ServicePortView {
  port: number;
  name: string;
  protocol: Protocol;
  targetPort?: number | string;
}

export interface ServiceView {
  host: string;
  /** Resource namespace. */
  namespace: string;
  /** Resource name (Kubernetes Service name; ServiceEntry name). */
  name: string;
  source: "kubernetes" | "serviceentry";
  resource: Resource;
  ports: ServicePortView[];
  /** VIPs; empty = none (0.0.0.0). May hold CIDRs for ServiceEntries. */
  addresses: string[];
  /** The VIP was made up by meshc (a Service without spec.clusterIP in the input). */
  syntheticVip?: boolean;
  resolution: Resolution;
  headless: boolean;
  /** Kubernetes ExternalName target. */
  externalName?: string;
  /** ServiceEntry location MESH_EXTERNAL. */
  external: boolean;
  selector?: Record<string, string>;
  exportTo?: string[];
  subjectAltNames?: string[];
  /** creationTimestamp in ms (0 when absent). */
  created: number;
}

type Obj = Record<string, any>;

export function creationTime(res: Resource): number {
  const t = res.object.metadata.creationTimestamp as unknown;
  if (typeof t !== "string") return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Istio's config order: oldest first, then name, then namespace. */
export function compareByAge(a: Resource, b: Resource): number {
  return creationTime(a) - creationTime(b) || cmp(a.name, b.name) || cmp(a.namespace ?? "", b.namespace ?? "");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable made-up ClusterIP in 10.96.0.0/12 for Services written without one. */
export function syntheticVip(host: string): string {
  let h = 2166136261;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 16777619) >>> 0;
  const n = h % (1 << 20);
  return `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${Math.max(1, n & 255)}`;
}

export function toServiceView(s: Service): ServiceView {
  const res = s.resource;
  const spec = (res.object.spec ?? {}) as Obj;
  const base = {
    host: s.host,
    namespace: s.namespace ?? "default",
    name: res.name,
    source: s.source,
    resource: res,
    ports: s.ports.map((p) => ({ port: p.port, name: p.name, protocol: p.protocol, ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) })),
    ...(s.selector ? { selector: s.selector } : {}),
    ...(s.exportTo ? { exportTo: s.exportTo } : {}),
    created: creationTime(res),
  };
  if (s.source === "kubernetes") {
    if (spec.type === "ExternalName" && typeof spec.externalName === "string") {
      return { ...base, addresses: [], resolution: "Alias", headless: false, externalName: spec.externalName, external: false };
    }
    const ip = typeof spec.clusterIP === "string" ? spec.clusterIP : undefined;
    if (ip === "None") return { ...base, addresses: [], resolution: "Passthrough", headless: true, external: false };
    if (ip && ip !== "") return { ...base, addresses: [ip], resolution: "ClientSideLB", headless: false, external: false };
    return { ...base, addresses: [syntheticVip(s.host)], syntheticVip: true, resolution: "ClientSideLB", headless: false, external: false };
  }
  const resolution: Resolution = spec.resolution === "STATIC" ? "ClientSideLB" : spec.resolution === "DNS" ? "DNS" : spec.resolution === "DNS_ROUND_ROBIN" ? "DNSRoundRobin" : spec.resolution === "DYNAMIC_DNS" ? "DynamicDNS" : "Passthrough";
  const addresses = Array.isArray(spec.addresses) ? (spec.addresses as string[]).filter((a) => typeof a === "string") : [];
  return {
    ...base,
    addresses,
    resolution,
    headless: false,
    external: spec.location !== "MESH_INTERNAL",
    ...(Array.isArray(spec.subjectAltNames) ? { subjectAltNames: spec.subjectAltNames as string[] } : {}),
  };
}

/** The first VIP that is a plain address (not a CIDR), or undefined. */
export function primaryVip(s: ServiceView): string | undefined {
  return s.addresses[0];
}

export function isCidr(address: string): boolean {
  return address.includes("/");
}
