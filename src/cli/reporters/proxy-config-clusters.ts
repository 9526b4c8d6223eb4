/** `proxy-config clusters`: istioctl's cluster table (SERVICE FQDN PORT SUBSET DIRECTION TYPE DESTINATION RULE). */
import type { Cluster } from "../../compile/envoy/index.js";
import { istioConfigName } from "../../compile/simulate.js";
import { clusterTypeName } from "../../compile/simulate/checks.js";
import { renderTable } from "./proxy-config-table.js";

export interface ClusterFilter {
  /** Substring of the cluster name, as istioctl. */
  fqdn?: string;
  port?: number;
  subset?: string;
  /** inbound | outbound (substring of the name). */
  direction?: string;
}

/** `direction|port|subset|fqdn` → parts; other names are their own FQDN with port 0. */
export function parseClusterName(name: string): { direction: string; port: number; subset: string; fqdn: string; isSubsetKey: boolean } {
  const parts = name.split("|");
  if (parts.length > 3) return { direction: parts[0]!, port: Number(parts[1]) || 0, subset: parts[2]!, fqdn: parts.slice(3).join("|"), isSubsetKey: true };
  return { direction: "", port: 0, subset: "", fqdn: name, isSubsetKey: false };
}

export function clusterNameMatches(name: string, f: ClusterFilter): boolean {
  if (f.fqdn && !name.includes(f.fqdn)) return false;
  if (f.direction && !name.includes(f.direction)) return false;
  if (f.subset && !name.includes(f.subset)) return false;
  if (f.port && !name.includes(`|${f.port}|`)) return false;
  return true;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** istioctl's order: FQDN, subset, port, direction. */
export function compareClusterNames(a: string, b: string): number {
  const x = parseClusterName(a);
  const y = parseClusterName(b);
  return cmp(x.fqdn, y.fqdn) || cmp(x.subset, y.subset) || x.port - y.port || cmp(x.direction, y.direction);
}

export function renderClusterTable(clusters: readonly Cluster[]): string {
  const rows = [...clusters]
    .sort((a, b) => compareClusterNames(a.name ?? "", b.name ?? ""))
    .map((c) => {
      const p = parseClusterName(c.name ?? "");
      const dr = istioConfigName(c.metadata) ?? "";
      return p.isSubsetKey ? [p.fqdn, String(p.port), p.subset || "-", p.direction, clusterTypeName(c), dr] : [p.fqdn, "-", "-", "-", clusterTypeName(c), dr];
    });
  return renderTable(["SERVICE FQDN", "PORT", "SUBSET", "DIRECTION", "TYPE", "DESTINATION RULE"], rows, 5);
}
