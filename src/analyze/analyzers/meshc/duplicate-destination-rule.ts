/**
 * meshc.DuplicateDestinationRuleAnalyzer (MSH0005): two DestinationRules of one namespace for the same
 * host and the same scope (no workloadSelector on either, or equal ones; the same exportTo, or the newer
 * one exporting to a superset). Istio merges them in age order (creationTimestamp, then name): the oldest
 * traffic policy is kept, a subset name already defined is dropped. Rules that merge without losing
 * anything (say, subsets in one and a traffic policy in the other) are a legitimate split and stay quiet;
 * reported are the newer rules whose traffic policy or subsets Istio ignores, naming the rule that wins.
 */
import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { oldestFirst } from "../../common/creation-order.js";
import { fullName } from "../../common/full-name.js";
import { renderSelector, stringMap } from "../../common/selector.js";

type Obj = Record<string, any>;

const spec = (r: Resource): Obj => (r.object.spec ?? {}) as Obj;

/** exportTo as a set of namespaces (`.` resolved, the mesh default when empty); `*` stands for all. */
function exportSet(r: Resource, defaults: readonly string[]): Set<string> {
  const list: string[] = Array.isArray(spec(r).exportTo) && spec(r).exportTo.length > 0 ? spec(r).exportTo.map(String) : [...defaults];
  return new Set(list.map((e) => (e === "." ? r.namespace ?? "" : e)));
}

/** Whether `a` covers `b` (equal sets included): Istio then merges the rule exporting `a` into the one exporting `b`. */
function superset(a: Set<string>, b: Set<string>): boolean {
  if (a.has("*")) return true;
  return [...b].every((x) => a.has(x));
}

export default defineAnalyzer({
  meta: {
    name: "meshc.DuplicateDestinationRuleAnalyzer",
    description: "Finds DestinationRules for the same host and scope whose settings Istio drops when it merges them.",
    inputs: ["DestinationRule", "MeshConfig"],
    codes: ["MSH0005"],
  },
  run(ctx) {
    const model = ctx.model;
    const defaults = model.meshConfig.defaultDestinationRuleExportTo;
    const groups = new Map<string, Resource[]>();
    for (const dr of model.list("DestinationRule")) {
      const host = model.resolveHost(String(spec(dr).host ?? ""), dr.namespace);
      const selector = spec(dr).workloadSelector ? `sel:${renderSelector(stringMap(spec(dr).workloadSelector.matchLabels))}` : "all";
      const key = `${dr.namespace ?? ""}|${host}|${selector}`;
      const group = groups.get(key);
      if (group) group.push(dr);
      else groups.set(key, [dr]);
    }
    for (const [key, list] of groups) {
      if (list.length < 2) continue;
      const host = key.split("|")[1]!;
      const ordered = oldestFirst(list);
      ordered.forEach((dr, i) => {
        const mine = exportSet(dr, defaults);
        // The older rules this one is merged into.
        const older = ordered.slice(0, i).filter((o) => superset(mine, exportSet(o, defaults)));
        if (older.length === 0) return;
        const ignored: string[] = [];
        let winner: Resource | undefined;
        const policyOwner = older.find((o) => spec(o).trafficPolicy);
        if (spec(dr).trafficPolicy && policyOwner) {
          ignored.push("traffic policy");
          winner = policyOwner;
        }
        const dropped: string[] = [];
        for (const s of Array.isArray(spec(dr).subsets) ? (spec(dr).subsets as Obj[]) : []) {
          const owner = older.find((o) => (Array.isArray(spec(o).subsets) ? (spec(o).subsets as Obj[]) : []).some((x) => x?.name === s?.name));
          if (owner) {
            dropped.push(`"${String(s?.name ?? "")}"`);
            winner ??= owner;
          }
        }
        if (dropped.length) ignored.push(`subset${dropped.length > 1 ? "s" : ""} ${dropped.join(", ")}`);
        if (!winner) return;
        ctx.report("MSH0005", dr, [host, fullName(winner), ignored.join(" and ")], { path: ["spec", "host"] });
      });
    }
  },
});
