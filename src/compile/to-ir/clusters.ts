/**
 * Outbound service clusters, subset clusters, special clusters and their load assignments
 * (pilot/pkg/networking/core/cluster.go, cluster_builder.go; xds-mapping.md section 9).
 */
import { isHttpLike } from "../../model/protocol.js";
import type { ClusterDiscoveryIR, ClusterIR, LoadAssignmentIR } from "../ir.js";
import { BLACKHOLE_CLUSTER, DYNAMIC_DNS_CLUSTER, INBOUND_PASSTHROUGH_CLUSTER, istioConfigPath, outboundClusterName, PASSTHROUGH_CLUSTER, STAT_DELIMITER } from "../names.js";
import { applyTrafficPolicy, autoMtls, defaultCircuitBreakers, explicitTls } from "./cluster-policy.js";
import { destinationRule, dnsV4Only, dynamicDns, endpointsOf, spiffeId, type IrContext } from "./context.js";
import { trafficPolicyFor, type Subset } from "./destination-rule.js";
import { subsetEndpoints, type ServiceEndpoint } from "./endpoints.js";
import { localityGroups, type LocalityLbInput } from "./locality.js";
import { serviceMtlsMode, workloadMtlsDisabled } from "./peer-authentication.js";
import type { ServicePortView, ServiceView } from "./services.js";

export interface ClusterOutput {
  clusters: ClusterIR[];
  endpoints: LoadAssignmentIR[];
}

function discoveryOf(svc: ServiceView): ClusterDiscoveryIR | undefined {
  switch (svc.resolution) {
    case "ClientSideLB":
      return "EDS";
    case "Passthrough":
      return "ORIGINAL_DST";
    case "DNS":
      return "STRICT_DNS";
    case "DNSRoundRobin":
      return "LOGICAL_DNS";
    default:
      return undefined;
  }
}

export function isHttp2(p: ServicePortView["protocol"]): boolean {
  return p === "HTTP2" || p === "GRPC" || p === "GRPC-Web";
}

/** Every outbound cluster of the visible services (UDP ports and aliases skipped). */
export function outboundClusters(ctx: IrContext): ClusterOutput {
  const out: ClusterOutput = { clusters: [], endpoints: [] };
  const seen = new Set<string>();
  for (const svc of ctx.scope.services) {
    if (discoveryOf(svc) === undefined) continue;
    for (const port of svc.ports) {
      if (port.protocol === "UDP") continue;
      const dr = destinationRule(ctx, svc.host, svc.namespace);
      const subsets: (Subset | undefined)[] = [undefined, ...(dr?.subsets ?? [])];
      for (const subset of subsets) {
        const name = outboundClusterName(port.port, subset?.name, svc.host);
        if (seen.has(name)) continue;
        seen.add(name);
        const built = serviceCluster(ctx, svc, port, subset);
        out.clusters.push(built.cluster);
        if (built.loadAssignment) out.endpoints.push(built.loadAssignment);
      }
    }
  }
  return out;
}

function serviceCluster(ctx: IrContext, svc: ServiceView, port: ServicePortView, subset: Subset | undefined): { cluster: ClusterIR; loadAssignment?: LoadAssignmentIR } {
  const name = outboundClusterName(port.port, subset?.name, svc.host);
  const discovery = discoveryOf(svc)!;
  const dr = destinationRule(ctx, svc.host, svc.namespace);
  const policy = trafficPolicyFor(dr, port.port, subset, ctx.mesh.defaultTrafficPolicy);
  const http2 = isHttp2(port.protocol);
  const cluster: ClusterIR = {
    name,
    discovery,
    connectTimeout: ctx.mesh.connectTimeout,
    lbPolicy: discovery === "ORIGINAL_DST" ? "CLUSTER_PROVIDED" : "LEAST_REQUEST",
    circuitBreakers: defaultCircuitBreakers(),
    altStatName: `${name}${STAT_DELIMITER}`,
    metadata: {
      services: [{ host: svc.host, name: svc.source === "kubernetes" ? svc.name : svc.host, namespace: svc.namespace }],
      ...(subset ? { subset: subset.name } : {}),
      ...(dr ? { config: istioConfigPath("destination-rule", dr.rule.namespace, dr.rule.name) } : {}),
      ...(svc.external ? { external: true } : {}),
    },
    metadataExchange: true,
  };
  if (http2) cluster.http = { http2: true };
  else if (port.protocol === "UnsupportedProtocol") cluster.http = { useDownstream: true };
  if (discovery === "STRICT_DNS" || discovery === "LOGICAL_DNS") cluster.dns = { refreshRate: ctx.mesh.dnsRefreshRate, respectTtl: true, v4Only: dnsV4Only(ctx) };
  applyTrafficPolicy(cluster, policy, http2);

  const all = endpointsOf(ctx, svc, port);
  const eps = subsetEndpoints(all, subset?.labels);
  const sans = svc.subjectAltNames ?? [...new Set(all.filter((e) => e.serviceAccount).map((e) => spiffeId(ctx.mesh.trustDomain, svc.namespace, e.serviceAccount!)))].sort();
  const tlsInput = { port: port.port, subset: subset?.name, host: svc.host, http2: http2 || cluster.http?.http2 === true, sans, drHasSelector: dr?.rule.spec.workloadSelector !== undefined, ...(ctx.mesh.tlsDefaults ? { tlsDefaults: ctx.mesh.tlsDefaults } : {}) };
  const explicit = explicitTls(policy?.tls, tlsInput);
  const peerMode = serviceMtlsMode(ctx.index, svc.namespace);
  let mtlsToEndpoints = false;
  if (explicit !== undefined && explicit !== "disable") {
    cluster.tls = explicit;
    if (explicit.mode === "simple" || explicit.mode === "mutual") cluster.metadata!.alpnOverride = false;
    if (explicit.mode === "simple" || explicit.mode === "mutual") {
      if (!explicit.sni) {
        cluster.http = { ...(cluster.http ?? {}), autoSni: true };
        if (explicit.sans.length === 0 && !explicit.insecureSkipVerify) cluster.http.autoSanValidation = true;
      }
    }
  } else if (explicit === undefined && ctx.mesh.enableAutoMtls && !svc.external && peerMode !== "DISABLE" && cluster.discovery !== "ORIGINAL_DST") {
    cluster.tls = autoMtls(tlsInput);
    mtlsToEndpoints = true;
  }

  const lb = localityLb(ctx, policy);
  if (lb && Array.isArray(lb.setting.distribute) && lb.setting.distribute.length > 0) cluster.localityWeighted = true;
  let loadAssignment: LoadAssignmentIR | undefined;
  // Auto mTLS: endpoints opt in with tlsMode=istio, unless their own workload's PeerAuthentication disables mTLS on that port.
  const mtls = mtlsToEndpoints ? (e: ServiceEndpoint) => !workloadMtlsDisabled(ctx.index, svc.namespace, e.labels, e.port) : () => false;
  if (cluster.discovery === "EDS") loadAssignment = { clusterName: name, groups: localityGroups(eps, mtls, lb) };
  else if (cluster.discovery === "STRICT_DNS" || cluster.discovery === "LOGICAL_DNS") {
    cluster.loadAssignment = { clusterName: name, groups: localityGroups(cluster.discovery === "LOGICAL_DNS" ? eps.slice(0, 1) : eps, mtls, lb) };
  }
  return loadAssignment ? { cluster, loadAssignment } : { cluster };
}

/** Locality load balancing for a cluster: the policy's `localityLbSetting`, else the mesh's. */
function localityLb(ctx: IrContext, policy: Record<string, any> | undefined): LocalityLbInput | undefined {
  const setting = policy?.loadBalancer?.localityLbSetting ?? (ctx.index.model.meshConfig as Record<string, any>).localityLbSetting;
  if (!setting || typeof setting !== "object") return undefined;
  return { ...(ctx.proxy.locality ? { proxyLocality: ctx.proxy.locality } : {}), proxyLabels: ctx.proxy.labels, setting, failoverEnabled: policy?.outlierDetection !== undefined };
}

/**
 * The special clusters: after the outbound ones BlackHoleCluster, PassthroughCluster (and
 * AllowAnyDynamicDNSCluster in ALLOW_ANY_DYNAMIC_DNS); after the inbound ones InboundPassthroughCluster.
 */
export function specialClusters(ctx: IrContext): { outbound: ClusterIR[]; inbound: ClusterIR[] } {
  const timeout = ctx.mesh.connectTimeout;
  const passthroughHttp = { idleTimeout: "300s", useDownstream: true };
  const outbound: ClusterIR[] = [
    { name: BLACKHOLE_CLUSTER, discovery: "STATIC", connectTimeout: timeout, lbPolicy: "ROUND_ROBIN", altStatName: `${BLACKHOLE_CLUSTER}${STAT_DELIMITER}` },
    { name: PASSTHROUGH_CLUSTER, discovery: "ORIGINAL_DST", connectTimeout: timeout, lbPolicy: "CLUSTER_PROVIDED", circuitBreakers: defaultCircuitBreakers(), http: { ...passthroughHttp }, metadataExchange: true, altStatName: `${PASSTHROUGH_CLUSTER}${STAT_DELIMITER}` },
  ];
  const dns = dynamicDns(ctx);
  if (dns) outbound.push({ name: DYNAMIC_DNS_CLUSTER, discovery: "DYNAMIC_FORWARD_PROXY", connectTimeout: timeout, lbPolicy: "CLUSTER_PROVIDED", circuitBreakers: defaultCircuitBreakers(), dynamicDns: dns, altStatName: `${DYNAMIC_DNS_CLUSTER}${STAT_DELIMITER}` });
  const inbound: ClusterIR[] = [
    { name: INBOUND_PASSTHROUGH_CLUSTER, discovery: "ORIGINAL_DST", connectTimeout: timeout, lbPolicy: "CLUSTER_PROVIDED", circuitBreakers: defaultCircuitBreakers(), http: { ...passthroughHttp }, upstreamBindAddress: "127.0.0.6", altStatName: `${INBOUND_PASSTHROUGH_CLUSTER}${STAT_DELIMITER}` },
  ];
  return { outbound, inbound };
}

/** Whether a port's protocol is served by an HTTP connection manager. */
export function isHttpPort(p: ServicePortView["protocol"]): boolean {
  return isHttpLike(p);
}
