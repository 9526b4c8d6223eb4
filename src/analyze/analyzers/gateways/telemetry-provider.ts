import { defineAnalyzer } from "../../define.js";
import { arr, specOf } from "./fields.js";

export default defineAnalyzer({
  meta: {
    name: "telemetry.ProviderAnalyzer",
    description: "Flags Telemetry access-logging entries that name no provider while the mesh config sets no default access-log provider.",
    inputs: ["Telemetry", "MeshConfig"],
    codes: ["IST0157"],
  },
  run(ctx) {
    const defaults = (ctx.model.meshConfig.defaultProviders ?? {}) as { accessLogging?: unknown };
    if (arr(defaults.accessLogging).length > 0) return;
    for (const t of ctx.model.list("Telemetry")) {
      for (const entry of arr(specOf(t).accessLogging)) {
        if (entry?.disabled === true) continue;
        if (arr(entry?.providers).length > 0) continue;
        ctx.report("IST0157", t, [t.name, t.namespace ?? ""]);
      }
    }
  },
});
