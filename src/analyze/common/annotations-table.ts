/**
 * Istio's annotation catalog as the annotation analyzers need it: each annotation's name, feature
 * status, whether it is deprecated or hidden, and the resource kinds it may be set on ("Any" = all).
 * Facts derived from istio/api `annotation/annotations.yaml` (a test cross-checks this table against
 * ../shared/reference/istio-annotations.yaml). Entries without a feature status in the catalog are
 * Alpha, as Istio's generated Go table makes them.
 */

export type FeatureStatus = "Alpha" | "Beta" | "Stable";

export interface AnnotationInfo {
  name: string;
  status: FeatureStatus;
  deprecated?: true;
  hidden?: true;
  /** Kinds the annotation belongs on, in catalog order (`Any`: every kind). */
  resources: readonly string[];
}

export const ISTIO_ANNOTATIONS: readonly AnnotationInfo[] = [
  { name: "prometheus.istio.io/merge-metrics", status: "Alpha", resources: ["Pod"] },
  { name: "alpha.istio.io/kubernetes-serviceaccounts", status: "Alpha", deprecated: true, hidden: true, resources: ["Service"] },
  { name: "alpha.istio.io/canonical-serviceaccounts", status: "Alpha", deprecated: true, hidden: true, resources: ["Service"] },
  { name: "networking.istio.io/exportTo", status: "Alpha", resources: ["Service"] },
  { name: "sidecar.istio.io/inject", status: "Beta", deprecated: true, resources: ["Pod"] },
  { name: "sidecar.istio.io/status", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/rewriteAppHTTPProbers", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/discoveryAddress", status: "Alpha", deprecated: true, resources: ["Pod"] },
  { name: "sidecar.istio.io/proxyImage", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/proxyImageType", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/proxyCPU", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/proxyCPULimit", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/proxyMemory", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/proxyMemoryLimit", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/interceptionMode", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/bootstrapOverride", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/statsInclusionPrefixes", status: "Alpha", deprecated: true, resources: ["Pod"] },
  { name: "sidecar.istio.io/statsInclusionSuffixes", status: "Alpha", deprecated: true, resources: ["Pod"] },
  { name: "sidecar.istio.io/statsInclusionRegexps", status: "Alpha", deprecated: true, resources: ["Pod"] },
  { name: "sidecar.istio.io/statsHistogramBuckets", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/statsFlushInterval", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/statsEvictionInterval", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/statsHistogramBins", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/userVolume", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/userVolumeMount", status: "Alpha", resources: ["Pod"] },
  { name: "status.sidecar.istio.io/port", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/logLevel", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/componentLogLevel", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/agentLogLevel", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/nativeSidecar", status: "Alpha", resources: ["Pod"] },
  { name: "readiness.status.sidecar.istio.io/initialDelaySeconds", status: "Alpha", resources: ["Pod"] },
  { name: "readiness.status.sidecar.istio.io/periodSeconds", status: "Alpha", resources: ["Pod"] },
  { name: "readiness.status.sidecar.istio.io/failureThreshold", status: "Alpha", resources: ["Pod"] },
  { name: "readiness.status.sidecar.istio.io/applicationPorts", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.istio.io/nodeSelector", status: "Stable", resources: ["Service"] },
  { name: "traffic.sidecar.istio.io/includeOutboundIPRanges", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/excludeOutboundIPRanges", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/includeInboundPorts", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/excludeInboundPorts", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/excludeInterfaces", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/includeOutboundPorts", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/excludeOutboundPorts", status: "Alpha", resources: ["Pod"] },
  { name: "traffic.sidecar.istio.io/kubevirtInterfaces", status: "Alpha", deprecated: true, resources: ["Pod"] },
  { name: "kubernetes.io/ingress.class", status: "Stable", resources: ["Ingress"] },
  { name: "galley.istio.io/analyze-suppress", status: "Alpha", resources: ["Any"] },
  { name: "proxy.istio.io/config", status: "Beta", resources: ["Pod"] },
  { name: "istio.io/dry-run", status: "Alpha", resources: ["AuthorizationPolicy"] },
  { name: "istio.io/rev", status: "Alpha", resources: ["Pod"] },
  { name: "proxy.istio.io/overrides", status: "Alpha", hidden: true, resources: ["Pod"] },
  { name: "inject.istio.io/templates", status: "Alpha", resources: ["Pod"] },
  { name: "sidecar.istio.io/extraStatTags", status: "Alpha", deprecated: true, resources: ["Pod"] },
  { name: "istio.io/autoRegistrationGroup", status: "Alpha", hidden: true, resources: ["WorkloadEntry"] },
  { name: "istio.io/workloadController", status: "Alpha", hidden: true, resources: ["WorkloadEntry"] },
  { name: "istio.io/connectedAt", status: "Alpha", hidden: true, resources: ["WorkloadEntry"] },
  { name: "istio.io/disconnectedAt", status: "Alpha", hidden: true, resources: ["WorkloadEntry"] },
  { name: "topology.istio.io/controlPlaneClusters", status: "Alpha", resources: ["Namespace"] },
  { name: "gateway.istio.io/controller-version", status: "Alpha", hidden: true, resources: ["Any"] },
  { name: "ambient.istio.io/redirection", status: "Beta", resources: ["Pod"] },
  { name: "ambient.istio.io/waypoint-inbound-binding", status: "Alpha", hidden: true, resources: ["GatewayClass", "Gateway"] },
  { name: "gateway.istio.io/service-account", status: "Alpha", hidden: true, resources: ["Gateway"] },
  { name: "gateway.istio.io/name-override", status: "Alpha", hidden: true, resources: ["Gateway"] },
  { name: "networking.istio.io/service-type", status: "Alpha", hidden: true, resources: ["Gateway"] },
  { name: "networking.istio.io/traffic-distribution", status: "Alpha", resources: ["Namespace", "Service", "ServiceEntry"] },
  { name: "istio.io/use-waypoint-canary-weight", status: "Alpha", resources: ["Service", "ServiceEntry", "Namespace"] },
  { name: "ambient.istio.io/bypass-inbound-capture", status: "Alpha", resources: ["Pod"] },
  { name: "istio.io/reroute-virtual-interfaces", status: "Alpha", resources: ["Pod"] },
  { name: "ambient.istio.io/dns-capture", status: "Alpha", hidden: true, resources: ["Pod"] },
  { name: "sidecar.istio.io/statsCompression", status: "Alpha", deprecated: true, resources: ["Pod"] },
];

const BY_NAME = new Map(ISTIO_ANNOTATIONS.map((a) => [a.name, a]));

/** The catalog entry of an annotation, if Istio knows it. */
export function lookupAnnotation(name: string): AnnotationInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * An annotation in Istio's namespace: the part before the first `/` (the whole key without one) ends in
 * `istio.io`, or the key is `kubernetes.io/ingress.class` (which Istio documents too).
 */
export function isIstioAnnotation(key: string): boolean {
  if (key === "kubernetes.io/ingress.class") return true;
  return key.split("/")[0]!.endsWith("istio.io");
}

/** Annotations Istio's own machinery sets; the annotation analyzers never report them. */
export const ALWAYS_IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set(["sidecar.istio.io/status", "gateway.istio.io/controller-version", "istio.io/rev"]);
