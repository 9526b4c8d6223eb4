/** annotations.K8sAnalyzer: unknown, deprecated, misplaced and invalid Istio annotations on Kubernetes resources. */
import { defineAnalyzer } from "../../define.js";
import { checkAnnotationValue } from "../../common/annotation-value-checks.js";
import { ALWAYS_IGNORED_ANNOTATIONS, isIstioAnnotation, lookupAnnotation } from "../../common/annotations-table.js";

const INJECT = "sidecar.istio.io/inject";

/** Extra words for deprecations that have a named replacement. */
const DEPRECATION_EXTRA: Record<string, string> = { [INJECT]: ` in favor of the "sidecar.istio.io/inject" label` };

/** The kinds read, by model kind id; the id is also the kind name matched against the catalog. */
const KINDS = ["Namespace", "Service", "Pod", "Deployment"] as const;

export default defineAnalyzer({
  meta: {
    name: "annotations.K8sAnalyzer",
    description: "Checks the Istio annotations on Namespaces, Services, Pods and Deployments: unknown names, deprecated ones, ones on the wrong kind, and invalid values.",
    inputs: KINDS,
    codes: ["IST0107", "IST0108", "IST0125", "IST0135"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    for (const kind of KINDS) {
      for (const res of ctx.model.list(kind)) {
        const annotations = res.object.metadata.annotations ?? {};
        const labels = res.object.metadata.labels ?? {};
        for (const [name, value] of Object.entries(annotations)) {
          if (!isIstioAnnotation(name) || ALWAYS_IGNORED_ANNOTATIONS.has(name)) continue;
          const path = ["metadata", "annotations", name];
          const info = lookupAnnotation(name);
          if (!info) {
            ctx.report("IST0108", res, [name], { path });
            continue;
          }
          if (info.deprecated && !(name === INJECT && INJECT in labels)) ctx.report("IST0135", res, [name, DEPRECATION_EXTRA[name] ?? ""], { path });
          if (info.resources.includes("Any")) continue;
          if (!info.resources.includes(kind)) {
            ctx.report("IST0107", res, [name, info.resources.join(", ")], { path });
            continue;
          }
          const problem = checkAnnotationValue(name, String(value));
          if (problem !== undefined) ctx.report("IST0125", res, [name, problem], { path });
        }
      }
    }
  },
});
