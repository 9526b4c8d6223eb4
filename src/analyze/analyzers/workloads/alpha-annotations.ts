/** annotations.AlphaAnalyzer (opt-in): Istio annotations that belong to alpha-phase features. */
import type { Resource } from "../../../model/mesh-model.js";
import { defineAnalyzer } from "../../define.js";
import { ALWAYS_IGNORED_ANNOTATIONS, isIstioAnnotation, lookupAnnotation } from "../../common/annotations-table.js";

type Obj = Record<string, any>;

/** Annotations the injector sets itself when istio-cni is used; not the user's doing on such pods. */
const CNI_DEFAULTS = new Set([
  "sidecar.istio.io/interceptionMode",
  "traffic.sidecar.istio.io/includeInboundPorts",
  "traffic.sidecar.istio.io/excludeInboundPorts",
  "traffic.sidecar.istio.io/includeOutboundIPRanges",
]);

/** A Pod without an `istio-init` init container is taken to use istio-cni. */
function usesCni(pod: Resource): boolean {
  const init = (pod.object.spec as Obj | undefined)?.initContainers;
  return !(Array.isArray(init) && init.some((c: Obj) => c?.name === "istio-init"));
}

export default defineAnalyzer({
  meta: {
    name: "annotations.AlphaAnalyzer",
    description: "Points out Istio annotations whose feature is still alpha and may be incompletely supported (not run by default).",
    inputs: ["Namespace", "Service", "Pod", "Deployment"],
    codes: ["IST0136"],
    istioctlNeedsCluster: true,
    defaultOff: true,
  },
  run(ctx) {
    for (const kind of ["Namespace", "Service", "Pod", "Deployment"]) {
      for (const res of ctx.model.list(kind)) {
        const cni = kind === "Pod" && usesCni(res);
        for (const name of Object.keys(res.object.metadata.annotations ?? {})) {
          if (!isIstioAnnotation(name) || ALWAYS_IGNORED_ANNOTATIONS.has(name)) continue;
          if (cni && CNI_DEFAULTS.has(name)) continue;
          if (lookupAnnotation(name)?.status === "Alpha") ctx.report("IST0136", res, [name], { path: ["metadata", "annotations", name] });
        }
      }
    }
  },
});
