/**
 * sidecar.SelectorAnalyzer: a Sidecar's workload selector must select some pod of its namespace (IST0101);
 * a pod may be selected by only one Sidecar (IST0110) and a namespace may have only one Sidecar without
 * selector (IST0111); Sidecars have no effect on ambient workloads (IST0167).
 */
import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { podIndex } from "../../common/pod-index.js";
import { isAmbientNamespace, isAmbientPod } from "../../common/pods.js";
import { firstSelectorKey, renderSelector, stringMap } from "../../common/selector.js";
import type { Workload } from "../../../model/mesh-model.js";

type Obj = Record<string, any>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

const AMBIENT_POD = "selected workload is in ambient mode, the policy has no impact";
const AMBIENT_NAMESPACE = "namespace is in ambient mode, the policy has no impact";

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

const sortedNames = (list: readonly Resource[]) => list.map((s) => s.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export default defineAnalyzer({
  meta: {
    name: "sidecar.SelectorAnalyzer",
    description: "Checks that Sidecar selectors select pods, that no pod or namespace gets two Sidecars, and that none targets ambient workloads.",
    inputs: ["Sidecar", "Pod", "Namespace"],
    codes: ["IST0101", "IST0110", "IST0111", "IST0167"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const pods = podIndex(ctx.model);
    const namespaceWide = new Map<string, Resource[]>();
    const selecting = new Map<Workload, Resource[]>();
    const ineffective = new Set<Resource>();
    const reportIneffective = (sc: Resource, reason: string) => {
      if (ineffective.has(sc)) return;
      ineffective.add(sc);
      ctx.report("IST0167", sc, [reason]);
    };

    for (const sc of ctx.model.list("Sidecar")) {
      const ns = sc.namespace ?? "";
      const labels = stringMap(obj(obj(sc.object.spec).workloadSelector).labels);
      if (!labels || Object.keys(labels).length === 0) {
        push(namespaceWide, ns, sc);
        continue;
      }
      const matched = pods.select(labels, ns);
      if (matched.length === 0) {
        ctx.report("IST0101", sc, ["selector", renderSelector(labels)], { path: ["spec", "workloadSelector", "labels", firstSelectorKey(labels)!] });
        continue;
      }
      for (const pod of matched) push(selecting, pod, sc);
    }

    for (const [pod, sidecars] of selecting) {
      if (isAmbientPod(pod)) {
        for (const sc of sidecars) reportIneffective(sc, AMBIENT_POD);
      } else if (sidecars.length > 1) {
        const names = sortedNames(sidecars);
        for (const sc of sidecars) ctx.report("IST0110", sc, [names, pod.resource.namespace ?? "", pod.name], { path: ["metadata", "name"] });
      }
    }

    for (const [ns, sidecars] of namespaceWide) {
      if (isAmbientNamespace(ctx.model.namespace(ns))) {
        for (const sc of sidecars) reportIneffective(sc, AMBIENT_NAMESPACE);
      } else if (sidecars.length > 1) {
        const names = sortedNames(sidecars);
        for (const sc of sidecars) ctx.report("IST0111", sc, [names, ns]);
      }
    }
  },
});
