import { defineAnalyzer } from "../../define.js";
import { analyzedPods } from "../../common/pods.js";
import { stringMap, selectorMatches } from "../../common/selector.js";
import { specOf } from "./fields.js";

const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

export default defineAnalyzer({
  meta: {
    name: "k8sgateway.SelectorAnalyzer",
    description: "Warns when a policy uses a workload selector to pick Gateway API gateway pods, where only targetRef takes effect.",
    inputs: ["AuthorizationPolicy", "RequestAuthentication", "Telemetry", "WasmPlugin", "Pod"],
    codes: ["IST0166"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const gatewayPods = analyzedPods(ctx.model).filter((p) => GATEWAY_NAME_LABEL in p.labels);
    if (gatewayPods.length === 0) return;
    for (const kind of ["AuthorizationPolicy", "RequestAuthentication", "Telemetry", "WasmPlugin"]) {
      for (const policy of ctx.model.list(kind)) {
        const spec = specOf(policy);
        // Quirk kept: only the singular targetRef exempts a policy.
        if (spec.targetRef || spec.selector === undefined || spec.selector === null) continue;
        const matchLabels = stringMap(spec.selector.matchLabels);
        for (const pod of gatewayPods) {
          if (pod.resource.namespace !== policy.namespace) continue;
          if (selectorMatches(matchLabels, pod.labels)) ctx.report("IST0166", policy, [pod.labels[GATEWAY_NAME_LABEL]]);
        }
      }
    }
  },
});
