/**
 * The one table of kinds meshc knows: group, versions, kind, plural, namespaced.
 * Sources, validation, the model and the cluster source all read this table; nothing else lists kinds.
 */

export interface KindInfo {
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
  { group: "networking.istio.io", versions: NET, kind: "VirtualService", plural: "virtualservices", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: NET, kind: "DestinationRule", plural: "destinationrules", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: NET, kind: "Gateway", plural: "gateways", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: NET, kind: "ServiceEntry", plural: "serviceentries", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: NET, kind: "Sidecar", plural: "sidecars", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: NET, kind: "WorkloadEntry", plural: "workloadentries", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: NET, kind: "WorkloadGroup", plural: "workloadgroups", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: ["v1alpha3"], kind: "EnvoyFilter", plural: "envoyfilters", namespaced: true, istio: true },
  { group: "networking.istio.io", versions: ["v1beta1"], kind: "ProxyConfig", plural: "proxyconfigs", namespaced: true, istio: true },
  // security.istio.io
  { group: "security.istio.io", versions: SEC, kind: "PeerAuthentication", plural: "peerauthentications", namespaced: true, istio: true },
  { group: "security.istio.io", versions: SEC, kind: "AuthorizationPolicy", plural: "authorizationpolicies", namespaced: true, istio: true },
  { group: "security.istio.io", versions: SEC, kind: "RequestAuthentication", plural: "requestauthentications", namespaced: true, istio: true },
  // telemetry.istio.io
  { group: "telemetry.istio.io", versions: ["v1", "v1alpha1"], kind: "Telemetry", plural: "telemetries", namespaced: true, istio: true },
  // extensions.istio.io
  { group: "extensions.istio.io", versions: ["v1alpha1"], kind: "WasmPlugin", plural: "wasmplugins", namespaced: true, istio: true },
  { group: "extensions.istio.io", versions: ["v1alpha1"], kind: "TrafficExtension", plural: "trafficextensions", namespaced: true, istio: true },
  // Kubernetes
  { group: "", versions: ["v1"], kind: "Namespace", plural: "namespaces", namespaced: false, istio: false },
  { group: "", versions: ["v1"], kind: "Service", plural: "services", namespaced: true, istio: false },
  { group: "", versions: ["v1"], kind: "Pod", plural: "pods", namespaced: true, istio: false },
  { group: "", versions: ["v1"], kind: "Secret", plural: "secrets", namespaced: true, istio: false },
  { group: "", versions: ["v1"], kind: "ConfigMap", plural: "configmaps", namespaced: true, istio: false },
  { group: "", versions: ["v1"], kind: "Endpoints", plural: "endpoints", namespaced: true, istio: false },
  { group: "", versions: ["v1"], kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true, istio: false },
  { group: "", versions: ["v1"], kind: "ReplicationController", plural: "replicationcontrollers", namespaced: true, istio: false },
  { group: "apps", versions: ["v1"], kind: "Deployment", plural: "deployments", namespaced: true, istio: false },
  { group: "apps", versions: ["v1"], kind: "StatefulSet", plural: "statefulsets", namespaced: true, istio: false },
  { group: "apps", versions: ["v1"], kind: "DaemonSet", plural: "daemonsets", namespaced: true, istio: false },
  { group: "apps", versions: ["v1"], kind: "ReplicaSet", plural: "replicasets", namespaced: true, istio: false },
  { group: "batch", versions: ["v1"], kind: "Job", plural: "jobs", namespaced: true, istio: false },
  { group: "batch", versions: ["v1"], kind: "CronJob", plural: "cronjobs", namespaced: true, istio: false },
  { group: "discovery.k8s.io", versions: ["v1"], kind: "EndpointSlice", plural: "endpointslices", namespaced: true, istio: false },
  { group: "admissionregistration.k8s.io", versions: ["v1"], kind: "MutatingWebhookConfiguration", plural: "mutatingwebhookconfigurations", namespaced: false, istio: false },
  { group: "admissionregistration.k8s.io", versions: ["v1"], kind: "ValidatingWebhookConfiguration", plural: "validatingwebhookconfigurations", namespaced: false, istio: false },
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

export function kindInfo(kind: string): KindInfo | undefined {
  return KINDS.find((k) => k.kind === kind);
}

/** Workload kinds whose pod template the model treats as a pod. */
export const WORKLOAD_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController"] as const;
