import { defineAnalyzer } from "../../define.js";
import { analyzedPods } from "../../common/pods.js";
import { stringMap, firstSelectorKey, renderSelector, selectorMatches } from "../../common/selector.js";
import { arr, specOf } from "./fields.js";

export default defineAnalyzer({
  meta: {
    name: "gateway.IngressGatewayPortAnalyzer",
    description: "Checks that each Gateway server port is offered by a Service in front of the gateway workloads the Gateway selects.",
    inputs: ["Gateway", "Pod", "Service"],
    codes: ["IST0101", "IST0162"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const pods = analyzedPods(ctx.model);
    const services = ctx.model.list("Service");
    for (const gw of ctx.model.list("Gateway")) {
      const selector = stringMap(specOf(gw).selector);
      const rendered = renderSelector(selector);
      const path = ["spec", "selector", firstSelectorKey(selector) ?? ""];
      const matched = pods.filter((p) => selectorMatches(selector, p.labels));
      if (matched.length === 0) {
        ctx.report("IST0101", gw, ["selector", rendered], { path });
        continue;
      }
      const offered = new Set<number>();
      for (const pod of matched) {
        for (const svc of services) {
          if (svc.namespace !== pod.resource.namespace) continue;
          if (!selectorMatches(stringMap(specOf(svc).selector), pod.labels)) continue;
          for (const port of arr(specOf(svc).ports)) {
            // The API server defaults a Service port's protocol to TCP; istioctl skips such ports when they
            // come from files (it never sees them defaulted). meshc reads files as the cluster would store them.
            if ((port?.protocol ?? "TCP") !== "TCP") continue;
            if (typeof port.targetPort === "number") offered.add(port.targetPort);
            if (typeof port.port === "number") offered.add(port.port);
          }
        }
      }
      for (const server of arr(specOf(gw).servers)) {
        const n = server?.port?.number;
        if (typeof n === "number" && offered.has(n)) continue;
        ctx.report("IST0162", gw, [n ?? 0, rendered], { path });
      }
    }
  },
});
