/**
 * The README's structural checks ("Checks (structural)") as pure functions over an XdsSnapshot.
 * Each returns the observed value in the shape of the check's expectation, so a runner compares
 * it with the case's fields.
 */
import type { Cluster, ClusterLoadAssignment, Listener, LbEndpoint } from "../envoy/index.js";
import { Cluster_DiscoveryType } from "../envoy/index.js";
import { listenerAddress } from "./listener.js";
import { routeClusters, unpackIf } from "./policies.js";
import type { XdsSnapshot } from "./types.js";

/**
 * `virtualHostClusters`: in route configuration `routeConfig`, the virtual host whose domains
 * contain exactly `domain` → the sorted, distinct clusters its routes name (weighted clusters
 * count each name). null when there is no such virtual host or its routes name no cluster.
 */
export function virtualHostClusters(xds: XdsSnapshot, routeConfig: string, domain: string): string[] | null {
  const rc = xds.routes.find((r) => (r.name ?? "") === routeConfig);
  const vh = rc?.virtualHosts?.find((v) => (v.domains ?? []).includes(domain));
  if (vh === undefined) return null;
  const clusters = [...new Set((vh.routes ?? []).flatMap(routeClusters))].sort();
  return clusters.length === 0 ? null : clusters;
}

/** The load assignment of a cluster: inline, else the EDS assignment by service or cluster name. */
export function loadAssignmentOf(xds: XdsSnapshot, cluster: Cluster): ClusterLoadAssignment | undefined {
  if (cluster.loadAssignment !== undefined) return cluster.loadAssignment;
  const name = cluster.edsClusterConfig?.serviceName || cluster.name;
  return xds.endpoints?.find((e) => e.clusterName === name);
}

/** An endpoint as "ip:port", the pipe path, "envoy://listener/id" for internal addresses, or the hostname. */
export function endpointAddress(ep: LbEndpoint): string {
  const address = ep.endpoint?.address;
  if (address?.socketAddress !== undefined) return `${address.socketAddress.address ?? ""}:${address.socketAddress.portValue ?? 0}`;
  if (address?.pipe !== undefined) return address.pipe.path ?? "";
  if (address?.envoyInternalAddress !== undefined) return `envoy://${address.envoyInternalAddress.serverListenerName ?? ""}/${address.envoyInternalAddress.endpointId ?? ""}`;
  return ep.endpoint?.hostname ?? "unknown";
}

/**
 * `inboundClusters`: every cluster whose name starts with "inbound" → its endpoint addresses
 * (null when it has none, e.g. ORIGINAL_DST).
 */
export function inboundClusters(xds: XdsSnapshot): Record<string, string[] | null> {
  const out: Record<string, string[] | null> = {};
  for (const c of xds.clusters) {
    const name = c.name ?? "";
    if (!name.startsWith("inbound")) continue;
    const endpoints = (loadAssignmentOf(xds, c)?.endpoints ?? []).flatMap((g) => g.lbEndpoints ?? []).map(endpointAddress);
    out[name] = endpoints.length === 0 ? null : endpoints;
  }
  return out;
}

export interface ListenerShape {
  port: number;
  /** Listeners bound to the port (any address). */
  listenerCount: number;
  listeners: string[];
  /** The first such listener's name ("" when none). */
  listener: string;
  /** Of that listener: */
  filterChainMatcher: boolean;
  /** Filter chains carrying prefix_ranges. */
  prefixRangeChains: number;
  /** The prefix length shared by every prefix range, or null when they differ or there are none. */
  prefixLen: number | null;
  prefixLens: number[];
  defaultFilterChain: boolean;
}

/** `listenerShape`: the listeners bound to `port` and the filter-chain layout of the first. */
export function listenerShape(xds: XdsSnapshot, port: number): ListenerShape {
  const bound = xds.listeners.filter((l) => listenerAddress(l).port === port && l.address?.socketAddress !== undefined);
  const first: Listener | undefined = bound[0];
  const chains = first?.filterChains ?? [];
  const withRanges = chains.filter((c) => (c.filterChainMatch?.prefixRanges ?? []).length > 0);
  const lens = [...new Set(withRanges.flatMap((c) => c.filterChainMatch!.prefixRanges!.map((r) => r.prefixLen ?? 0)))].sort((a, b) => a - b);
  return {
    port,
    listenerCount: bound.length,
    listeners: bound.map((l) => l.name ?? ""),
    listener: first?.name ?? "",
    filterChainMatcher: first?.filterChainMatcher !== undefined,
    prefixRangeChains: withRanges.length,
    prefixLen: lens.length === 1 ? lens[0]! : null,
    prefixLens: lens,
    defaultFilterChain: first?.defaultFilterChain !== undefined,
  };
}

export interface ListenerTls {
  listener: string;
  /** false when the listener or the chain does not exist. */
  found: boolean;
  transportSocket: boolean;
  certificateSdsSecretName: string;
  /** The first SDS config's gRPC cluster (envoy_grpc.cluster_name), "" if none. */
  sdsGrpcCluster: string;
}

/** `listenerTls`: the TLS context of `filter_chains[filterChainIndex]` of a listener. */
export function listenerTls(xds: XdsSnapshot, listenerName: string, filterChainIndex = 0): ListenerTls {
  const out: ListenerTls = { listener: listenerName, found: false, transportSocket: false, certificateSdsSecretName: "", sdsGrpcCluster: "" };
  const chain = xds.listeners.find((l) => l.name === listenerName)?.filterChains?.[filterChainIndex];
  if (chain === undefined) return out;
  out.found = true;
  out.transportSocket = chain.transportSocket !== undefined;
  const tls = unpackIf(chain.transportSocket?.typedConfig, "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext");
  const sds = tls?.commonTlsContext?.tlsCertificateSdsSecretConfigs?.[0];
  out.certificateSdsSecretName = sds?.name ?? "";
  out.sdsGrpcCluster = sds?.sdsConfig?.apiConfigSource?.grpcServices?.[0]?.envoyGrpc?.clusterName ?? "";
  return out;
}

export interface ClusterShape {
  cluster: string;
  found: boolean;
  /** Discovery type name (EDS, STRICT_DNS, ORIGINAL_DST...), or the custom cluster_type's name. */
  clusterType: string;
  /** LocalityLbEndpoints groups of its load assignment (inline or EDS). */
  localityGroups: number;
  lbEndpointsPerGroup: number[];
  /** Priority of each group. */
  priorities: number[];
}

/** `clusterShape`: discovery type and load-assignment grouping of a cluster. */
export function clusterShape(xds: XdsSnapshot, clusterName: string): ClusterShape {
  const cluster = xds.clusters.find((c) => c.name === clusterName);
  if (cluster === undefined) return { cluster: clusterName, found: false, clusterType: "", localityGroups: 0, lbEndpointsPerGroup: [], priorities: [] };
  const groups = loadAssignmentOf(xds, cluster)?.endpoints ?? [];
  return {
    cluster: clusterName,
    found: true,
    clusterType: clusterTypeName(cluster),
    localityGroups: groups.length,
    lbEndpointsPerGroup: groups.map((g) => (g.lbEndpoints ?? []).length),
    priorities: groups.map((g) => g.priority ?? 0),
  };
}

/** "EDS", "STRICT_DNS", ... or the custom cluster type's name. */
export function clusterTypeName(cluster: Cluster): string {
  if (cluster.clusterType !== undefined) return cluster.clusterType.name ?? "";
  return Cluster_DiscoveryType[cluster.type ?? Cluster_DiscoveryType.STATIC] ?? String(cluster.type);
}
