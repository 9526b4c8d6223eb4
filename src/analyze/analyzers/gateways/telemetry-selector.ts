import { defineAnalyzer } from "../../define.js";
import { podIndex } from "../../common/pod-index.js";
import { stringMap, firstSelectorKey, renderSelector } from "../../common/selector.js";
import type { Resource, Workload } from "../../../model/mesh-model.js";
import { byteCompare, specOf } from "./fields.js";

export default defineAnalyzer({
  meta: {
    name: "telemetry.SelectorAnalyzer",
    description: "Checks that Telemetry workload selectors select a pod of their namespace, and that no pod is selected by several Telemetries.",
    inputs: ["Telemetry", "Pod"],
    codes: ["IST0101", "IST0159"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const pods = podIndex(ctx.model);
    const byPod = new Map<Workload, Resource[]>();
    for (const t of ctx.model.list("Telemetry")) {
      const labels = stringMap(specOf(t).selector?.matchLabels);
      if (Object.keys(labels).length === 0) continue;
      const matched = pods.select(labels, t.namespace ?? "").filter((p) => p.resource.namespace === t.namespace);
      if (matched.length === 0) {
        ctx.report("IST0101", t, ["selector", renderSelector(labels)], { path: ["spec", "selector", "matchLabels", firstSelectorKey(labels)!] });
        continue;
      }
      for (const p of matched) {
        const list = byPod.get(p);
        if (list) list.push(t);
        else byPod.set(p, [t]);
      }
    }
    for (const [pod, telemetries] of byPod) {
      if (telemetries.length < 2) continue;
      const names = telemetries.map((t) => t.name).sort(byteCompare);
      for (const t of telemetries) ctx.report("IST0159", t, [names, pod.resource.namespace ?? "", pod.name], { path: ["metadata", "name"] });
    }
  },
});
