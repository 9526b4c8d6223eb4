/**
 * Endpoints grouped by locality, and locality load balancing for one proxy
 * (pilot/pkg/xds/endpoints/endpoint_builder.go, pilot/pkg/networking/core/loadbalancer/loadbalancer.go;
 * xds-mapping.md 9.3 `localityLbSetting`, 10): `distribute` re-weights locality groups; failover
 * (only with outlier detection) assigns priorities: `failoverPriority` labels first (endpoints whose
 * labels match the proxy's in order get the best priority), then region/zone/subzone proximity
 * and `failover` from→to regions. Priorities are renumbered 0..N without gaps.
 */
import type { EndpointIR, LocalityGroupIR } from "../ir.js";
import type { ServiceEndpoint } from "./endpoints.js";

type Obj = Record<string, any>;

export interface Locality {
  region?: string;
  zone?: string;
  subZone?: string;
}

/** What locality load balancing reads: the proxy's locality and labels, the setting, whether failover applies. */
export interface LocalityLbInput {
  proxyLocality?: Locality;
  proxyLabels: Record<string, string>;
  /** DestinationRule (or mesh) `localityLbSetting`. */
  setting: Obj;
  /** Failover needs outlier detection (else Envoy never drops to a lower priority). */
  failoverEnabled: boolean;
}

interface Group {
  locality?: Locality;
  priority: number;
  weight?: number;
  endpoints: ServiceEndpoint[];
}

/** `region/zone/subzone` (also `.`-separated, as the istio-locality label). */
export function parseLocality(text: string | undefined): Locality | undefined {
  if (!text) return undefined;
  const [region, zone, subZone] = text.split(/[/.]/);
  return { ...(region ? { region } : {}), ...(zone ? { zone } : {}), ...(subZone ? { subZone } : {}) };
}

function localityKey(l: Locality | undefined): string {
  return l ? `${l.region ?? ""}/${l.zone ?? ""}/${l.subZone ?? ""}` : "";
}

/** Whether `l` matches a `region/zone/subzone` pattern where `*` (or a missing part) matches anything. */
export function localityMatches(l: Locality | undefined, pattern: string): boolean {
  const parts = pattern.split("/");
  const have = [l?.region ?? "", l?.zone ?? "", l?.subZone ?? ""];
  for (let i = 0; i < parts.length && i < 3; i++) {
    if (parts[i] === "*") return true;
    if (parts[i] !== have[i]) return false;
  }
  return true;
}

/** 0: same subzone, 1: same zone, 2: same region, 3: elsewhere (util.LbPriority). */
function proximity(proxy: Locality | undefined, ep: Locality | undefined): number {
  if (!proxy || !ep || proxy.region !== ep.region) return 3;
  if (proxy.zone !== ep.zone) return 2;
  if (proxy.subZone !== ep.subZone) return 1;
  return 0;
}

function distribute(groups: Group[], proxy: Locality | undefined, rules: Obj[]): Group[] {
  const rule = rules.find((r) => typeof r.from === "string" && localityMatches(proxy, r.from));
  if (!rule) return groups;
  const unmatched = new Set(groups.keys());
  for (const [pattern, weight] of Object.entries((rule.to ?? {}) as Record<string, number>)) {
    const hit = [...unmatched].filter((i) => localityMatches(groups[i]!.locality, pattern));
    const total = hit.reduce((n, i) => n + groupWeight(groups[i]!), 0);
    for (const i of hit) {
      unmatched.delete(i);
      const w = Math.ceil((groupWeight(groups[i]!) * weight) / total);
      if (w > 0) groups[i]!.weight = w;
    }
  }
  return groups.filter((_, i) => !unmatched.has(i));
}

function groupWeight(g: Group): number {
  return g.weight ?? g.endpoints.reduce((n, e) => n + (e.weight ?? 1), 0);
}

/** Splits every group by how many leading `failoverPriority` labels the endpoint shares with the proxy. */
function failoverPriorities(groups: Group[], proxyLabels: Record<string, string>, keys: string[]): Group[] {
  const rank = (e: ServiceEndpoint) => {
    let matched = 0;
    for (const k of keys) {
      const [label, forced] = k.split("=") as [string, string | undefined];
      const want = forced ?? proxyLabels[label];
      if (want === undefined || e.labels[label] !== want) break;
      matched++;
    }
    return keys.length - matched;
  };
  const out: Group[] = [];
  for (const g of groups) {
    const byRank = new Map<number, ServiceEndpoint[]>();
    for (const e of g.endpoints) {
      const r = rank(e);
      byRank.set(r, [...(byRank.get(r) ?? []), e]);
    }
    for (const [r, eps] of byRank) out.push({ ...(g.locality ? { locality: g.locality } : {}), priority: r, endpoints: eps });
  }
  return out;
}

function localityFailover(groups: Group[], proxy: Locality | undefined, failover: Obj[]): void {
  for (const g of groups) {
    let p = proximity(proxy, g.locality);
    if (p === 3) {
      const rule = failover.find((f) => f.from === proxy?.region);
      if (rule && g.locality?.region !== rule.to) p = 4;
    }
    g.priority = g.priority * 5 + p;
  }
}

function renumber(groups: Group[]): void {
  const levels = [...new Set(groups.map((g) => g.priority))].sort((a, b) => a - b);
  for (const g of groups) g.priority = levels.indexOf(g.priority);
}

/**
 * Groups endpoints by locality (sorted by locality label), then applies locality load balancing when
 * given. `mtls` says which endpoints carry the tlsMode=istio transport-socket match.
 */
export function localityGroups(endpoints: readonly ServiceEndpoint[], mtls: (e: ServiceEndpoint) => boolean, lb?: LocalityLbInput): LocalityGroupIR[] {
  const byKey = new Map<string, Group>();
  for (const e of endpoints) {
    const key = localityKey(e.locality);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { ...(e.locality ? { locality: e.locality } : {}), priority: 0, endpoints: [] }));
    g.endpoints.push(e);
  }
  let groups = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const s = lb?.setting;
  if (lb && s && s.enabled !== false) {
    if (Array.isArray(s.distribute) && s.distribute.length > 0) groups = distribute(groups, lb.proxyLocality, s.distribute);
    else if (lb.failoverEnabled) {
      const keys = Array.isArray(s.failoverPriority) ? (s.failoverPriority as string[]) : [];
      const failover = Array.isArray(s.failover) ? (s.failover as Obj[]) : [];
      if (keys.length > 0) groups = failoverPriorities(groups, lb.proxyLabels, keys);
      if (keys.length === 0 || failover.length > 0) localityFailover(groups, lb.proxyLocality, failover);
      renumber(groups);
    }
  }
  return groups.map((g) => {
    const out: LocalityGroupIR = { ...(g.locality ? { locality: g.locality } : {}), endpoints: g.endpoints.map((e) => endpointIr(e, mtls(e))) };
    if (g.priority > 0) out.priority = g.priority;
    if (g.weight !== undefined) out.weight = g.weight;
    return out;
  });
}

function endpointIr(e: ServiceEndpoint, mtls: boolean): EndpointIR {
  const ir: EndpointIR = { address: e.address, port: e.port, healthy: e.healthy };
  if (e.weight !== undefined) ir.weight = e.weight;
  if (e.istioMtls && mtls) ir.istioMtls = true;
  if (e.workload) ir.workload = e.workload;
  return ir;
}
