import { defineAnalyzer } from "../../define.js";
import { inMesh } from "../../common/in-mesh.js";
import { analyzedPods, isAmbientPod } from "../../common/pods.js";
import { stringMap, renderSelector, selectorMatches, type LabelMap } from "../../common/selector.js";
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
    // Label sets of in-mesh (sidecar or ambient) pods, by namespace.
    const meshPods = new Map<string, LabelMap[]>();
    for (const w of analyzedPods(model)) {
      const shape = { namespace: w.resource.namespace, labels: w.labels, annotations: w.annotations, spec: w.podSpec };
      if (!inMesh(model, shape, { withInitContainers: w.kind === "Pod" }) && !isAmbientPod(w)) continue;
      const ns = w.resource.namespace ?? "";
      meshPods.set(ns, [...(meshPods.get(ns) ?? []), w.labels]);
    }
    const anyMatch = (selector: LabelMap, sets: readonly LabelMap[]) => sets.some((labels) => selectorMatches(selector, labels));
    const namespaceNames = model.list("Namespace").map((n) => n.name);
    const root = model.meshConfig.rootNamespace;

    for (const ap of model.list("AuthorizationPolicy")) {
      const spec = specOf(ap);
      const ns = ap.namespace ?? "";
      const hasSelector = spec.selector !== undefined && spec.selector !== null;
      const selector = stringMap(spec.selector?.matchLabels);
      if (ns === root) {
        if (hasSelector && ![...meshPods.values()].some((sets) => anyMatch(selector, sets))) ctx.report("IST0127", ap, [renderSelector(selector)]);
      } else if (!hasSelector) {
        if ((meshPods.get(ns) ?? []).length === 0) ctx.report("IST0127", ap, [""]);
      } else if (!anyMatch(selector, meshPods.get(ns) ?? [])) {
        ctx.report("IST0127", ap, [renderSelector(selector)]);
      }

      arr(spec.rules).forEach((rule, i) => {
        arr(rule?.from).forEach((from, j) => {
          const namespaces = arr(from?.source?.namespaces).map(String);
          const notNamespaces = arr(from?.source?.notNamespaces).map(String);
          [...namespaces, ...notNamespaces].forEach((exp, k) => {
            if (namespaceNames.some((n) => namespaceMatches(n, exp))) return;
            // Quirk kept: a notNamespaces entry points at the namespaces entry of the same index.
            const index = k >= namespaces.length ? k - namespaces.length : k;
            ctx.report("IST0101", ap, ["namespace", exp], { path: ["spec", "rules", i, "from", j, "source", "namespaces", index] });
          });
        });
      });
    }
  },
});
