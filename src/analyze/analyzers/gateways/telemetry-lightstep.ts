import { defineAnalyzer } from "../../define.js";
import { arr, specOf } from "./fields.js";

export default defineAnalyzer({
  meta: {
    name: "telemetry.LightstepAnalyzer",
    description: "Reports Telemetry tracing that still uses a Lightstep extension provider, which is deprecated.",
    inputs: ["Telemetry", "MeshConfig"],
    codes: ["IST0002"],
  },
  run(ctx) {
    const lightstep = new Set<string>();
    for (const p of ctx.model.meshConfig.extensionProviders ?? []) {
      if (p && typeof p === "object" && "lightstep" in p && typeof p.name === "string") lightstep.add(p.name);
    }
    if (lightstep.size === 0) return;
    for (const t of ctx.model.list("Telemetry")) {
      for (const tracing of arr(specOf(t).tracing)) {
        for (const provider of arr(tracing?.providers)) {
          const name = provider?.name;
          if (typeof name === "string" && lightstep.has(name)) {
            ctx.report("IST0002", t, [`The Lightstep provider ${name} is deprecated, please migrate to OpenTelemetry provider.`]);
          }
        }
      }
    }
  },
});
