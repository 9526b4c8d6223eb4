/**
 * BootstrapInput for a workload of the model: what the agent in that workload's pod would see.
 *
 * Sidecars: the environment Istio's injector gives the istio-proxy container (POD_NAME,
 * POD_NAMESPACE, INSTANCE_IP, SERVICE_ACCOUNT, ISTIO_META_POD_PORTS, _APP_CONTAINERS, _CLUSTER_ID,
 * _NODE_NAME, _INTERCEPTION_MODE, _WORKLOAD_NAME, _OWNER, _MESH_ID, then every proxyMetadata entry),
 * and the pod labels the injector adds (security.istio.io/tlsMode, service.istio.io/canonical-*).
 * Routers (a container running `proxy router`, or the `gateway` injection template): the same four
 * downward-API variables plus the literal env of the proxy container as written.
 * Where the model cannot know a fact (the pod name and IP of a Deployment's pods), the result says
 * which placeholder it used in `notes`.
 */
import type { MeshModel, Workload } from "../../model/mesh-model.js";
import { resolveProxyConfig, type ProxyConfigSources } from "../proxy-config.js";
import { proxyNodeId, type BootstrapInput, type NodeType } from "./bootstrap.js";
import { canonicalServiceName } from "./bootstrap-node.js";

/** The Istio release meshc models (the version string a proxy reports). */
export const DEFAULT_ISTIO_VERSION = "1.28.0";
/** Stands in for the pod IP of a workload whose pods the model does not have (TEST-NET-1). */
export const PLACEHOLDER_POD_IP = "192.0.2.1";

export interface WorkloadBootstrapOptions {
  istioVersion?: string;
  /** The pod IP; default: the Pod's status.podIP or WorkloadEntry address, else PLACEHOLDER_POD_IP. */
  ip?: string;
  /** The pod name; default: the workload's name. */
  podName?: string;
  /** ISTIO_META_CLUSTER_ID ("Kubernetes"). */
  clusterId?: string;
}

export interface WorkloadBootstrap {
  input: BootstrapInput;
  nodeType: NodeType;
  proxyConfigSources: ProxyConfigSources;
  /** Facts meshc had to assume, one sentence each. */
  notes: string[];
}

type Obj = Record<string, unknown>;
interface Container {
  name?: string;
  args?: unknown[];
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
  env?: { name?: string; value?: string; valueFrom?: { fieldRef?: { fieldPath?: string } } }[];
}

function containersOf(podSpec: Obj | undefined): Container[] {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Container[]) : []);
  return [...list(podSpec?.initContainers), ...list(podSpec?.containers)];
}

/** The proxy container: named istio-proxy, or running `proxy ...`. */
function proxyContainer(podSpec: Obj | undefined): Container | undefined {
  const all = containersOf(podSpec);
  return all.find((c) => c.name === "istio-proxy") ?? all.find((c) => c.args?.[0] === "proxy");
}

/** "router" for `proxy router` or the gateway injection template, else "sidecar". */
export function nodeTypeOf(workload: Workload): NodeType {
  const proxy = proxyContainer(workload.podSpec);
  if (proxy?.args?.[0] === "proxy" && proxy.args[1] === "router") return "router";
  const templates = (workload.annotations["inject.istio.io/templates"] ?? "").split(",").map((t) => t.trim());
  return templates.includes("gateway") ? "router" : "sidecar";
}

/** istiod's SAN as the agent derives it from the discovery address. */
export function pilotSubjectAltName(discoveryAddress: string): string {
  const host = discoveryAddress.replace(/:\d+$/, "");
  return host === "localhost" ? "istiod.istio-system.svc" : host;
}

export function bootstrapInputForWorkload(model: MeshModel, workload: Workload, options: WorkloadBootstrapOptions = {}): WorkloadBootstrap {
  const notes: string[] = [];
  const { proxyConfig, sources } = resolveProxyConfig(model, workload);
  const nodeType = nodeTypeOf(workload);
  const podName = options.podName ?? workload.name;
  if (options.podName === undefined && workload.kind !== "Pod" && workload.kind !== "WorkloadEntry") {
    notes.push(`${workload.kind} ${workload.namespace}/${workload.name}: pod names are generated; using "${podName}" as the pod name`);
  }
  const ip = options.ip ?? workload.address ?? PLACEHOLDER_POD_IP;
  if (options.ip === undefined && workload.address === undefined) notes.push(`no pod IP known for ${workload.id}; using ${PLACEHOLDER_POD_IP} (set one with --ip)`);
  const spec = workload.podSpec;
  const nodeName = typeof spec?.nodeName === "string" ? spec.nodeName : undefined;
  const base: Record<string, string> = {
    POD_NAME: podName,
    POD_NAMESPACE: workload.namespace,
    INSTANCE_IP: ip,
    SERVICE_ACCOUNT: workload.serviceAccount,
  };
  let env: Record<string, string>;
  let podLabels = { ...workload.labels };
  const proxy = proxyContainer(spec);
  if (nodeType === "router" && proxy?.args?.[0] === "proxy") {
    env = { ...base, ...literalEnv(proxy, { "metadata.name": podName, "metadata.namespace": workload.namespace, "status.podIP": ip, "spec.serviceAccountName": workload.serviceAccount, ...(nodeName ? { "spec.nodeName": nodeName } : {}) }, workload.labels) };
  } else {
    env = { ...base, ...injectorMetadataEnv(model, workload, proxyConfig.interceptionMode, nodeName, options.clusterId ?? "Kubernetes"), ...(proxyConfig.proxyMetadata ?? {}) };
    podLabels = {
      ...podLabels,
      "security.istio.io/tlsMode": "istio",
      "service.istio.io/canonical-name": canonicalServiceName(workload.labels, workload.name),
      "service.istio.io/canonical-revision": workload.labels["service.istio.io/canonical-revision"] ?? workload.labels["app.kubernetes.io/version"] ?? workload.labels["version"] ?? "latest",
    };
  }
  return {
    nodeType,
    proxyConfigSources: sources,
    notes,
    input: {
      nodeId: proxyNodeId(nodeType, ip, podName, workload.namespace, model.domainSuffix),
      instanceIps: [ip],
      proxyConfig,
      istioVersion: options.istioVersion ?? DEFAULT_ISTIO_VERSION,
      env,
      podLabels,
      podAnnotations: { ...workload.annotations },
      pilotSubjectAltNames: [pilotSubjectAltName(proxyConfig.discoveryAddress ?? "istiod.istio-system.svc:15012")],
      workloadIdentitySocketFile: "socket",
    },
  };
}

/** The ISTIO_META_* variables the sidecar injector sets. */
function injectorMetadataEnv(model: MeshModel, w: Workload, interceptionMode: string | undefined, nodeName: string | undefined, clusterId: string): Record<string, string> {
  const containers = containersOf(w.podSpec).filter((c) => c.name !== "istio-proxy");
  const ports = containers.flatMap((c) => c.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.containerPort ?? 0, protocol: p.protocol ?? "TCP" }));
  const apiVersion = String(w.resource.object.apiVersion ?? "");
  const workloadName = w.labels["service.istio.io/workload-name"] ?? w.name;
  const env: Record<string, string> = {
    ISTIO_META_POD_PORTS: JSON.stringify(ports),
    ISTIO_META_APP_CONTAINERS: containers.map((c) => c.name ?? "").join(","),
    ISTIO_META_CLUSTER_ID: clusterId,
    ISTIO_META_INTERCEPTION_MODE: w.annotations["sidecar.istio.io/interceptionMode"] || interceptionMode || "REDIRECT",
    ISTIO_META_WORKLOAD_NAME: workloadName,
  };
  if (nodeName) env.ISTIO_META_NODE_NAME = nodeName;
  if (apiVersion !== "") env.ISTIO_META_OWNER = `kubernetes://apis/${apiVersion}/namespaces/${w.namespace}/${w.kind.toLowerCase()}s/${w.name}`;
  if (model.meshConfig.trustDomain) env.ISTIO_META_MESH_ID = model.meshConfig.trustDomain;
  return env;
}

/** A container's env entries with literal values, and fieldRefs the model can resolve. */
function literalEnv(c: Container, fields: Record<string, string>, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of c.env ?? []) {
    if (!e.name) continue;
    if (typeof e.value === "string") out[e.name] = e.value;
    const path = e.valueFrom?.fieldRef?.fieldPath;
    if (path === undefined) continue;
    const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
    const value = label ? labels[label[1]!] : fields[path];
    if (value !== undefined) out[e.name] = value;
  }
  return out;
}
