import { defineAnalyzer } from "../../define.js";
import { SelectorIndex } from "../../../model/label-index.js";
import type { Resource } from "../../../model/mesh-model.js";
import { podIndex } from "../../common/pod-index.js";
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
    const pods = podIndex(ctx.model);
    // The Services in front of a pod: same namespace, selector matching (an empty selector matches every pod).
    const services = ctx.model.list("Service");
    const scope = (svc: Resource) => svc.namespace ?? "";
    const bySelector = new SelectorIndex(services, (svc) => stringMap(specOf(svc).selector), selectorMatches, scope);
    const selectAll = new Map<string, Resource[]>();
    for (const svc of services) {
      if (Object.keys(stringMap(specOf(svc).selector)).length > 0) continue;
      const list = selectAll.get(scope(svc));
      if (list) list.push(svc);
      else selectAll.set(scope(svc), [svc]);
    }
    for (const gw of ctx.model.list("Gateway")) {
      const selector = stringMap(specOf(gw).selector);
      const rendered = renderSelector(selector);
      const path = ["spec", "selector", firstSelectorKey(selector) ?? ""];
      const matched = pods.select(selector);
      if (matched.length === 0) {
        ctx.report("IST0101", gw, ["selector", rendered], { path });
        continue;
      }
      const offered = new Set<number>();
      for (const pod of matched) {
        const ns = pod.resource.namespace ?? "";
        for (const svc of [...bySelector.selecting(pod.labels, ns), ...(selectAll.get(ns) ?? [])]) {
          if (svc.namespace !== pod.resource.namespace) continue;
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
