/**
 * "Is this workload in the mesh?" and "is this an Istio control-plane resource?" as the analyzers
 * decide them (analyzers.md, Common rules, "In mesh").
 */
import type { MeshModel } from "../../model/mesh-model.js";

type Obj = Record<string, any>;

const INJECT = "sidecar.istio.io/inject";

export interface PodShape {
  namespace: string | undefined;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** The pod spec (a Pod's spec, or a controller's pod template spec). */
  spec: Obj | undefined;
}

/** The first container named `istio-proxy` among `containers` (then `initContainers` when asked). */
export function findProxyContainer(spec: Obj | undefined, withInit: boolean): Obj | undefined {
  const lists = [spec?.containers, withInit ? spec?.initContainers : undefined];
  for (const list of lists) for (const c of Array.isArray(list) ? list : []) if (c?.name === "istio-proxy") return c as Obj;
  return undefined;
}

/**
 * In the mesh: the first `istio-proxy` container has an image; else the `sidecar.istio.io/inject` label,
 * else that annotation, decides (`"true"`); else the namespace's Namespace resource, if loaded, decides
 * (`istio-injection=enabled`); else not. Pods look at init containers too, pod templates do not.
 */
export function inMesh(model: MeshModel, pod: PodShape, options: { withInitContainers: boolean }): boolean {
  const proxy = findProxyContainer(pod.spec, options.withInitContainers);
  if (proxy && typeof proxy.image === "string" && proxy.image !== "") return true;
  if (INJECT in pod.labels) return pod.labels[INJECT] === "true";
  if (INJECT in pod.annotations) return pod.annotations[INJECT] === "true";
  const ns = pod.namespace !== undefined ? model.namespace(pod.namespace) : undefined;
  if (ns?.resource) return ns.labels["istio-injection"] === "enabled";
  return false;
}

/** An Istio control-plane resource: it has a label named `istio` (any value) or `release=istio`. */
export function isControlPlane(labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!labels) return false;
  return "istio" in labels || labels["release"] === "istio";
}

/**
 * meshc's own three-way answer (used by meshc's MSH analyzers, not by istioctl's): "in" when the proxy
 * image, the inject label/annotation, a WorkloadEntry, or the loaded Namespace (`istio-injection=enabled`,
 * a non-empty `istio.io/rev`, or ambient `istio.io/dataplane-mode=ambient`) says so; "out" when they say
 * not; "unknown" when nothing decides (no inject setting and no Namespace resource loaded).
 */
export type MeshMembership = "in" | "out" | "unknown";

export function meshMembership(model: MeshModel, w: { kind: string; namespace: string | undefined; labels: Readonly<Record<string, string>>; annotations: Readonly<Record<string, string>>; podSpec?: Obj | undefined }): MeshMembership {
  if (w.kind === "WorkloadEntry") return "in";
  const proxy = findProxyContainer(w.podSpec, w.kind === "Pod");
  if (proxy && typeof proxy.image === "string" && proxy.image !== "") return "in";
  if (INJECT in w.labels) return w.labels[INJECT] === "true" ? "in" : "out";
  if (INJECT in w.annotations) return w.annotations[INJECT] === "true" ? "in" : "out";
  if (w.annotations["ambient.istio.io/redirection"] === "enabled") return "in";
  const ns = w.namespace !== undefined ? model.namespace(w.namespace) : undefined;
  if (!ns?.resource) return "unknown";
  const l = ns.labels;
  return l["istio-injection"] === "enabled" || (l["istio.io/rev"] ?? "") !== "" || l["istio.io/dataplane-mode"] === "ambient" ? "in" : "out";
}
