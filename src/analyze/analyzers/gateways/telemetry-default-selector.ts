import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { byteCompare, specOf } from "./fields.js";

export default defineAnalyzer({
  meta: {
    name: "telemetry.DefaultSelectorAnalyzer",
    description: "Flags namespaces with more than one Telemetry that has no workload selector, since only one of them can apply.",
    inputs: ["Telemetry"],
    codes: ["IST0160"],
  },
  run(ctx) {
    const byNamespace = new Map<string, Resource[]>();
    for (const t of ctx.model.list("Telemetry")) {
      if ("selector" in specOf(t)) continue;
      const ns = t.namespace ?? "";
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), t]);
    }
    for (const [ns, telemetries] of byNamespace) {
      if (telemetries.length < 2) continue;
      const names = telemetries.map((t) => t.name).sort(byteCompare);
      for (const t of telemetries) ctx.report("IST0160", t, [names, ns]);
    }
  },
});
