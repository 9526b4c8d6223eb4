/**
 * The one table of kinds meshc knows: group, versions, kind, plural, namespaced.
 * Sources, validation, the model and the cluster source all read this table; nothing else lists kinds.
 */

export interface KindInfo {
  /**
   * meshc's own name for the kind, unique across groups: the kind itself, except where two groups share
   * a kind name (Gateway API's Gateway is "K8sGateway"). Models index by it; messages print `kind`.
   */
  id: string;
  /** API group; "" for the core group. */
  group: string;
  /** Served versions, newest preferred first (the cluster source lists the first). */
  versions: readonly string[];
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Istio CRD kinds have strict JSON Schemas; Kubernetes kinds have lenient structural ones. */
  istio: boolean;
}

const NET = ["v1", "v1beta1", "v1alpha3"] as const;
const SEC = ["v1", "v1beta1"] as const;

export const KINDS: readonly KindInfo[] = [
  // networking.istio.io
  { id: "VirtualService", group: "networking.istio.io", versions: NET, kind: "VirtualService", plural: "virtualservices", namespaced: true, istio: true },
  { id: "DestinationRule", group: "networking.istio.io", versions: NET, kind: "DestinationRule", plural: "destinationrules", namespaced: true, istio: true },
  { id: "Gateway", group: "networking.istio.io", versions: NET, kind: "Gateway", plural: "gateways", namespaced: true, istio: true },
  { id: "ServiceEntry", group: "networking.istio.io", versions: NET, kind: "ServiceEntry", plural: "serviceentries", namespaced: true, istio: true },
  { id: "Sidecar", group: "networking.istio.io", versions: NET, kind: "Sidecar", plural: "sidecars", namespaced: true, istio: true },
  { id: "WorkloadEntry", group: "networking.istio.io", versions: NET, kind: "WorkloadEntry", plural: "workloadentries", namespaced: true, istio: true },
  { id: "WorkloadGroup", group: "networking.istio.io", versions: NET, kind: "WorkloadGroup", plural: "workloadgroups", namespaced: true, istio: true },
  { id: "EnvoyFilter", group: "networking.istio.io", versions: ["v1alpha3"], kind: "EnvoyFilter", plural: "envoyfilters", namespaced: true, istio: true },
  { id: "ProxyConfig", group: "networking.istio.io", versions: ["v1beta1"], kind: "ProxyConfig", plural: "proxyconfigs", namespaced: true, istio: true },
  // security.istio.io
  { id: "PeerAuthentication", group: "security.istio.io", versions: SEC, kind: "PeerAuthentication", plural: "peerauthentications", namespaced: true, istio: true },
  { id: "AuthorizationPolicy", group: "security.istio.io", versions: SEC, kind: "AuthorizationPolicy", plural: "authorizationpolicies", namespaced: true, istio: true },
  { id: "RequestAuthentication", group: "security.istio.io", versions: SEC, kind: "RequestAuthentication", plural: "requestauthentications", namespaced: true, istio: true },
  // telemetry.istio.io
  { id: "Telemetry", group: "telemetry.istio.io", versions: ["v1", "v1alpha1"], kind: "Telemetry", plural: "telemetries", namespaced: true, istio: true },
  // extensions.istio.io
  { id: "WasmPlugin", group: "extensions.istio.io", versions: ["v1alpha1"], kind: "WasmPlugin", plural: "wasmplugins", namespaced: true, istio: true },
  { id: "TrafficExtension", group: "extensions.istio.io", versions: ["v1alpha1"], kind: "TrafficExtension", plural: "trafficextensions", namespaced: true, istio: true },
  // Kubernetes
  { id: "Namespace", group: "", versions: ["v1"], kind: "Namespace", plural: "namespaces", namespaced: false, istio: false },
  { id: "Service", group: "", versions: ["v1"], kind: "Service", plural: "services", namespaced: true, istio: false },
  { id: "Pod", group: "", versions: ["v1"], kind: "Pod", plural: "pods", namespaced: true, istio: false },
  { id: "Secret", group: "", versions: ["v1"], kind: "Secret", plural: "secrets", namespaced: true, istio: false },
  { id: "ConfigMap", group: "", versions: ["v1"], kind: "ConfigMap", plural: "configmaps", namespaced: true, istio: false },
  { id: "Endpoints", group: "", versions: ["v1"], kind: "Endpoints", plural: "endpoints", namespaced: true, istio: false },
  { id: "ServiceAccount", group: "", versions: ["v1"], kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true, istio: false },
  { id: "ReplicationController", group: "", versions: ["v1"], kind: "ReplicationController", plural: "replicationcontrollers", namespaced: true, istio: false },
  { id: "Deployment", group: "apps", versions: ["v1"], kind: "Deployment", plural: "deployments", namespaced: true, istio: false },
  { id: "StatefulSet", group: "apps", versions: ["v1"], kind: "StatefulSet", plural: "statefulsets", namespaced: true, istio: false },
  { id: "DaemonSet", group: "apps", versions: ["v1"], kind: "DaemonSet", plural: "daemonsets", namespaced: true, istio: false },
  { id: "ReplicaSet", group: "apps", versions: ["v1"], kind: "ReplicaSet", plural: "replicasets", namespaced: true, istio: false },
  { id: "Job", group: "batch", versions: ["v1"], kind: "Job", plural: "jobs", namespaced: true, istio: false },
  { id: "CronJob", group: "batch", versions: ["v1"], kind: "CronJob", plural: "cronjobs", namespaced: true, istio: false },
  { id: "EndpointSlice", group: "discovery.k8s.io", versions: ["v1"], kind: "EndpointSlice", plural: "endpointslices", namespaced: true, istio: false },
  { id: "MutatingWebhookConfiguration", group: "admissionregistration.k8s.io", versions: ["v1"], kind: "MutatingWebhookConfiguration", plural: "mutatingwebhookconfigurations", namespaced: false, istio: false },
  { id: "Node", group: "", versions: ["v1"], kind: "Node", plural: "nodes", namespaced: false, istio: false },
  { id: "CustomResourceDefinition", group: "apiextensions.k8s.io", versions: ["v1"], kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false, istio: false },
  // Gateway API (read by the gateway analyzers)
  { id: "K8sGateway", group: "gateway.networking.k8s.io", versions: ["v1", "v1beta1"], kind: "Gateway", plural: "gateways", namespaced: true, istio: false },
  { id: "GatewayClass", group: "gateway.networking.k8s.io", versions: ["v1", "v1beta1"], kind: "GatewayClass", plural: "gatewayclasses", namespaced: false, istio: false },
  { id: "HTTPRoute", group: "gateway.networking.k8s.io", versions: ["v1", "v1beta1"], kind: "HTTPRoute", plural: "httproutes", namespaced: true, istio: false },
  { id: "GRPCRoute", group: "gateway.networking.k8s.io", versions: ["v1"], kind: "GRPCRoute", plural: "grpcroutes", namespaced: true, istio: false },
  { id: "ValidatingWebhookConfiguration", group: "admissionregistration.k8s.io", versions: ["v1"], kind: "ValidatingWebhookConfiguration", plural: "validatingwebhookconfigurations", namespaced: false, istio: false },
];

const byGroupKind = new Map<string, KindInfo>();
for (const k of KINDS) byGroupKind.set(`${k.group}/${k.kind}`, k);

/** Split `networking.istio.io/v1` → {group, version}; `v1` → core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(info: KindInfo, version = info.versions[0]!): string {
  return info.group === "" ? version : `${info.group}/${version}`;
}

export type KindLookup =
  | { status: "known"; info: KindInfo; version: string }
  /** The group/kind is known but this version is not served. */
  | { status: "unknown-version"; info: KindInfo; version: string }
  | { status: "unknown-kind" };

export function lookupKind(apiVersion: string, kind: string): KindLookup {
  const { group, version } = splitApiVersion(apiVersion);
  const info = byGroupKind.get(`${group}/${kind}`);
  if (!info) return { status: "unknown-kind" };
  if (!info.versions.includes(version)) return { status: "unknown-version", info, version };
  return { status: "known", info, version };
}

/** The kind with this meshc id ("VirtualService", "K8sGateway", …). */
export function kindInfo(id: string): KindInfo | undefined {
  return KINDS.find((k) => k.id === id);
}

/** Workload kinds whose pod template the model treats as a pod. */
export const WORKLOAD_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController"] as const;
