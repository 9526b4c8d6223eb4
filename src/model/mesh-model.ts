/**
 * The indexed, read-only model: resources by kind/namespace/name, services by host, workloads (Pods and
 * the pod templates of workload controllers, WorkloadEntries), namespaces with labels, and mesh config.
 * Built once; every index is computed here so analyzers and the compiler never scan.
 */
import type { Diagnostic } from "../diagnostic.js";
import { locate, type LoadedResource } from "../sources/source.js";
import { DEFAULT_DOMAIN_SUFFIX, isExportedTo, resolveHost, serviceFqdn } from "./hosts.js";
import { LabelIndex, SelectorIndex, type Labels } from "./label-index.js";
import { defaultMeshConfig, type MeshConfig } from "./mesh-config.js";
import { emptyMeshNetworks, type MeshNetworks } from "./mesh-networks.js";
import { parseProtocol, servicePortProtocol, type Protocol } from "./protocol.js";
import { buildWorkloads, type Workload } from "./workloads.js";

export interface ModelOptions {
  /** Namespace of resources that have none (`-n`, else "default"). Ignored with allNamespaces. */
  defaultNamespace?: string;
  /** `-A`: keep namespace-less resources namespace-less. */
  allNamespaces?: boolean;
  meshConfig?: MeshConfig;
  /** Mesh networks (`--meshNetworksFile`); none by default. */
  meshNetworks?: MeshNetworks;
  domainSuffix?: string;
  /** Multi-cluster runs: the per-cluster models (see buildMultiClusterModel). */
  clusters?: ReadonlyMap<string, MeshModel>;
  /** The cluster this model holds, when it is one cluster of a multi-cluster run. */
  clusterId?: string;
}

export interface Resource extends LoadedResource {
  /** metadata.namespace, else the default namespace (undefined only for cluster-scoped kinds or with -A). */
  namespace: string | undefined;
  name: string;
  /** The kind as written (`Gateway`); `id` tells Istio's Gateway from Gateway API's (`K8sGateway`). */
  kind: string;
  id: string;
}

export interface ServicePort {
  port: number;
  name: string;
  protocol: Protocol;
  targetPort?: number | string;
}

export interface Service {
  /** Fully qualified host: `reviews.blog-app.svc.cluster.local`, or a ServiceEntry host as written (resolved). */
  host: string;
  namespace: string | undefined;
  /** The Kubernetes Service or ServiceEntry that defines it. */
  resource: Resource;
  source: "kubernetes" | "serviceentry";
  ports: ServicePort[];
  /** Pod selector (Kubernetes Service selector, or ServiceEntry workloadSelector.labels). */
  selector?: Record<string, string>;
  exportTo?: string[];
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  resource?: Resource;
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}

export class MeshModel {
  readonly meshConfig: MeshConfig;
  readonly meshNetworks: MeshNetworks;
  readonly domainSuffix: string;
  /**
   * Multi-cluster runs only: one model per cluster id (each holding that cluster's resources). The model
   * itself then holds every cluster's resources merged (a later cluster's same-named resource wins).
   * Empty for ordinary single-cluster runs.
   */
  readonly clusters: ReadonlyMap<string, MeshModel>;
  /** The cluster this model holds, when it is one of `clusters`. */
  readonly clusterId: string | undefined;
  readonly defaultNamespace: string | undefined;
  /** Warnings met while building (duplicates). */
  readonly diagnostics: Diagnostic[] = [];
  private readonly byKey = new Map<string, Resource>();
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byKindNs = new Map<string, Resource[]>();
  private readonly servicesByHost = new Map<string, Service[]>();
  private readonly servicesByNs = new Map<string, Service[]>();
  private readonly namespaceInfo = new Map<string, NamespaceInfo>();
  readonly workloads: readonly Workload[];
  private readonly workloadsByNs = new Map<string, Workload[]>();
  /** Built on first use: workloads by namespace and label, Services by namespace and selector. */
  private workloadLabels: LabelIndex<Workload> | undefined;
  private serviceSelectors: SelectorIndex<Service> | undefined;

  constructor(resources: readonly LoadedResource[], options: ModelOptions = {}) {
    this.meshConfig = options.meshConfig ?? defaultMeshConfig();
    this.meshNetworks = options.meshNetworks ?? emptyMeshNetworks();
    this.clusters = options.clusters ?? new Map();
    this.clusterId = options.clusterId;
    this.domainSuffix = options.domainSuffix ?? DEFAULT_DOMAIN_SUFFIX;
    this.defaultNamespace = options.allNamespaces ? undefined : options.defaultNamespace ?? "default";

    for (const loaded of resources) {
      const meta = loaded.object.metadata;
      const namespace = loaded.info.namespaced ? meta.namespace ?? this.defaultNamespace : undefined;
      const res: Resource = { ...loaded, namespace, name: meta.name, kind: loaded.info.kind, id: loaded.info.id };
      const k = key(res.id, namespace, res.name);
      const previous = this.byKey.get(k);
      if (previous && previous.cluster === res.cluster) {
        const at = (r: Resource) => {
          const p = locate(r.origin);
          return p.line ? `${p.file}:${p.line}` : p.file;
        };
        this.diagnostics.push({
          code: "duplicate",
          level: "Warning",
          message: `${res.kind} ${namespace ? namespace + "/" : ""}${res.name} is defined twice: ${at(res)} replaces ${at(previous)}`,
          resource: { kind: res.kind, namespace, name: res.name },
          origin: locate(res.origin),
        });
      }
      this.byKey.set(k, res);
    }
    for (const res of this.byKey.values()) {
      push(this.byKind, res.id, res);
      push(this.byKindNs, `${res.id}/${res.namespace ?? ""}`, res);
    }
    this.indexNamespaces();
    this.indexServices();
    this.workloads = buildWorkloads(this.list("Pod"), ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"].flatMap((k) => this.list(k)), this.list("WorkloadEntry"));
    for (const w of this.workloads) push(this.workloadsByNs, w.namespace, w);
  }

  /** All resources of a kind (by meshc kind id), in load order (later duplicates replaced earlier ones). */
  list(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  listInNamespace(kind: string, namespace: string | undefined): readonly Resource[] {
    return this.byKindNs.get(`${kind}/${namespace ?? ""}`) ?? [];
  }

  get(kind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  all(): IterableIterator<Resource> {
    return this.byKey.values();
  }

  /** Kinds present in the model. */
  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Resolve a host written in a resource of `namespace` to its FQDN form. */
  resolveHost(host: string, namespace: string | undefined): string {
    return resolveHost(host, namespace, this.domainSuffix);
  }

  /** Services (Kubernetes or ServiceEntry) with exactly this host. */
  servicesForHost(host: string): readonly Service[] {
    return this.servicesByHost.get(host) ?? [];
  }

  /** Services defined in a namespace. */
  servicesInNamespace(namespace: string): readonly Service[] {
    return this.servicesByNs.get(namespace) ?? [];
  }

  /** Every distinct service host. */
  serviceHosts(): IterableIterator<string> {
    return this.servicesByHost.keys();
  }

  /** The service for `host` visible from `fromNamespace` (exportTo), preferring one in that namespace. */
  visibleService(host: string, fromNamespace: string): Service | undefined {
    const candidates = this.servicesForHost(host).filter((s) => isExportedTo(s.exportTo, s.namespace, fromNamespace, this.meshConfig.defaultServiceExportTo));
    return candidates.find((s) => s.namespace === fromNamespace) ?? candidates[0];
  }

  namespace(name: string): NamespaceInfo | undefined {
    return this.namespaceInfo.get(name);
  }

  namespaces(): IterableIterator<NamespaceInfo> {
    return this.namespaceInfo.values();
  }

  workloadsInNamespace(namespace: string): readonly Workload[] {
    return this.workloadsByNs.get(namespace) ?? [];
  }

  /** Workloads of `namespace` whose labels include every selector label (an empty selector selects all). */
  selectWorkloads(namespace: string, selector: Record<string, string> | undefined): Workload[] {
    this.workloadLabels ??= new LabelIndex(this.workloads, (w) => w.labels, matchLabels, (w) => w.namespace);
    return this.workloadLabels.select(selector, namespace);
  }

  /** Services whose selector selects this workload (Kubernetes Services in its namespace, and ServiceEntries with workloadSelector). */
  servicesForWorkload(w: Workload): Service[] {
    this.serviceSelectors ??= new SelectorIndex([...this.servicesByNs.values()].flat(), (s) => s.selector, matchLabels, (s) => s.namespace ?? "");
    return this.serviceSelectors.selecting(w.labels, w.namespace);
  }

  private indexNamespaces(): void {
    for (const ns of this.list("Namespace")) {
      this.namespaceInfo.set(ns.name, { name: ns.name, labels: { ...(ns.object.metadata.labels ?? {}) }, resource: ns });
    }
    // Namespaces only referred to by resources exist too (with no labels).
    for (const res of this.byKey.values()) {
      if (res.namespace && !this.namespaceInfo.has(res.namespace)) this.namespaceInfo.set(res.namespace, { name: res.namespace, labels: {} });
    }
  }

  private indexServices(): void {
    for (const svc of this.list("Service")) {
      const spec = (svc.object.spec ?? {}) as { ports?: { port: number; name?: string; protocol?: string; appProtocol?: string; targetPort?: number | string }[]; selector?: Record<string, string> };
      const ns = svc.namespace ?? "default";
      const annotations = svc.object.metadata.annotations ?? {};
      const exportTo = annotations["networking.istio.io/exportTo"]?.split(",").map((s) => s.trim()).filter(Boolean);
      this.addService({
        host: serviceFqdn(svc.name, ns, this.domainSuffix),
        namespace: ns,
        resource: svc,
        source: "kubernetes",
        ports: (spec.ports ?? []).map((p) => ({ port: p.port, name: p.name ?? "", protocol: servicePortProtocol(p), targetPort: p.targetPort })),
        selector: spec.selector,
        exportTo,
      });
    }
    for (const se of this.list("ServiceEntry")) {
      const spec = (se.object.spec ?? {}) as { hosts?: string[]; ports?: { number: number; name?: string; protocol?: string; targetPort?: number }[]; workloadSelector?: { labels?: Record<string, string> }; exportTo?: string[] };
      for (const host of spec.hosts ?? []) {
        this.addService({
          host: resolveHost(host, se.namespace, this.domainSuffix),
          namespace: se.namespace,
          resource: se,
          source: "serviceentry",
          ports: (spec.ports ?? []).map((p) => ({ port: p.number, name: p.name ?? "", protocol: parseProtocol(p.protocol), targetPort: p.targetPort })),
          selector: spec.workloadSelector?.labels,
          exportTo: spec.exportTo,
        });
      }
    }
  }

  private addService(s: Service): void {
    push(this.servicesByHost, s.host, s);
    if (s.namespace) push(this.servicesByNs, s.namespace, s);
  }
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

const matchLabels = (selector: Labels, labels: Labels) => labelsMatch(selector as Record<string, string>, labels as Record<string, string>);

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

export function buildModel(resources: readonly LoadedResource[], options: ModelOptions = {}): MeshModel {
  return new MeshModel(resources, options);
}

/**
 * A model over several clusters: each cluster's resources (tagged with its id) get their own model in
 * `clusters`; the returned model merges them all for analyzers that do not care about clusters.
 */
export function buildMultiClusterModel(byCluster: Readonly<Record<string, readonly LoadedResource[]>>, options: ModelOptions = {}): MeshModel {
  const clusters = new Map<string, MeshModel>();
  const all: LoadedResource[] = [];
  for (const [id, resources] of Object.entries(byCluster)) {
    const tagged = resources.map((r) => ({ ...r, cluster: id }));
    clusters.set(id, new MeshModel(tagged, { ...options, clusterId: id, clusters: undefined }));
    all.push(...tagged);
  }
  return new MeshModel(all, { ...options, clusters });
}

export type { Workload };
