import { defineAnalyzer } from "../../define.js";
import { podIndex } from "../../common/pod-index.js";
import { analyzedPods } from "../../common/pods.js";
import { stringMap } from "../../common/selector.js";
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
    if (!analyzedPods(ctx.model).some((p) => GATEWAY_NAME_LABEL in p.labels)) return;
    const pods = podIndex(ctx.model);
    for (const kind of ["AuthorizationPolicy", "RequestAuthentication", "Telemetry", "WasmPlugin"]) {
      for (const policy of ctx.model.list(kind)) {
        const spec = specOf(policy);
        // Quirk kept: only the singular targetRef exempts a policy.
        if (spec.targetRef || spec.selector === undefined || spec.selector === null) continue;
        const matchLabels = stringMap(spec.selector.matchLabels);
        for (const pod of pods.select(matchLabels, policy.namespace ?? "")) {
          if (GATEWAY_NAME_LABEL in pod.labels && pod.resource.namespace === policy.namespace) ctx.report("IST0166", policy, [pod.labels[GATEWAY_NAME_LABEL]]);
        }
      }
    }
  },
});
