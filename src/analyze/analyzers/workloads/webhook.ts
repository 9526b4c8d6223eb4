/** webhook.Analyzer: Istio injection webhooks that overlap (double injection) or point at a missing istiod Service. */
import type { Resource } from "../../../model/mesh-model.js";
import { defineAnalyzer } from "../../define.js";
import { labelSelectorMatches, type LabelSelector } from "../../common/label-selector.js";

type Obj = Record<string, any>;

const REV = "istio.io/rev";
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Revisions a configuration names: its own `istio.io/rev` label and any `istio.io/rev` in its webhook selectors. */
function revisionsOf(config: Resource, webhooks: readonly Obj[]): string[] {
  const revs: string[] = [];
  const own = config.object.metadata.labels?.[REV];
  if (own !== undefined) revs.push(own);
  for (const w of webhooks) {
    for (const sel of [w.namespaceSelector, w.objectSelector] as (LabelSelector | undefined)[]) {
      if (!sel) continue;
      const v = sel.matchLabels?.[REV];
      if (v !== undefined) revs.push(String(v));
      for (const e of sel.matchExpressions ?? []) if (e.key === REV) revs.push(...(e.values ?? []).map(String));
    }
  }
  return revs;
}

/** The base label sets, then each of them with every revision added. */
function labelSets(base: Record<string, string>[], revisions: ReadonlySet<string>): Record<string, string>[] {
  return [...base, ...[...revisions].flatMap((rev) => base.map((b) => ({ ...b, [REV]: rev })))];
}

export default defineAnalyzer({
  meta: {
    name: "webhook.Analyzer",
    description: "Checks Istio's sidecar-injection webhooks: no namespace/pod label combination may select two of them, and each must refer to an existing Service.",
    inputs: ["MutatingWebhookConfiguration", "Service"],
    codes: ["IST0139"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    const hooks: { key: string; config: Resource; webhook: Obj }[] = [];
    const revisions = new Set<string>();
    for (const config of model.list("MutatingWebhookConfiguration")) {
      const webhooks = (Array.isArray(config.object.webhooks) ? config.object.webhooks : []) as Obj[];
      const revs = revisionsOf(config, webhooks);
      const istio = webhooks.some((w) => typeof w?.name === "string" && w.name.endsWith("istio.io"));
      if (revs.length === 0 && !istio) continue;
      for (const r of revs) revisions.add(r);
      for (const w of webhooks) hooks.push({ key: `${config.name}/${w?.name ?? ""}`, config, webhook: w ?? {} });
    }

    const namespaceSets = labelSets([{}, { "istio-injection": "enabled" }, { "istio-injection": "disabled" }], revisions);
    const objectSets = labelSets([{}, { "sidecar.istio.io/inject": "true" }, { "sidecar.istio.io/inject": "false" }], revisions);
    for (const nsLabels of namespaceSets) {
      for (const objLabels of objectSets) {
        const matches = new Map<string, Resource>();
        for (const h of hooks) {
          if (labelSelectorMatches(h.webhook.namespaceSelector, nsLabels) && labelSelectorMatches(h.webhook.objectSelector, objLabels)) matches.set(h.key, h.config);
        }
        if (matches.size < 2) continue;
        for (const [key, config] of matches) {
          const others = [...matches.keys()].filter((k) => k !== key).sort(byteOrder);
          ctx.report("IST0139", config, [`Webhook overlaps with others: [${others.join(" ")}]. This may cause injection to occur twice.`]);
        }
      }
    }

    for (const h of hooks) {
      const service = h.webhook.clientConfig?.service as Obj | undefined | null;
      if (!service) continue;
      const ns = String(service.namespace ?? "");
      const name = String(service.name ?? "");
      if (!model.get("Service", ns || undefined, name)) {
        ctx.report("IST0139", h.config, [`Injector refers to a control plane service that does not exist: ${ns ? `${ns}/${name}` : name}.`]);
      }
    }
  },
});
