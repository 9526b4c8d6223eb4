/**
 * destinationrule.SubsetSelectPodAnalyzer: a DestinationRule's host must be a known service (IST0174), and
 * each of its subsets must select at least one pod (IST0173), or traffic to the subset fails with 503 UH.
 */
import { defineAnalyzer } from "../../define.js";
import { endpointIndex } from "../../common/pod-index.js";
import { stringMap } from "../../common/selector.js";
import { lookupService, serviceIndex } from "../../common/service-index.js";

type Obj = Record<string, any>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

export default defineAnalyzer({
  meta: {
    name: "destinationrule.SubsetSelectPodAnalyzer",
    description: "Checks that a DestinationRule's host is a known service and that each of its subsets selects some pod.",
    inputs: ["DestinationRule", "Pod", "Service", "ServiceEntry", "Node"],
    codes: ["IST0173", "IST0174"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const index = serviceIndex(ctx.model);
    for (const dr of ctx.model.list("DestinationRule")) {
      const spec = obj(dr.object.spec);
      const host = String(spec.host ?? "");
      const service = lookupService(index, host, dr.namespace, list(spec.exportTo).map(String));
      if (!service) {
        ctx.report("IST0174", dr, [host]);
        continue;
      }
      for (const subset of list(spec.subsets)) {
        const s = obj(subset);
        const selector = { ...(service.labels ?? {}), ...stringMap(s.labels) };
        if (!endpointIndex(ctx.model).some(selector)) ctx.report("IST0173", dr, [String(s.name ?? "")]);
      }
    }
  },
});
