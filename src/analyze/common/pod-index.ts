/**
 * Label indexes over the analyzed pods (./pods.ts), built once per model: what a selector selects costs
 * the size of the answer, not a scan of every pod. Results are in the order of analyzedPods().
 */
import { LabelIndex } from "../../model/label-index.js";
import type { MeshModel, Workload } from "../../model/mesh-model.js";
import { perModel } from "./per-model.js";
import { analyzedPods, endpointLabels } from "./pods.js";
import { selectorMatches } from "./selector.js";

/** The analyzed pods by label, mesh-wide or within the namespace of their resource (`""` for none). */
export const podIndex: (model: MeshModel) => LabelIndex<Workload> = perModel(
  (model) => new LabelIndex(analyzedPods(model), (p) => p.labels, selectorMatches, (p) => p.resource.namespace ?? ""),
);

export interface EndpointPod {
  pod: Workload;
  /** The pod's labels plus its Node's topology labels (endpointLabels()). */
  labels: Record<string, string>;
}

/** The analyzed pods by endpoint labels (what DestinationRule subsets select), mesh-wide. */
export const endpointIndex: (model: MeshModel) => LabelIndex<EndpointPod> = perModel(
  (model) => new LabelIndex(analyzedPods(model).map((pod) => ({ pod, labels: endpointLabels(model, pod) })), (e) => e.labels, selectorMatches),
);
