/**
 * The bootstrap's `node`: id, cluster, locality and metadata, built the way the agent builds them
 * from its environment (ISTIO_META_* variables), the pod's labels and annotations (downward API
 * files) and its own settings. Metadata keys the agent knows by name carry computed values; every
 * other ISTIO_META_<KEY> passes through as <KEY> (and every key of an ISTIO_METAJSON_* object too).
 */
import type { Node } from "../envoy/index.js";
import { proxyConfigProtoJson } from "../proxy-config.js";
import type { BootstrapInput } from "./bootstrap.js";

const META_PREFIX = "ISTIO_META_";
const META_JSON_PREFIX = "ISTIO_METAJSON_";
/** The pod label that carries a locality ("region.zone.subzone" or with "/"). */
export const LOCALITY_LABEL = "istio-locality";
/** Left out of LABELS: Kubernetes adds it to every pod of a Deployment. */
const POD_TEMPLATE_HASH = "pod-template-hash";

export interface NodeFacts {
  node: Node;
  /** LABELS as written to the metadata (STATIC_LABELS overlaid with the pod's labels). */
  labels: Record<string, string>;
  /** ANNOTATIONS as written to the metadata (read by the stats options). */
  annotations: Record<string, string>;
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** ISTIO_META_POD_PORTS as the agent re-writes it: compact JSON of {name?, containerPort, protocol}. */
function podPortsText(text: string): string | undefined {
  let ports: unknown;
  try {
    ports = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(ports)) return undefined;
  const out = ports.map((p: { name?: unknown; containerPort?: unknown; protocol?: unknown }) => ({
    ...(typeof p.name === "string" && p.name !== "" ? { name: p.name } : {}),
    containerPort: typeof p.containerPort === "number" ? p.containerPort : 0,
    protocol: typeof p.protocol === "string" ? p.protocol : "",
  }));
  return JSON.stringify(out);
}

/** The canonical service name of a workload, as istio labels it. */
export function canonicalServiceName(labels: Record<string, string>, workloadName: string): string {
  return labels["service.istio.io/canonical-name"] ?? labels["app.kubernetes.io/name"] ?? labels["app"] ?? workloadName;
}

function serviceClusterOrDefault(name: string, labels: Record<string, string>, namespace: string, workloadName: string): string {
  if (name !== "" && name !== "istio-proxy") return name;
  if (labels["app"] !== undefined) return `${labels["app"]}.${namespace}`;
  if (workloadName !== "") return `${workloadName}.${namespace}`;
  if (namespace !== "") return `istio-proxy.${namespace}`;
  return "istio-proxy";
}

/** node.cluster: from the proxy config's serviceCluster or tracingServiceName, the app label and the namespace. */
function serviceCluster(input: BootstrapInput, labels: Record<string, string>, namespace: string, workloadName: string): string {
  const pc = input.proxyConfig;
  const name = workloadName === "" ? "istio-proxy" : workloadName;
  switch (pc.tracingServiceName) {
    case undefined:
      return serviceClusterOrDefault(pc.serviceCluster ?? "", labels, namespace, workloadName);
    case "CANONICAL_NAME_ONLY":
      return serviceClusterOrDefault(canonicalServiceName(labels, name), labels, namespace, workloadName);
    case "CANONICAL_NAME_AND_NAMESPACE": {
      const cs = canonicalServiceName(labels, name);
      return namespace !== "" ? `${cs}.${namespace}` : serviceClusterOrDefault(cs, labels, namespace, workloadName);
    }
    default:
      return serviceClusterOrDefault("istio-proxy", labels, namespace, workloadName);
  }
}

/** Drops repeated values, keeping the first of each. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function buildNode(input: BootstrapInput): NodeFacts {
  const env = input.env ?? {};
  // Untyped metadata: proxyMetadata ISTIO_META_*, then the environment's, then ISTIO_METAJSON_* objects spread in.
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.proxyConfig.proxyMetadata ?? {})) if (k.startsWith(META_PREFIX)) meta[k.slice(META_PREFIX.length)] = v;
  for (const [k, v] of Object.entries(env)) if (k.startsWith(META_PREFIX)) meta[k.slice(META_PREFIX.length)] = v;
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith(META_JSON_PREFIX)) continue;
    Object.assign(meta, parseJsonObject(v) ?? {});
  }

  // Labels: ISTIO_METAJSON_LABELS is the static set; the pod's labels file (when present) is laid over it.
  const staticLabels = env[`${META_JSON_PREFIX}LABELS`] !== undefined ? parseJsonObject(env[`${META_JSON_PREFIX}LABELS`]!) : undefined;
  const hasStatic = isStringMap(staticLabels) && Object.keys(staticLabels).length > 0;
  // Without a labels file LABELS and STATIC_LABELS are one map (the locality rewrite below shows in both).
  let labels: Record<string, string> = hasStatic ? staticLabels : isStringMap(meta.LABELS) ? { ...meta.LABELS } : {};
  if (input.podLabels !== undefined) {
    labels = { ...(hasStatic ? { ...staticLabels } : {}) };
    for (const [k, v] of Object.entries(input.podLabels)) if (k !== POD_TEMPLATE_HASH) labels[k] = v;
  }
  const annotations: Record<string, string> = { ...(isStringMap(meta.ANNOTATIONS) ? meta.ANNOTATIONS : {}), ...(input.podAnnotations ?? {}) };

  // Locality from the locality label ("." and "/" both separate region, zone, subzone).
  const localityText = (labels[LOCALITY_LABEL] ?? "").replaceAll(".", "/");
  if (localityText !== "") labels[LOCALITY_LABEL] = localityText;
  const [region = "", zone = "", subZone = ""] = localityText === "" ? [] : localityText.split("/");

  const typed: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    const empty = value === undefined || value === "" || value === 0 || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
    if (!empty) typed[key] = value;
  };
  set("PROXY_CONFIG", proxyConfigProtoJson(input.proxyConfig));
  set("ISTIO_VERSION", typeof meta.ISTIO_VERSION === "string" && meta.ISTIO_VERSION !== "" ? meta.ISTIO_VERSION : input.istioVersion);
  set("LABELS", labels);
  set("STATIC_LABELS", hasStatic ? staticLabels : undefined);
  set("ANNOTATIONS", annotations);
  set("INSTANCE_IPS", unique(input.instanceIps).join(","));
  set("NAMESPACE", env.POD_NAMESPACE ?? meta.NAMESPACE);
  set("NAME", env.POD_NAME ?? meta.NAME);
  set("SERVICE_ACCOUNT", env.SERVICE_ACCOUNT ?? meta.SERVICE_ACCOUNT);
  set("PILOT_SAN", input.pilotSubjectAltNames);
  set("OUTLIER_LOG_PATH", input.outlierLogPath);
  set("STS_PORT", input.stsPort ? String(input.stsPort) : undefined);
  set("ENVOY_STATUS_PORT", input.envoyStatusPort ?? 15021);
  set("ENVOY_PROMETHEUS_PORT", input.envoyPrometheusPort ?? 15090);
  set("EXIT_ON_ZERO_ACTIVE_CONNECTIONS", input.exitOnZeroActiveConnections ? "true" : undefined);
  typed.METADATA_DISCOVERY = input.metadataDiscovery ? "true" : "false";
  set("WORKLOAD_IDENTITY_SOCKET_FILE", input.workloadIdentitySocketFile);
  if (typeof meta.POD_PORTS === "string") set("POD_PORTS", podPortsText(meta.POD_PORTS));

  const metadata = { ...meta, ...typed };
  const namespace = typeof metadata.NAMESPACE === "string" ? metadata.NAMESPACE : "";
  const workloadName = typeof metadata.WORKLOAD_NAME === "string" ? metadata.WORKLOAD_NAME : "";
  return {
    node: {
      id: input.nodeId,
      cluster: serviceCluster(input, labels, namespace, workloadName),
      locality: { region, zone, subZone },
      metadata,
    },
    labels,
    annotations,
  };
}
