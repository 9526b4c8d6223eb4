/**
 * meshc.SubsetWorkloadsAnalyzer (MSH0006): a DestinationRule subset whose labels match workloads, but none
 * behind the rule's host (the workloads its Service or ServiceEntry selects), so traffic routed to the
 * subset finds no endpoint (503). Complements istioctl's destinationrule.SubsetSelectPodAnalyzer
 * (IST0173), which only asks whether the labels match a pod anywhere: when nothing matches anywhere
 * IST0173 reports it and this stays quiet, so one mistake never gets two messages. Pod templates of
 * Deployments and the like count as workloads (istio/istio#40861). Quiet when the host is unknown
 * (IST0174) or when none of its workloads is in the input (we cannot tell).
 */
import { defineAnalyzer } from "../../define.js";
import type { Service } from "../../../model/mesh-model.js";
import { endpointIndex } from "../../common/pod-index.js";
import { endpointLabels } from "../../common/pods.js";
import { renderSelector, selectorMatches, stringMap } from "../../common/selector.js";
import { serviceWorkloads } from "../../common/service-workloads.js";
import { WORKLOAD_INPUTS } from "./inputs.js";

type Obj = Record<string, any>;

export default defineAnalyzer({
  meta: {
    name: "meshc.SubsetWorkloadsAnalyzer",
    description: "Finds DestinationRule subsets whose labels select workloads of other services but none of their own host.",
    inputs: ["DestinationRule", "Service", "ServiceEntry", "Node", ...WORKLOAD_INPUTS],
    codes: ["MSH0006"],
  },
  run(ctx) {
    const model = ctx.model;
    for (const dr of model.list("DestinationRule")) {
      const spec = (dr.object.spec ?? {}) as Obj;
      const subsets: Obj[] = Array.isArray(spec.subsets) ? spec.subsets : [];
      if (subsets.length === 0 || typeof spec.host !== "string" || spec.host.startsWith("*")) continue;
      const host = model.resolveHost(spec.host, dr.namespace);
      const services: readonly Service[] = model.servicesForHost(host);
      const backends = services.flatMap((s) => serviceWorkloads(model, s).map((w) => ({ w, labels: endpointLabels(model, w) })));
      if (backends.length === 0) continue;
      // The labels IST0173 matches with: the subset's over the ServiceEntry's workloadSelector.
      const seLabels = services.find((s) => s.source === "serviceentry")?.selector ?? {};
      subsets.forEach((subset, j) => {
        const labels = stringMap(subset?.labels);
        if (Object.keys(labels).length === 0) return;
        if (backends.some((b) => selectorMatches(labels, b.labels))) return;
        const elsewhere = endpointIndex(model).select({ ...seLabels, ...labels });
        if (elsewhere.length === 0) return; // IST0173's finding
        const names = elsewhere.slice(0, 3).map(({ pod: w }) => `${w.kind} ${w.namespace}/${w.name}`);
        if (elsewhere.length > 3) names.push(`${elsewhere.length - 3} more`);
        ctx.report("MSH0006", dr, [String(subset?.name ?? ""), host, renderSelector(labels), names.join(", ")], { path: ["spec", "subsets", j, "name"] });
      });
    }
  },
});
