/**
 * Endpoints of a service port (pilot/pkg/xds/endpoints/endpoint_builder.go): from EndpointSlices
 * (or Endpoints), else from the workloads the Service selects (Pods; pod templates of Deployments
 * and the like get a synthetic address), ServiceEntry endpoints and WorkloadEntries. Only endpoints
 * for the service port's name are kept.
 */
import { labelsMatch, type Workload } from "../../model/mesh-model.js";
import { canonicalServiceName } from "../to-xds/bootstrap-node.js";
import { parseLocality, type Locality } from "./locality.js";
import type { MeshIndex } from "./mesh-index.js";
import type { ServicePortView, ServiceView } from "./services.js";

type Obj = Record<string, any>;

export const TLS_MODE_LABEL = "security.istio.io/tlsMode";

export interface ServiceEndpoint {
  address: string;
  port: number;
  labels: Record<string, string>;
  healthy: boolean;
  istioMtls: boolean;
  locality?: Locality;
  weight?: number;
  serviceAccount?: string;
  workload?: string;
}

/** A stable made-up pod address in 10.244.0.0/16 for a pod template. */
export function syntheticPodIp(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return `10.244.${(h >>> 8) & 255}.${Math.max(2, h & 255)}`;
}

/** Whether the workload runs an injected sidecar (the injector labels it tlsMode=istio). */
export function isInjected(w: Workload): boolean {
  if (w.kind === "WorkloadEntry") return w.labels[TLS_MODE_LABEL] === "istio";
  if (w.labels[TLS_MODE_LABEL] !== undefined) return w.labels[TLS_MODE_LABEL] === "istio";
  return w.annotations["sidecar.istio.io/inject"] !== "false" && w.labels["sidecar.istio.io/inject"] !== "false";
}

export function workloadAddress(w: Workload): string {
  return w.address ?? syntheticPodIp(w.id);
}


function workloadMeta(w: Workload | undefined, clusterId: string): string | undefined {
  if (!w) return undefined;
  const rev = w.labels["service.istio.io/canonical-revision"] ?? w.labels["app.kubernetes.io/version"] ?? w.labels["version"] ?? "latest";
  return `${w.labels["service.istio.io/workload-name"] ?? w.name};${w.namespace};${canonicalServiceName(w.labels, w.name)};${rev === "latest" ? "" : rev};${clusterId}`;
}

/** The container port a named targetPort refers to. */
function containerPort(w: Workload, name: string): number | undefined {
  const containers = (w.podSpec?.containers ?? []) as Obj[];
  for (const c of containers) for (const p of (c.ports ?? []) as Obj[]) if (p.name === name && typeof p.containerPort === "number") return p.containerPort;
  return undefined;
}

export interface EndpointSource {
  index: MeshIndex;
  workloadsByIp: Map<string, Workload>;
  clusterId: string;
}

/** Workloads by address, for labelling EndpointSlice addresses. Built once per model. */
const byIpCache = new WeakMap<object, Map<string, Workload>>();
export function workloadsByIp(index: MeshIndex): Map<string, Workload> {
  let m = byIpCache.get(index);
  if (!m) {
    m = new Map();
    for (const w of index.model.workloads) if (w.address && !m.has(w.address)) m.set(w.address, w);
    byIpCache.set(index, m);
  }
  return m;
}

export function serviceEndpoints(src: EndpointSource, svc: ServiceView, port: ServicePortView): ServiceEndpoint[] {
  return svc.source === "kubernetes" ? kubernetesEndpoints(src, svc, port) : serviceEntryEndpoints(src, svc, port);
}

function fromWorkload(src: EndpointSource, w: Workload, port: number, extra: Partial<ServiceEndpoint> = {}): ServiceEndpoint {
  const locality = parseLocality(w.labels["istio-locality"] ?? w.labels["topology.istio.io/locality"]);
  return {
    address: workloadAddress(w),
    port,
    labels: w.labels,
    healthy: true,
    istioMtls: isInjected(w),
    serviceAccount: w.serviceAccount,
    ...(locality ? { locality } : {}),
    ...(workloadMeta(w, src.clusterId) ? { workload: workloadMeta(w, src.clusterId)! } : {}),
    ...extra,
  };
}

function kubernetesEndpoints(src: EndpointSource, svc: ServiceView, port: ServicePortView): ServiceEndpoint[] {
  const slices = src.index.endpointSlicesByService.get(`${svc.namespace}/${svc.name}`);
  const out: ServiceEndpoint[] = [];
  if (slices && slices.length > 0) {
    for (const es of slices) {
      const obj = es.object as Obj;
      if (es.kind === "Endpoints") {
        for (const sub of (obj.subsets ?? []) as Obj[]) {
          const p = ((sub.ports ?? []) as Obj[]).find((x) => (x.name ?? "") === port.name);
          if (!p) continue;
          for (const a of (sub.addresses ?? []) as Obj[]) out.push(addressEndpoint(src, a.ip, p.port, true));
        }
        continue;
      }
      const p = ((obj.ports ?? []) as Obj[]).find((x) => (x.name ?? "") === port.name);
      if (!p) continue;
      for (const e of (obj.endpoints ?? []) as Obj[]) {
        const ready = e.conditions?.ready !== false;
        if (!ready) continue;
        for (const a of (e.addresses ?? []) as string[]) out.push(addressEndpoint(src, a, p.port, true, parseLocality(e.zone)));
      }
    }
    return out;
  }
  if (!svc.selector || Object.keys(svc.selector).length === 0) return out;
  for (const w of src.index.model.selectWorkloads(svc.namespace, svc.selector)) {
    if (w.kind === "WorkloadEntry") continue;
    const target = typeof port.targetPort === "number" ? port.targetPort : typeof port.targetPort === "string" ? containerPort(w, port.targetPort) ?? Number(port.targetPort) : port.port;
    out.push(fromWorkload(src, w, Number.isFinite(target) ? target : port.port));
  }
  return out;
}

function addressEndpoint(src: EndpointSource, address: string, port: number, healthy: boolean, locality?: ServiceEndpoint["locality"]): ServiceEndpoint {
  const w = src.workloadsByIp.get(address);
  if (w) return fromWorkload(src, w, port, { address, healthy });
  return { address, port, labels: {}, healthy, istioMtls: false, ...(locality ? { locality } : {}) };
}

function serviceEntryEndpoints(src: EndpointSource, svc: ServiceView, port: ServicePortView): ServiceEndpoint[] {
  const spec = (svc.resource.object.spec ?? {}) as Obj;
  const target = port.targetPort !== undefined && typeof port.targetPort === "number" ? port.targetPort : port.port;
  const out: ServiceEndpoint[] = [];
  for (const e of (spec.endpoints ?? []) as Obj[]) {
    if (typeof e.address !== "string") continue;
    const mapped = e.ports?.[port.name];
    const labels = (e.labels ?? {}) as Record<string, string>;
    const locality = parseLocality(e.locality);
    out.push({
      address: e.address,
      port: typeof mapped === "number" ? mapped : target,
      labels,
      healthy: true,
      istioMtls: labels[TLS_MODE_LABEL] === "istio",
      ...(locality ? { locality } : {}),
      ...(typeof e.weight === "number" ? { weight: e.weight } : {}),
      ...(typeof e.serviceAccount === "string" ? { serviceAccount: e.serviceAccount } : {}),
    });
  }
  const selector = spec.workloadSelector?.labels as Record<string, string> | undefined;
  if (selector && Object.keys(selector).length > 0) {
    for (const w of src.index.model.selectWorkloads(svc.namespace, selector)) {
      const weSpec = w.kind === "WorkloadEntry" ? ((w.resource.object.spec ?? {}) as Obj) : undefined;
      const mapped = weSpec?.ports?.[port.name];
      const ep = fromWorkload(src, w, typeof mapped === "number" ? mapped : target);
      if (weSpec && typeof weSpec.weight === "number") ep.weight = weSpec.weight;
      if (weSpec?.locality) ep.locality = parseLocality(weSpec.locality)!;
      out.push(ep);
    }
  }
  if (out.length === 0 && (svc.resolution === "DNS" || svc.resolution === "DNSRoundRobin") && !svc.host.startsWith("*")) {
    out.push({ address: svc.host, port: target, labels: {}, healthy: true, istioMtls: false });
  }
  return out;
}

/** Endpoints of a subset (labels ⊆ endpoint labels). */
export function subsetEndpoints(endpoints: readonly ServiceEndpoint[], labels: Record<string, string> | undefined): ServiceEndpoint[] {
  return labels ? endpoints.filter((e) => labelsMatch(labels, e.labels)) : [...endpoints];
}
