/**
 * The Envoy bootstrap that Istio's agent (pilot-agent) writes for a proxy before starting Envoy:
 * node identity and metadata, admin, the static listeners and clusters, ADS over the agent's XDS
 * socket, stats tags and matchers, tracing and stats sinks when configured, and the layered runtime.
 *
 * buildBootstrap is pure: everything it reads is in BootstrapInput (no environment, no files).
 * bootstrapInputForWorkload (bootstrap-workload.ts) derives that input from the model.
 *
 *   const input = bootstrapInputForWorkload(model, workload, { istioVersion: "1.28.0" });
 *   const json = toEnvoyJson(ENVOY_TYPES.bootstrap, buildBootstrap(input));
 */
import { anyOf, ApiVersion, Cluster_DnsLookupFamily, ENVOY_TYPES, typedStruct, type Bootstrap } from "../envoy/index.js";
import { ApiConfigSource_ApiType } from "../../gen/envoy/envoy/config/core/v3/config_source.js";
import type { ProxyConfig } from "../proxy-config.js";
import { buildNode } from "./bootstrap-node.js";
import { coreClusters, duration, staticListeners, telemetry, type IpFamily } from "./bootstrap-static.js";
import { buildStatsConfig } from "./bootstrap-stats.js";

/** "sidecar" for an injected workload, "router" for a gateway (`pilot-agent proxy router`). */
export type NodeType = "sidecar" | "router";

export interface BootstrapInput {
  /** Envoy node id, e.g. `sidecar~10.1.2.3~posts-v1-5d8f.blog-app~blog-app.svc.cluster.local` (see proxyNodeId). */
  nodeId: string;
  /** The proxy's IPs (INSTANCE_IPS; duplicates dropped). Their family picks IPv4 or IPv6 loopback and wildcard. */
  instanceIps: string[];
  /** The effective proxy config (resolveProxyConfig). */
  proxyConfig: ProxyConfig;
  /** ISTIO_VERSION, unless the environment sets ISTIO_META_ISTIO_VERSION. */
  istioVersion: string;
  /**
   * The agent's environment: ISTIO_META_<KEY> become metadata <KEY>; ISTIO_METAJSON_<X> are JSON
   * objects spread into the metadata (ISTIO_METAJSON_LABELS also gives LABELS); POD_NAME,
   * POD_NAMESPACE and SERVICE_ACCOUNT give NAME, NAMESPACE and SERVICE_ACCOUNT.
   */
  env?: Record<string, string>;
  /** The pod's labels as the downward-API file shows them (undefined: no such file). */
  podLabels?: Record<string, string>;
  /** The pod's annotations as the downward-API file shows them. */
  podAnnotations?: Record<string, string>;
  /** PILOT_SAN: the identities istiod's certificate must carry. */
  pilotSubjectAltNames: string[];
  /** Cluster manager outlier event log (agent flag --outlierLogPath). */
  outlierLogPath?: string;
  /** Envoy's Prometheus listener port (15090). */
  envoyPrometheusPort?: number;
  /** Envoy's health listener port (15021). */
  envoyStatusPort?: number;
  /** File name of the workload-identity SDS socket under ./var/run/secrets/workload-spiffe-uds/ ("socket"). */
  workloadIdentitySocketFile?: string;
  /** The agent's XDS proxy socket ("./etc/istio/proxy/XDS"). */
  xdsSocketPath?: string;
  /** Security-token service port (agent flag --stsPort); 0 or absent: none. */
  stsPort?: number;
  metadataDiscovery?: boolean;
  exitOnZeroActiveConnections?: boolean;
}

export const DEFAULT_XDS_SOCKET_PATH = "./etc/istio/proxy/XDS";
export const SDS_SOCKET_DIR = "./var/run/secrets/workload-spiffe-uds";
export const DEFAULT_SDS_SOCKET_FILE = "socket";
const APPLICATION_LOG_FORMAT = "%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t";
/** The overload manager's connection limit (effectively none). */
const MAX_DOWNSTREAM_CONNECTIONS = 2147483647;

/** The node id the agent uses: `<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>`. */
export function proxyNodeId(type: NodeType, ip: string, podName: string, namespace: string, domainSuffix = "cluster.local"): string {
  return `${type}~${ip}~${podName}.${namespace}~${namespace}.svc.${domainSuffix}`;
}

/** IPv6 addresses only: IPv6 loopback and wildcard; anything else (also dual stack): IPv4. */
export function ipFamilyOf(ips: readonly string[]): IpFamily {
  const v6 = ips.length > 0 && ips.every((ip) => ip.includes(":"));
  return v6
    ? { localhost: "::1", wildcard: "::", dnsLookupFamily: Cluster_DnsLookupFamily.V6_ONLY }
    : { localhost: "127.0.0.1", wildcard: "0.0.0.0", dnsLookupFamily: Cluster_DnsLookupFamily.V4_ONLY };
}

/** Runtime flags the agent always sets, then proxyConfig.runtimeValues ("" removes one; "true"/"false" become booleans). */
export function runtimeFlags(runtimeValues: Record<string, string> = {}): Record<string, unknown> {
  const flags: Record<string, unknown> = {
    "envoy.deprecated_features:envoy.config.listener.v3.Listener.hidden_envoy_deprecated_use_original_dst": true,
    "envoy.reloadable_features.coalesce_lb_rebuilds_on_batch_update": false,
    "envoy.reloadable_features.fixed_heap_use_allocated": true,
    "envoy.reloadable_features.http_reject_path_with_fragment": false,
    "re2.max_program_size.error_level": "32768",
  };
  for (const [key, value] of Object.entries(runtimeValues)) {
    if (value === "") delete flags[key];
    else flags[key] = value === "true" ? true : value === "false" ? false : value;
  }
  return flags;
}

export function buildBootstrap(input: BootstrapInput): Bootstrap {
  const pc = input.proxyConfig;
  const family = ipFamilyOf(input.instanceIps);
  const ips = [...new Set(input.instanceIps)];
  const { node, annotations } = buildNode(input);
  const ads = () => ({ ads: {}, initialFetchTimeout: duration("0s"), resourceApiVersion: ApiVersion.V3 });
  const tel = telemetry(pc, family, node.cluster ?? "");
  const bootstrap: Bootstrap = {
    applicationLogConfig: { logFormat: { textFormat: APPLICATION_LOG_FORMAT } },
    node,
    layeredRuntime: {
      layers: [
        { name: "global config", staticLayer: runtimeFlags(pc.runtimeValues) },
        { name: "admin", adminLayer: {} },
      ],
    },
    bootstrapExtensions: [
      {
        name: "envoy.bootstrap.internal_listener",
        typedConfig: typedStruct(`type.googleapis.com/${ENVOY_TYPES.internalListener}`, { buffer_size_kb: 64 }),
      },
    ],
    statsConfig: buildStatsConfig({ proxyConfig: pc, annotations, instanceIps: ips, exitOnZeroActiveConnections: input.exitOnZeroActiveConnections ?? false }),
    admin: {
      accessLog: [{ name: "envoy.access_loggers.file", typedConfig: anyOf(ENVOY_TYPES.fileAccessLog, { path: "/dev/null" }) }],
      profilePath: "/var/lib/istio/data/envoy.prof",
      address: { socketAddress: { address: family.localhost, portValue: pc.proxyAdminPort ?? 15000 } },
    },
    dynamicResources: {
      ldsConfig: ads(),
      cdsConfig: ads(),
      adsConfig: {
        apiType: ApiConfigSource_ApiType.DELTA_GRPC,
        setNodeOnFirstMessageOnly: true,
        transportApiVersion: ApiVersion.V3,
        grpcServices: [{ envoyGrpc: { clusterName: "xds-grpc" } }],
      },
    },
    staticResources: {
      clusters: [
        ...coreClusters({
          family,
          proxyAdminPort: pc.proxyAdminPort ?? 15000,
          agentPort: pc.statusPort || 15020,
          sdsSocketPath: `${SDS_SOCKET_DIR}/${input.workloadIdentitySocketFile || DEFAULT_SDS_SOCKET_FILE}`,
          xdsSocketPath: input.xdsSocketPath ?? DEFAULT_XDS_SOCKET_PATH,
        }),
        ...tel.clusters,
      ],
      listeners: staticListeners(family, input.envoyPrometheusPort ?? 15090, input.envoyStatusPort ?? 15021),
    },
    overloadManager: {
      resourceMonitors: [
        {
          name: "envoy.resource_monitors.global_downstream_max_connections",
          typedConfig: anyOf(ENVOY_TYPES.downstreamConnections, { maxActiveDownstreamConnections: MAX_DOWNSTREAM_CONNECTIONS }),
        },
      ],
    },
    clusterManager: {
      ...(input.outlierLogPath ? { outlierDetection: { eventLogPath: input.outlierLogPath } } : {}),
      enableDeferredClusterCreation: true,
    },
    deferredStatOptions: { enableDeferredCreationStats: true },
  };
  if (tel.tracing) bootstrap.tracing = tel.tracing;
  if (tel.statsSinks.length > 0) bootstrap.statsSinks = tel.statsSinks;
  return bootstrap;
}

export type { ProxyConfig };
