/** IR load assignments → Envoy ClusterLoadAssignment (EDS and inline). */
import { HealthStatus, type ClusterLoadAssignment, type LbEndpoint } from "../envoy/index.js";
import type { EndpointIR, LoadAssignmentIR } from "../ir.js";

function lbEndpoint(e: EndpointIR): LbEndpoint {
  const address = e.address.startsWith("unix://") ? { pipe: { path: e.address.slice("unix://".length) } } : { socketAddress: { address: e.address, portValue: e.port } };
  const out: LbEndpoint = { endpoint: { address }, healthStatus: e.healthy ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY, loadBalancingWeight: e.weight ?? 1 };
  const fm: Record<string, Record<string, unknown>> = {};
  if (e.istioMtls) fm["envoy.transport_socket_match"] = { tlsMode: "istio" };
  if (e.workload) fm.istio = { workload: e.workload };
  if (Object.keys(fm).length > 0) out.metadata = { filterMetadata: fm as never };
  return out;
}

export function loadAssignmentOf(la: LoadAssignmentIR): ClusterLoadAssignment {
  return {
    clusterName: la.clusterName,
    endpoints: la.groups.map((g) => ({
      ...(g.locality ? { locality: g.locality } : {}),
      lbEndpoints: g.endpoints.map(lbEndpoint),
      loadBalancingWeight: g.weight ?? g.endpoints.reduce((n, e) => n + (e.weight ?? 1), 0),
      ...(g.priority ? { priority: g.priority } : {}),
    })),
  };
}
