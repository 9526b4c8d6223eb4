/** injection.ImageAutoAnalyzer: `image: auto` placeholders that no injection webhook will ever replace. */
import { defineAnalyzer } from "../../define.js";
import { labelSelectorMatches, type LabelSelector } from "../../common/label-selector.js";

type Obj = Record<string, any>;

const hasAutoProxy = (spec: Obj | undefined): boolean =>
  (Array.isArray(spec?.containers) ? (spec!.containers as Obj[]) : []).some((c) => c?.name === "istio-proxy" && c.image === "auto");

export default defineAnalyzer({
  meta: {
    name: "injection.ImageAutoAnalyzer",
    description: "Reports pods and deployments that use the `image: auto` sidecar placeholder where no Istio injection webhook will fill it in.",
    inputs: ["Namespace", "Pod", "Deployment", "MutatingWebhookConfiguration"],
    codes: ["IST0146", "IST0147"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    const webhooks = model
      .list("MutatingWebhookConfiguration")
      .flatMap((c) => (Array.isArray(c.object.webhooks) ? (c.object.webhooks as Obj[]) : []))
      .filter((w) => typeof w?.name === "string" && w.name.endsWith("istio.io"));

    for (const pod of model.list("Pod")) {
      // A running pod still carrying the placeholder was never injected.
      if (hasAutoProxy(pod.object.spec as Obj | undefined)) ctx.report("IST0147", pod, ["Pod", pod.name]);
    }
    for (const deployment of model.list("Deployment")) {
      const template = ((deployment.object.spec as Obj | undefined)?.template ?? {}) as Obj;
      if (!hasAutoProxy(template.spec)) continue;
      const nsName = deployment.namespace || "default";
      const nsLabels = model.get("Namespace", undefined, nsName)?.object.metadata.labels ?? {};
      const podLabels = (template.metadata?.labels ?? {}) as Record<string, string>;
      const injected = webhooks.some(
        (w) => labelSelectorMatches(w.namespaceSelector as LabelSelector | undefined, nsLabels) && labelSelectorMatches(w.objectSelector as LabelSelector | undefined, podLabels),
      );
      if (!injected) ctx.report("IST0146", deployment, ["Deployment", deployment.name]);
    }
  },
});
