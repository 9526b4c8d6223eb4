import { defineAnalyzer } from "../../define.js";
import { inMesh } from "../../common/in-mesh.js";
import { LabelIndex } from "../../../model/label-index.js";
import { analyzedPods, isAmbientPod } from "../../common/pods.js";
import { stringMap, renderSelector, selectorMatches } from "../../common/selector.js";
import { arr, specOf } from "./fields.js";

/** Istio's namespace expression: `*`, `*suffix`, `prefix*`, else case-insensitive equality. */
function namespaceMatches(ns: string, exp: string): boolean {
  if (exp === "*") return true;
  if (exp.startsWith("*")) return ns.endsWith(exp.slice(1));
  if (exp.endsWith("*")) return ns.startsWith(exp.slice(0, -1));
  return ns.toLowerCase() === exp.toLowerCase();
}

export default defineAnalyzer({
  meta: {
    name: "auth.AuthorizationPoliciesAnalyzer",
    description: "Checks that AuthorizationPolicies select mesh workloads and that the source namespaces they name exist.",
    inputs: ["AuthorizationPolicy", "Namespace", "Pod", "MeshConfig"],
    codes: ["IST0101", "IST0127"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    // In-mesh (sidecar or ambient) pods, by label and by namespace.
    const inMeshPods = analyzedPods(model).filter((w) => {
      const shape = { namespace: w.resource.namespace, labels: w.labels, annotations: w.annotations, spec: w.podSpec };
      return inMesh(model, shape, { withInitContainers: w.kind === "Pod" }) || isAmbientPod(w);
    });
    const meshPods = new LabelIndex(inMeshPods, (w) => w.labels, selectorMatches, (w) => w.resource.namespace ?? "");
    const namespaceNames = model.list("Namespace").map((n) => n.name);
    const lowerNames = new Set(namespaceNames.map((n) => n.toLowerCase()));
    const namespaceExists = (exp: string) => (exp.includes("*") ? namespaceNames.some((n) => namespaceMatches(n, exp)) : lowerNames.has(exp.toLowerCase()));
    const root = model.meshConfig.rootNamespace;

    for (const ap of model.list("AuthorizationPolicy")) {
      const spec = specOf(ap);
      const ns = ap.namespace ?? "";
      const hasSelector = spec.selector !== undefined && spec.selector !== null;
      const selector = stringMap(spec.selector?.matchLabels);
      if (ns === root) {
        if (hasSelector && !meshPods.some(selector)) ctx.report("IST0127", ap, [renderSelector(selector)]);
      } else if (!hasSelector) {
        if (!meshPods.some({}, ns)) ctx.report("IST0127", ap, [""]);
      } else if (!meshPods.some(selector, ns)) {
        ctx.report("IST0127", ap, [renderSelector(selector)]);
      }

      arr(spec.rules).forEach((rule, i) => {
        arr(rule?.from).forEach((from, j) => {
          const namespaces = arr(from?.source?.namespaces).map(String);
          const notNamespaces = arr(from?.source?.notNamespaces).map(String);
          [...namespaces, ...notNamespaces].forEach((exp, k) => {
            if (namespaceExists(exp)) return;
            // Quirk kept: a notNamespaces entry points at the namespaces entry of the same index.
            const index = k >= namespaces.length ? k - namespaces.length : k;
            ctx.report("IST0101", ap, ["namespace", exp], { path: ["spec", "rules", i, "from", j, "source", "namespaces", index] });
          });
        });
      });
    }
  },
});
