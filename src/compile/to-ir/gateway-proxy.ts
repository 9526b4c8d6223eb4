/**
 * Model → IR for one router (gateway) proxy (xds-mapping.md 8): the default scope (Sidecars do not
 * apply), the listener plan of the Gateways that select it, their route configurations, the
 * outbound clusters of every visible service (shared with sidecars: clusters.ts) plus
 * BlackHoleCluster and the SNI-DNAT clusters AUTO_PASSTHROUGH chains need. No PassthroughCluster, no
 * inbound side.
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { MeshModel } from "../../model/mesh-model.js";
import type { ClusterIR, LoadAssignmentIR, ProxyIR } from "../ir.js";
import { BLACKHOLE_CLUSTER, STAT_DELIMITER } from "../names.js";
import type { CompileOptions } from "../options.js";
import { outboundClusters, specialClusters } from "./clusters.js";
import { newContext } from "./context.js";
import { gatewayListeners } from "./gateway-listeners.js";
import { planGatewayServers } from "./gateway-servers.js";
import { meshIndex } from "./mesh-index.js";
import { referencedSecrets } from "./proxy.js";
import { buildScope } from "./scope.js";

/**
 * SNI-DNAT clusters: copies of outbound clusters under their DNS-SRV name, without upstream TLS
 * (the client's mTLS passes through) and with only the endpoints that accept Istio mTLS.
 */
function sniDnatClusters(sniDnat: Map<string, string>, clusters: readonly ClusterIR[], endpoints: readonly LoadAssignmentIR[]): { clusters: ClusterIR[]; endpoints: LoadAssignmentIR[] } {
  const out = { clusters: [] as ClusterIR[], endpoints: [] as LoadAssignmentIR[] };
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const laByName = new Map(endpoints.map((e) => [e.clusterName, e]));
  const mtlsOnly = (la: LoadAssignmentIR, name: string): LoadAssignmentIR => ({ clusterName: name, groups: la.groups.map((g) => ({ ...g, endpoints: g.endpoints.filter((e) => e.istioMtls) })).filter((g) => g.endpoints.length > 0) });
  for (const [name, source] of [...sniDnat].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = byName.get(source);
    if (!base) continue;
    const { tls: _tls, ...rest } = base;
    const c: ClusterIR = { ...rest, name, altStatName: `${name}${STAT_DELIMITER}` };
    if (c.loadAssignment) c.loadAssignment = mtlsOnly(c.loadAssignment, name);
    out.clusters.push(c);
    const la = laByName.get(source);
    if (c.discovery === "EDS") out.endpoints.push(la ? mtlsOnly(la, name) : { clusterName: name, groups: [] });
  }
  return out;
}

export function buildGatewayIR(model: MeshModel, options: CompileOptions): { ir: ProxyIR; diagnostics: Diagnostic[] } {
  const index = meshIndex(model, options.configDomainSuffix ?? model.domainSuffix);
  const scope = buildScope(index, options.proxy, { ignoreSidecar: true });
  const ctx = newContext(index, options, scope);
  const plan = planGatewayServers(ctx);
  const gl = gatewayListeners(ctx, plan.listeners);
  const out = outboundClusters(ctx);
  // Gateways terminate the client protocol: auto-detected ports do not use the downstream protocol upstream.
  for (const c of out.clusters) {
    if (c.http?.useDownstream) {
      const { useDownstream: _u, ...http } = c.http;
      if (Object.keys(http).length > 0) c.http = http;
      else delete c.http;
    }
  }
  const dnat = sniDnatClusters(gl.sniDnat, out.clusters, out.endpoints);
  const blackhole = specialClusters(ctx).outbound.filter((c) => c.name === BLACKHOLE_CLUSTER);
  const ir: ProxyIR = {
    proxy: { id: options.proxy.id, namespace: options.proxy.namespace, ips: options.proxy.ips, type: "router" },
    listeners: gl.listeners,
    routeConfigs: gl.routeConfigs,
    clusters: [...out.clusters, ...dnat.clusters, ...blackhole],
    endpoints: [...out.endpoints, ...dnat.endpoints],
    secrets: [],
    gateway: { ports: plan.ports },
  };
  ir.secrets = referencedSecrets(ir);
  return { ir, diagnostics: ctx.diagnostics };
}
