/**
 * The bootstrap's static resources: the clusters every proxy starts with (`prometheus_stats`,
 * `agent`, `sds-grpc`, `xds-grpc`), the optional telemetry clusters (`zipkin`/`datadog_agent`,
 * `envoy_metrics_service`, `envoy_accesslog_service`), and the two static listeners (Prometheus on
 * 15090, health on 15021). Also the tracing provider and stats sinks that use those clusters.
 */
import { InputError } from "../../errors.js";
import {
  anyOf,
  ApiVersion,
  Cluster_DiscoveryType,
  Cluster_DnsLookupFamily,
  Cluster_LbPolicy,
  ENVOY_TYPES,
  HttpConnectionManager_CodecType,
  type Any,
  type Cluster,
  type Duration,
  type EnvoyMessage,
  type Listener,
  type TransportSocket,
} from "../envoy/index.js";
import { ApiConfigSource_ApiType } from "../../gen/envoy/envoy/config/core/v3/config_source.js";
import { ZipkinConfig_CollectorEndpointVersion } from "../../gen/envoy/envoy/config/trace/v3/zipkin.js";
import { RoutingPriority } from "../envoy/index.js";
import { parseDurationNs, type ProxyConfig, type RemoteService, type TlsSettings } from "../proxy-config.js";

type Tracing = EnvoyMessage<"envoy.config.trace.v3.Tracing">;
type StatsSink = EnvoyMessage<"envoy.config.metrics.v3.StatsSink">;
type ConfigSource = EnvoyMessage<"envoy.config.core.v3.ConfigSource">;

/** Addresses of one IP family: loopback, wildcard and the DNS lookup family. */
export interface IpFamily {
  localhost: string;
  wildcard: string;
  dnsLookupFamily: Cluster_DnsLookupFamily;
}

export function duration(text: string): Duration {
  const ns = parseDurationNs(text) ?? 0;
  return { seconds: Math.trunc(ns / 1e9), nanos: ns % 1e9 };
}

const HTTP2_OPTIONS = (): Record<string, Any> => ({
  [ENVOY_TYPES.httpProtocolOptions]: anyOf(ENVOY_TYPES.httpProtocolOptions, { explicitHttpConfig: { http2ProtocolOptions: {} } }),
});

function endpointCluster(name: string, address: EnvoyMessage<"envoy.config.core.v3.Address">): Cluster["loadAssignment"] {
  return { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address } }] }] };
}

function staticTcp(name: string, host: string, port: number, connectTimeout: string): Cluster {
  return {
    name,
    altStatName: `${name};`,
    type: Cluster_DiscoveryType.STATIC,
    connectTimeout: duration(connectTimeout),
    lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
    loadAssignment: endpointCluster(name, { socketAddress: { address: host, portValue: port } }),
  };
}

function staticPipe(name: string, path: string): Cluster {
  return {
    name,
    altStatName: `${name};`,
    type: Cluster_DiscoveryType.STATIC,
    connectTimeout: duration("1s"),
    lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
    loadAssignment: endpointCluster(name, { pipe: { path } }),
    typedExtensionProtocolOptions: HTTP2_OPTIONS(),
  };
}

export interface StaticClusterInput {
  family: IpFamily;
  proxyAdminPort: number;
  agentPort: number;
  sdsSocketPath: string;
  xdsSocketPath: string;
}

/** prometheus_stats, agent, sds-grpc and xds-grpc. */
export function coreClusters(input: StaticClusterInput): Cluster[] {
  const max = { maxConnections: 100000, maxPendingRequests: 100000, maxRequests: 100000 };
  return [
    staticTcp("prometheus_stats", input.family.localhost, input.proxyAdminPort, "0.250s"),
    staticTcp("agent", input.family.localhost, input.agentPort, "0.250s"),
    staticPipe("sds-grpc", input.sdsSocketPath),
    {
      ...staticPipe("xds-grpc", input.xdsSocketPath),
      circuitBreakers: { thresholds: [{ priority: RoutingPriority.DEFAULT, ...max }, { priority: RoutingPriority.HIGH, ...max }] },
      upstreamConnectionOptions: { tcpKeepalive: { keepaliveTime: 300 } },
      maxRequestsPerConnection: 1,
    },
  ];
}

/** "host:port" or "[v6]:port" → host and port; `what` names the setting in the error. */
export function hostPort(address: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:\[\]]+)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) throw new InputError(`proxy config ${what}: expected "host:port", got ${JSON.stringify(address)}`);
  return { host: (m[1] ?? m[2])!, port };
}

const sdsConfig = (): ConfigSource => ({
  apiConfigSource: {
    apiType: ApiConfigSource_ApiType.GRPC,
    setNodeOnFirstMessageOnly: true,
    transportApiVersion: ApiVersion.V3,
    grpcServices: [{ envoyGrpc: { clusterName: "sds-grpc" } }],
  },
  resourceApiVersion: ApiVersion.V3,
});

/** An Istio ClientTLSSettings as an upstream TLS transport socket whose secrets come from the agent's SDS. */
export function tlsTransportSocket(tls: TlsSettings | undefined, alpn: string[]): TransportSocket | undefined {
  const mode = tls?.mode ?? "DISABLE";
  if (tls === undefined || mode === "DISABLE") return undefined;
  const mutual = mode === "MUTUAL" || mode === "ISTIO_MUTUAL";
  const certName = mode === "ISTIO_MUTUAL" ? "default" : `file-cert:${tls.clientCertificate ?? ""}~${tls.privateKey ?? ""}`;
  const rootName = mode === "ISTIO_MUTUAL" ? "ROOTCA" : `file-root:${tls.caCertificates || "system"}`;
  const context: EnvoyMessage<"envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"> = {
    commonTlsContext: {
      ...(alpn.length > 0 ? { alpnProtocols: alpn } : {}),
      ...(mutual ? { tlsCertificateSdsSecretConfigs: [{ name: certName, sdsConfig: sdsConfig() }] } : {}),
      combinedValidationContext: {
        defaultValidationContext: (tls.subjectAltNames ?? []).length > 0 ? { matchSubjectAltNames: tls.subjectAltNames!.map((exact) => ({ exact })) } : {},
        validationContextSdsSecretConfig: { name: rootName, sdsConfig: sdsConfig() },
      },
    },
    ...(tls.sni ? { sni: tls.sni } : {}),
  };
  return { name: "envoy.transport_sockets.tls", typedConfig: anyOf(ENVOY_TYPES.upstreamTlsContext, context) };
}

function dnsCluster(name: string, address: string, what: string, family: IpFamily): Cluster {
  const { host, port } = hostPort(address, what);
  return {
    name,
    altStatName: `${name};`,
    type: Cluster_DiscoveryType.STRICT_DNS,
    respectDnsTtl: true,
    dnsLookupFamily: family.dnsLookupFamily,
    connectTimeout: duration("1s"),
    lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
    loadAssignment: endpointCluster(name, { socketAddress: { address: host, portValue: port } }),
  };
}

function grpcServiceCluster(name: string, service: RemoteService, what: string, family: IpFamily): Cluster {
  const cluster: Cluster = { ...dnsCluster(name, service.address!, what, family), typedExtensionProtocolOptions: HTTP2_OPTIONS() };
  const socket = tlsTransportSocket(service.tlsSettings, ["h2"]);
  if (socket) cluster.transportSocket = socket;
  const keepalive = service.tcpKeepalive as { probes?: number; time?: string; interval?: string } | undefined;
  if (keepalive) {
    const seconds = (d: string | undefined) => (d === undefined ? undefined : Math.round((parseDurationNs(d) ?? 0) / 1e9));
    cluster.upstreamConnectionOptions = { tcpKeepalive: { keepaliveProbes: keepalive.probes, keepaliveTime: seconds(keepalive.time), keepaliveInterval: seconds(keepalive.interval) } };
  }
  return cluster;
}

export interface Telemetry {
  clusters: Cluster[];
  tracing?: Tracing;
  statsSinks: StatsSink[];
}

/** Tracing provider, metrics service, access-log service and statsd, from the proxy config. */
export function telemetry(pc: ProxyConfig, family: IpFamily, serviceCluster: string): Telemetry {
  const out: Telemetry = { clusters: [], statsSinks: [] };
  const zipkin = pc.tracing?.zipkin?.address;
  const datadog = pc.tracing?.datadog?.address;
  if (zipkin) {
    const cluster = { ...dnsCluster("zipkin", zipkin, "tracing.zipkin.address", family), dnsRefreshRate: duration("30s") };
    const socket = tlsTransportSocket(pc.tracing?.tlsSettings, []);
    if (socket) cluster.transportSocket = socket;
    out.clusters.push(cluster);
    out.tracing = {
      http: {
        name: "envoy.tracers.zipkin",
        typedConfig: anyOf(ENVOY_TYPES.zipkin, {
          collectorCluster: "zipkin",
          collectorEndpoint: "/api/v2/spans",
          collectorEndpointVersion: ZipkinConfig_CollectorEndpointVersion.HTTP_JSON,
          traceId128bit: true,
          sharedSpanContext: false,
        }),
      },
    };
  } else if (datadog) {
    out.clusters.push(dnsCluster("datadog_agent", datadog, "tracing.datadog.address", family));
    out.tracing = {
      http: { name: "envoy.tracers.datadog", typedConfig: anyOf(ENVOY_TYPES.datadog, { collectorCluster: "datadog_agent", serviceName: serviceCluster }) },
    };
  }
  if (pc.envoyMetricsService?.address) {
    out.clusters.push(grpcServiceCluster("envoy_metrics_service", pc.envoyMetricsService, "envoyMetricsService.address", family));
    out.statsSinks.push({
      name: "envoy.stat_sinks.metrics_service",
      typedConfig: anyOf(ENVOY_TYPES.metricsService, { grpcService: { envoyGrpc: { clusterName: "envoy_metrics_service" } }, transportApiVersion: ApiVersion.V3 }),
    });
  }
  if (pc.envoyAccessLogService?.address) {
    out.clusters.push(grpcServiceCluster("envoy_accesslog_service", pc.envoyAccessLogService, "envoyAccessLogService.address", family));
  }
  if (pc.statsdUdpAddress) {
    const { host, port } = hostPort(pc.statsdUdpAddress, "statsdUdpAddress");
    out.statsSinks.push({ name: "envoy.stat_sinks.statsd", typedConfig: anyOf(ENVOY_TYPES.statsdSink, { address: { socketAddress: { address: host, portValue: port } } }) });
  }
  return out;
}

/** Content types the Prometheus endpoint may compress. */
const STATS_CONTENT_TYPES = ["text/plain", "application/vnd.google.protobuf", "application/openmetrics-text", "application/openmetrics-protobuf"];

const COMPRESSORS = [
  ["brotli", ENVOY_TYPES.brotliCompressor],
  ["zstd", ENVOY_TYPES.zstdCompressor],
  ["gzip", ENVOY_TYPES.gzipCompressor],
] as const;

function router(): EnvoyMessage<"envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter"> {
  return { name: "envoy.filters.http.router", typedConfig: anyOf(ENVOY_TYPES.router, {}) };
}

/** A listener with one HCM that routes one path prefix to one cluster. */
function singleRouteListener(wildcard: string, port: number, statPrefix: string, prefix: string, cluster: string, httpFilters: EnvoyMessage<"envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter">[]): Listener {
  const hcm = anyOf(ENVOY_TYPES.httpConnectionManager, {
    codecType: HttpConnectionManager_CodecType.AUTO,
    statPrefix,
    routeConfig: { virtualHosts: [{ name: "backend", domains: ["*"], routes: [{ match: { prefix }, route: { cluster } }] }] },
    httpFilters,
  });
  return {
    name: `${wildcard}_${port}`,
    address: { socketAddress: { address: wildcard, portValue: port } },
    ignoreGlobalConnLimit: true,
    bypassOverloadManager: true,
    filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: hcm }] }],
  };
}

/** 0.0.0.0_15090 (Prometheus, compressed) and 0.0.0.0_15021 (readiness, served by the agent). */
export function staticListeners(family: IpFamily, prometheusPort: number, statusPort: number): Listener[] {
  const compressors = COMPRESSORS.map(([name, type]) => ({
    name: `envoy.filters.http.compressor.${name}`,
    typedConfig: anyOf(ENVOY_TYPES.compressor, {
      compressorLibrary: { name: `stats_${name}`, typedConfig: anyOf(type, {}) },
      responseDirectionConfig: { commonConfig: { contentType: STATS_CONTENT_TYPES } },
    }),
  }));
  return [
    singleRouteListener(family.wildcard, prometheusPort, "stats", "/stats/prometheus", "prometheus_stats", [...compressors, router()]),
    singleRouteListener(family.wildcard, statusPort, "agent", "/healthz/ready", "agent", [router()]),
  ];
}
