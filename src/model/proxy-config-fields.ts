/**
 * Facts about Istio's ProxyConfig (istio.mesh.v1alpha1.ProxyConfig) shared by the mesh config, the
 * bootstrap's proxy-config resolution and kube-inject: the built-in defaults and every field with its
 * JSON kind, in proto declaration order (the order Istio serialises them in).
 */

export type ProxyConfigFieldKind = "string" | "int" | "enum" | "duration" | "wrapper" | "message" | "map" | "list";

/** The defaults istiod and the agent start from (before mesh config, ProxyConfig resources and annotations). */
export const PROXY_CONFIG_DEFAULTS: Readonly<Record<string, string | number>> = Object.freeze({
  configPath: "./etc/istio/proxy",
  binaryPath: "/usr/local/bin/envoy",
  serviceCluster: "istio-proxy",
  drainDuration: "45s",
  discoveryAddress: "istiod.istio-system.svc:15012",
  proxyAdminPort: 15000,
  controlPlaneAuthPolicy: "MUTUAL_TLS",
  statNameLength: 189,
  statusPort: 15020,
  terminationDrainDuration: "5s",
});

export const PROXY_CONFIG_FIELDS: readonly (readonly [string, ProxyConfigFieldKind])[] = [
  ["configPath", "string"], ["binaryPath", "string"], ["serviceCluster", "string"], ["tracingServiceName", "enum"],
  ["drainDuration", "duration"], ["parentShutdownDuration", "duration"], ["discoveryAddress", "string"],
  ["discoveryRefreshDelay", "duration"], ["zipkinAddress", "string"], ["statsdUdpAddress", "string"],
  ["envoyMetricsServiceAddress", "string"], ["proxyAdminPort", "int"], ["availabilityZone", "string"],
  ["controlPlaneAuthPolicy", "enum"], ["customConfigFile", "string"], ["statNameLength", "int"],
  ["concurrency", "wrapper"], ["proxyBootstrapTemplatePath", "string"], ["interceptionMode", "enum"],
  ["tracing", "message"], ["sds", "message"], ["envoyAccessLogService", "message"], ["envoyMetricsService", "message"],
  ["proxyMetadata", "map"], ["runtimeValues", "map"], ["statusPort", "int"], ["extraStatTags", "list"],
  ["gatewayTopology", "message"], ["terminationDrainDuration", "duration"], ["meshId", "string"],
  ["readinessProbe", "message"], ["proxyStatsMatcher", "message"], ["holdApplicationUntilProxyStarts", "wrapper"],
  ["caCertificatesPem", "list"], ["image", "message"], ["privateKeyProvider", "message"], ["proxyHeaders", "message"],
  ["fileFlushInterval", "duration"], ["fileFlushMinSizeKb", "int"], ["statsCompression", "enum"],
  ["connectionSettings", "message"],
];
