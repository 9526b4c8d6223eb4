/**
 * The pods analyzers look at. istioctl reads Pods from the cluster; meshc also runs these analyzers on
 * files, where a Deployment (StatefulSet, …) stands for the Pods it will create. So the list is every
 * Pod, plus the pod template of each workload controller none of whose Pods is loaded (a controller is
 * "represented" when a loaded Pod of its namespace carries all its template labels). WorkloadEntries are
 * not pods and are left out.
 */
import { LabelIndex } from "../../model/label-index.js";
import type { MeshModel, NamespaceInfo, Workload } from "../../model/mesh-model.js";
import { perModel } from "./per-model.js";
import { selectorMatches } from "./selector.js";

export const analyzedPods: (model: MeshModel) => readonly Workload[] = perModel((model) => {
  const pods = model.workloads.filter((w) => w.kind === "Pod");
  const byLabel = new LabelIndex(pods, (p) => p.labels, selectorMatches, (p) => p.namespace);
  const out: Workload[] = [...pods];
  for (const w of model.workloads) {
    if (w.kind === "Pod" || w.kind === "WorkloadEntry") continue;
    const represented = Object.keys(w.labels).length > 0 && byLabel.some(w.labels, w.namespace);
    if (!represented) out.push(w);
  }
  return out;
});

/** Ambient pod: annotation `ambient.istio.io/redirection: enabled`. */
export function isAmbientPod(pod: Workload): boolean {
  return pod.annotations["ambient.istio.io/redirection"] === "enabled";
}

/** Ambient namespace: `istio.io/dataplane-mode=ambient`, without `istio-injection=enabled` or a non-empty `istio.io/rev`. */
export function isAmbientNamespace(ns: NamespaceInfo | undefined): boolean {
  if (!ns) return false;
  const l = ns.labels;
  return l["istio.io/dataplane-mode"] === "ambient" && l["istio-injection"] !== "enabled" && !l["istio.io/rev"];
}

/** Node labels Istio's service registry copies onto a pod's endpoint labels. */
export const TOPOLOGY_LABELS = ["topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"] as const;

/** A pod's labels as its endpoints carry them: plus its Node's topology labels and `kubernetes.io/hostname`. */
export function endpointLabels(model: MeshModel, pod: Workload): Record<string, string> {
  const labels = { ...pod.labels };
  const nodeName = (pod.podSpec as Record<string, unknown> | undefined)?.nodeName;
  if (typeof nodeName === "string" && nodeName !== "") {
    const nodeLabels = model.get("Node", undefined, nodeName)?.object.metadata.labels ?? {};
    for (const key of TOPOLOGY_LABELS) if (nodeLabels[key]) labels[key] = nodeLabels[key];
    labels["kubernetes.io/hostname"] = nodeName;
  }
  return labels;
}
