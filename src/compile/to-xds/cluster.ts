/** IR clusters → Envoy Cluster (mechanical). */
import { anyOf, ApiVersion, Cluster_DiscoveryType, Cluster_DnsLookupFamily, Cluster_LbPolicy, ENVOY_TYPES, type Cluster } from "../envoy/index.js";
import { RoutingPriority } from "../envoy/index.js";
import type { ClusterIR } from "../ir.js";
import { durationOf } from "./duration.js";
import { loadAssignmentOf } from "./endpoint.js";
import { dnsCacheConfig } from "./filters/dynamic-forward-proxy.js";
import { clusterMetadataExchange } from "./filters/istio.js";
import { proxyProtocolSocket, rawBufferSocket, upstreamTlsSocket } from "./tls.js";
import type { XdsOptions } from "./xds-options.js";

const TYPES: Record<Exclude<ClusterIR["discovery"], "DYNAMIC_FORWARD_PROXY">, Cluster_DiscoveryType> = { EDS: Cluster_DiscoveryType.EDS, STATIC: Cluster_DiscoveryType.STATIC, STRICT_DNS: Cluster_DiscoveryType.STRICT_DNS, LOGICAL_DNS: Cluster_DiscoveryType.LOGICAL_DNS, ORIGINAL_DST: Cluster_DiscoveryType.ORIGINAL_DST };
const LB: Record<ClusterIR["lbPolicy"], Cluster_LbPolicy> = { LEAST_REQUEST: Cluster_LbPolicy.LEAST_REQUEST, ROUND_ROBIN: Cluster_LbPolicy.ROUND_ROBIN, RANDOM: Cluster_LbPolicy.RANDOM, RING_HASH: Cluster_LbPolicy.RING_HASH, MAGLEV: Cluster_LbPolicy.MAGLEV, CLUSTER_PROVIDED: Cluster_LbPolicy.CLUSTER_PROVIDED };

export function clusterOf(c: ClusterIR, o: XdsOptions): Cluster {
  const out: Cluster = { name: c.name, connectTimeout: durationOf(c.connectTimeout), lbPolicy: LB[c.lbPolicy] };
  if (c.discovery === "DYNAMIC_FORWARD_PROXY") out.clusterType = { name: "envoy.clusters.dynamic_forward_proxy", typedConfig: anyOf(ENVOY_TYPES.dynamicForwardProxyCluster, { dnsCacheConfig: dnsCacheConfig(c.dynamicDns) }) };
  else out.type = TYPES[c.discovery];
  if (c.discovery === "EDS") out.edsClusterConfig = { serviceName: c.name, edsConfig: { ads: {}, initialFetchTimeout: durationOf("0s"), resourceApiVersion: ApiVersion.V3 } };
  if (c.loadAssignment) out.loadAssignment = loadAssignmentOf(c.loadAssignment);
  if (c.ringHashMinimumRingSize !== undefined) out.ringHashLbConfig = { minimumRingSize: c.ringHashMinimumRingSize };
  if (c.maglevTableSize !== undefined) out.maglevLbConfig = { tableSize: c.maglevTableSize };
  if (c.slowStart) {
    const s = c.slowStart;
    const slowStartConfig = {
      slowStartWindow: durationOf(s.window),
      ...(s.aggression !== undefined ? { aggression: { defaultValue: s.aggression, runtimeKey: "upstream.slow_start.aggression" } } : {}),
      ...(s.minWeightPercent !== undefined ? { minWeightPercent: { value: s.minWeightPercent } } : {}),
    };
    if (c.lbPolicy === "ROUND_ROBIN") out.roundRobinLbConfig = { slowStartConfig };
    else if (c.lbPolicy === "LEAST_REQUEST") out.leastRequestLbConfig = { slowStartConfig };
  }
  if (c.circuitBreakers) {
    const cb = c.circuitBreakers;
    const retryBudget = cb.retryBudget ? { retryBudget: { budgetPercent: { value: cb.retryBudget.percent }, minRetryConcurrency: cb.retryBudget.minRetryConcurrency } } : {};
    out.circuitBreakers = { thresholds: [{ priority: RoutingPriority.DEFAULT, maxConnections: cb.maxConnections, maxPendingRequests: cb.maxPendingRequests, maxRequests: cb.maxRequests, maxRetries: cb.maxRetries, ...retryBudget, trackRemaining: true }] };
  }
  if (c.outlierDetection) {
    const od = c.outlierDetection;
    out.outlierDetection = {
      enforcingSuccessRate: 0,
      ...(od.consecutive5xx !== undefined ? { consecutive5xx: od.consecutive5xx, enforcingConsecutive5xx: od.consecutive5xx > 0 ? 100 : 0 } : { enforcingConsecutive5xx: 0 }),
      ...(od.consecutiveGatewayFailure !== undefined ? { consecutiveGatewayFailure: od.consecutiveGatewayFailure, enforcingConsecutiveGatewayFailure: 100 } : { enforcingConsecutiveGatewayFailure: 0 }),
      ...(od.consecutiveLocalOriginFailure !== undefined ? { consecutiveLocalOriginFailure: od.consecutiveLocalOriginFailure, enforcingConsecutiveLocalOriginFailure: 100 } : {}),
      ...(od.splitExternalLocalOriginErrors ? { splitExternalLocalOriginErrors: true } : {}),
      ...(od.interval ? { interval: durationOf(od.interval) } : {}),
      ...(od.baseEjectionTime ? { baseEjectionTime: durationOf(od.baseEjectionTime) } : {}),
      ...(od.maxEjectionPercent !== undefined ? { maxEjectionPercent: od.maxEjectionPercent } : {}),
      enforcingLocalOriginSuccessRate: 0,
    };
  }
  out.commonLbConfig = c.healthyPanicThreshold !== undefined ? { healthyPanicThreshold: { value: c.healthyPanicThreshold } } : {};
  if (c.localityWeighted) out.commonLbConfig.localityWeightedLbConfig = {};
  const wrap = (s: ReturnType<typeof rawBufferSocket>) => (c.proxyProtocol ? proxyProtocolSocket(c.proxyProtocol, s) : s);
  if (c.tls) {
    if (c.tls.mode === "istio" && c.tls.auto) {
      out.transportSocketMatches = [
        { name: "tlsMode-istio", match: { tlsMode: "istio" }, transportSocket: wrap(upstreamTlsSocket(c.tls)) },
        { name: "tlsMode-disabled", match: {}, transportSocket: wrap(rawBufferSocket()) },
      ];
    } else out.transportSocket = wrap(upstreamTlsSocket(c.tls));
  } else if (c.proxyProtocol) out.transportSocket = wrap(rawBufferSocket());
  const h = c.http;
  if (h) {
    const common = { ...(h.idleTimeout ? { idleTimeout: durationOf(h.idleTimeout) } : {}), ...(h.maxRequestsPerConnection ? { maxRequestsPerConnection: h.maxRequestsPerConnection } : {}), ...(h.maxConnectionDuration ? { maxConnectionDuration: durationOf(h.maxConnectionDuration) } : {}) };
    const h2 = { ...(h.maxConcurrentStreams ? { maxConcurrentStreams: h.maxConcurrentStreams } : {}) };
    const opts = {
      ...(Object.keys(common).length > 0 ? { commonHttpProtocolOptions: common } : {}),
      ...(h.autoSni ? { upstreamHttpProtocolOptions: { autoSni: true, ...(h.autoSanValidation ? { autoSanValidation: true } : {}) } } : {}),
      ...(h.useDownstream ? { useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: h2 } } : h.http2 ? { explicitHttpConfig: { http2ProtocolOptions: h2 } } : {}),
    };
    if (Object.keys(opts).length > 0) out.typedExtensionProtocolOptions = { [ENVOY_TYPES.httpProtocolOptions]: anyOf(ENVOY_TYPES.httpProtocolOptions, opts) };
  }
  if (c.tcpKeepalive) out.upstreamConnectionOptions = { tcpKeepalive: { ...(c.tcpKeepalive.probes ? { keepaliveProbes: c.tcpKeepalive.probes } : {}), ...(c.tcpKeepalive.time ? { keepaliveTime: c.tcpKeepalive.time } : {}), ...(c.tcpKeepalive.interval ? { keepaliveInterval: c.tcpKeepalive.interval } : {}) } };
  if (c.altStatName) out.altStatName = c.altStatName;
  if (c.metadata) {
    const m = c.metadata;
    const istio: Record<string, unknown> = {};
    if (m.services) istio.services = m.services;
    if (m.subset) istio.subset = m.subset;
    if (m.config) istio.config = m.config;
    if (m.external) istio.external = true;
    if (m.alpnOverride === false) istio.alpn_override = "false";
    out.metadata = { filterMetadata: { istio: istio as never } };
  }
  if (c.upstreamBindAddress) out.upstreamBindConfig = { sourceAddress: { address: c.upstreamBindAddress, portValue: 0 } };
  if (c.cleanupInterval) out.cleanupInterval = durationOf(c.cleanupInterval);
  if (c.dns) {
    out.dnsRefreshRate = durationOf(c.dns.refreshRate);
    out.respectDnsTtl = c.dns.respectTtl;
    out.dnsLookupFamily = c.dns.v4Only ? Cluster_DnsLookupFamily.V4_ONLY : Cluster_DnsLookupFamily.V6_ONLY;
  }
  if (o.flavor === "istio" && o.metadataExchange && c.metadataExchange) out.filters = [clusterMetadataExchange()];
  return out;
}
