/** `proxy-config endpoints`: istioctl's endpoint table for EDS in a config dump (ENDPOINT STATUS LOCALITY CLUSTER). */
import type { ClusterLoadAssignment, LbEndpoint, Locality } from "../../compile/envoy/index.js";
import { HealthStatus } from "../../compile/envoy/index.js";
import { endpointAddress } from "../../compile/simulate/checks.js";
import { compareClusterNames } from "./proxy-config-clusters.js";
import { renderTable } from "./proxy-config-table.js";

export interface EndpointFilter {
  /** ip:port (or pipe path) of the endpoint, case-insensitive. */
  address?: string;
  port?: number;
  /** Cluster name, case-insensitive. */
  cluster?: string;
  /** HEALTHY, UNHEALTHY, ... */
  status?: string;
}

export function healthStatusName(ep: LbEndpoint): string {
  return HealthStatus[ep.healthStatus ?? HealthStatus.UNKNOWN] ?? String(ep.healthStatus);
}

export function endpointMatches(ep: LbEndpoint, cluster: string, f: EndpointFilter): boolean {
  if (f.address && endpointAddress(ep).toLowerCase() !== f.address.toLowerCase()) return false;
  if (f.port && (ep.endpoint?.address?.socketAddress?.portValue ?? 0) !== f.port) return false;
  if (f.cluster && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false;
  if (f.status && healthStatusName(ep).toLowerCase() !== f.status.toLowerCase()) return false;
  return true;
}

/** The load assignments with only the endpoints that pass the filter; assignments left empty are dropped; istioctl's order. */
export function filterEndpoints(assignments: readonly ClusterLoadAssignment[], f: EndpointFilter): ClusterLoadAssignment[] {
  const out: ClusterLoadAssignment[] = [];
  for (const cla of assignments) {
    const cluster = cla.clusterName ?? "";
    const endpoints = (cla.endpoints ?? []).map((g) => ({ ...g, lbEndpoints: (g.lbEndpoints ?? []).filter((ep) => endpointMatches(ep, cluster, f)) }));
    if (endpoints.some((g) => g.lbEndpoints.length > 0)) out.push({ ...cla, endpoints });
  }
  return out.sort((a, b) => compareClusterNames(a.clusterName ?? "", b.clusterName ?? ""));
}

/** region/zone/subzone, shortened at the first empty part. */
export function localityString(l: Locality | undefined): string {
  if (l === undefined) return "";
  let out = l.region ?? "";
  if (!l.zone) return out;
  out += `/${l.zone}`;
  return l.subZone ? `${out}/${l.subZone}` : out;
}

export function renderEndpointTable(assignments: readonly ClusterLoadAssignment[]): string {
  const rows: string[][] = [];
  for (const cla of assignments) {
    for (const g of cla.endpoints ?? []) {
      for (const ep of g.lbEndpoints ?? []) rows.push([endpointAddress(ep), healthStatusName(ep), localityString(g.locality), cla.clusterName ?? ""]);
    }
  }
  return renderTable(["ENDPOINT", "STATUS", "LOCALITY", "CLUSTER"], rows, 5);
}
