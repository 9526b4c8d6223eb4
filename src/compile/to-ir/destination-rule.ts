/**
 * Which DestinationRule applies to a host for a proxy, and the traffic policy for one port and
 * subset (pilot/pkg/model/push_context.go destinationRule, destination_rule.go merge,
 * pilot/pkg/networking/core/cluster_traffic_policy.go). Rules are looked up in the proxy's
 * namespace, then the service's namespace, then the root namespace; the most specific host wins;
 * same-host rules of one namespace merge (subsets concatenated, first traffic policy wins).
 */
import { hostCovers, isExportedTo } from "../../model/hosts.js";
import { labelsMatch } from "../../model/mesh-model.js";
import type { ProxyIdentity } from "../options.js";
import type { ConfigResource, MeshIndex } from "./mesh-index.js";

type Obj = Record<string, any>;

export interface Subset {
  name: string;
  labels?: Record<string, string>;
  trafficPolicy?: Obj;
}

export interface MergedDestinationRule {
  /** The first rule (its config path goes in cluster metadata). */
  rule: ConfigResource;
  host: string;
  trafficPolicy?: Obj;
  subsets: Subset[];
}

function specificity(pattern: string, host: string): number {
  if (pattern === host) return Number.MAX_SAFE_INTEGER;
  return hostCovers(pattern, host) ? pattern.length : -1;
}

function fromNamespace(index: MeshIndex, ns: string, proxy: ProxyIdentity, host: string, requireExport: boolean): MergedDestinationRule | undefined {
  const mesh = index.model.meshConfig;
  const applies = (r: ConfigResource) => {
    if (requireExport && !isExportedTo(r.exportTo, r.namespace, proxy.namespace, mesh.defaultDestinationRuleExportTo)) return false;
    const sel = r.spec.workloadSelector?.matchLabels as Record<string, string> | undefined;
    if (sel && Object.keys(sel).length > 0) return r.namespace === proxy.namespace && labelsMatch(sel, proxy.labels);
    return true;
  };
  const all = index.destinationRulesByNs.get(ns) ?? [];
  let best = -1;
  let bestHost = "";
  for (const r of all) {
    const s = specificity(r.hosts[0]!, host);
    if (s > best && applies(r)) {
      best = s;
      bestHost = r.hosts[0]!;
    }
  }
  if (best < 0) return undefined;
  const same = all.filter((r) => r.hosts[0] === bestHost && applies(r));
  const merged: MergedDestinationRule = { rule: same[0]!, host: bestHost, subsets: [] };
  const seen = new Set<string>();
  for (const r of same) {
    if (merged.trafficPolicy === undefined && r.spec.trafficPolicy) merged.trafficPolicy = r.spec.trafficPolicy;
    for (const s of (r.spec.subsets ?? []) as Subset[]) {
      if (typeof s?.name !== "string" || seen.has(s.name)) continue;
      seen.add(s.name);
      merged.subsets.push(s);
    }
  }
  return merged;
}

export function destinationRuleFor(index: MeshIndex, proxy: ProxyIdentity, host: string, serviceNamespace: string | undefined): MergedDestinationRule | undefined {
  const own = fromNamespace(index, proxy.namespace, proxy, host, false);
  if (own) return own;
  if (serviceNamespace && serviceNamespace !== proxy.namespace) {
    const svc = fromNamespace(index, serviceNamespace, proxy, host, true);
    if (svc) return svc;
  }
  const root = index.model.meshConfig.rootNamespace;
  if (root !== proxy.namespace && root !== serviceNamespace) return fromNamespace(index, root, proxy, host, true);
  return undefined;
}

const BLOCKS = ["loadBalancer", "connectionPool", "outlierDetection", "tls", "proxyProtocol", "tunnel", "retryBudget"] as const;

/** The effective policy for a port: port-level blocks override top-level ones. */
function forPort(policy: Obj | undefined, port: number): Obj | undefined {
  if (!policy) return undefined;
  const pl = ((policy.portLevelSettings ?? []) as Obj[]).find((p) => p.port?.number === port);
  if (!pl) return policy;
  const out: Obj = { ...policy };
  for (const b of BLOCKS) if (pl[b] !== undefined) out[b] = pl[b];
  return out;
}

const MESH_DEFAULT_BLOCKS = ["connectionPool", "outlierDetection"] as const;

/**
 * Top-level → port-level → subset (→ subset port-level); the mesh `defaultTrafficPolicy` fills the
 * connectionPool / outlierDetection blocks none of them sets.
 */
export function trafficPolicyFor(dr: MergedDestinationRule | undefined, port: number, subset?: Subset, meshDefault?: Obj): Obj | undefined {
  const policy = ruleTrafficPolicy(dr, port, subset);
  if (!meshDefault || MESH_DEFAULT_BLOCKS.every((b) => meshDefault[b] === undefined || policy?.[b] !== undefined)) return policy;
  const out: Obj = { ...(policy ?? {}) };
  for (const b of MESH_DEFAULT_BLOCKS) if (out[b] === undefined && meshDefault[b] !== undefined) out[b] = meshDefault[b];
  return out;
}

function ruleTrafficPolicy(dr: MergedDestinationRule | undefined, port: number, subset?: Subset): Obj | undefined {
  const base = forPort(dr?.trafficPolicy, port);
  if (!subset?.trafficPolicy) return base;
  const sub = forPort(subset.trafficPolicy, port)!;
  const out: Obj = { ...(base ?? {}) };
  for (const b of BLOCKS) if (sub[b] !== undefined) out[b] = sub[b];
  return out;
}
