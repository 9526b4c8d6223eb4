/** services.MultiClusterServiceAnalyzer: one Service defined differently in different clusters. */
import type { Resource } from "../../../model/mesh-model.js";
import { defineAnalyzer } from "../../define.js";

type Obj = Record<string, any>;

const MIXED_MODE = "service has mixed mode like headless and clusterIP";
const TYPE = "service type is inconsistent";
const PORTS = "service ports are inconsistent";

const specOf = (r: Resource) => (r.object.spec ?? {}) as Obj;
const headless = (r: Resource) => specOf(r).clusterIP === "None";

/** A port list in a comparable form: every ServicePort field, ports ordered by name. */
function portsKey(r: Resource): string {
  const ports = Array.isArray(specOf(r).ports) ? (specOf(r).ports as Obj[]) : [];
  const norm = ports.map((p) => ({
    name: String(p.name ?? ""),
    protocol: p.protocol ?? "",
    appProtocol: p.appProtocol ?? null,
    port: p.port ?? 0,
    targetPort: p.targetPort === undefined || p.targetPort === null ? null : [typeof p.targetPort, p.targetPort],
    nodePort: p.nodePort ?? 0,
  }));
  norm.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(norm);
}

export default defineAnalyzer({
  meta: {
    name: "services.MultiClusterServiceAnalyzer",
    description: "Compares each Service that several clusters define under the same namespace and name, and warns when their type, headless mode or ports differ.",
    inputs: ["Service"],
    codes: ["IST0170"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    // namespace/name → cluster id → Service
    const services = new Map<string, Map<string, Resource>>();
    for (const [clusterId, cluster] of ctx.model.clusters) {
      for (const svc of cluster.list("Service")) {
        const k = `${svc.namespace ?? ""}/${svc.name}`;
        if (!services.has(k)) services.set(k, new Map());
        services.get(k)!.set(clusterId, svc);
      }
    }
    for (const byCluster of services.values()) {
      if (byCluster.size < 2) continue;
      const [[firstCluster, first]] = [...byCluster] as [[string, Resource]];
      const clusters = new Set<string>();
      const reasons: string[] = [];
      const reason = (r: string) => reasons.includes(r) || reasons.push(r);
      for (const [id, svc] of byCluster) {
        if (headless(first) !== headless(svc) && !reasons.includes(MIXED_MODE)) {
          for (const c of byCluster.keys()) clusters.add(c);
          reason(MIXED_MODE);
        }
        if ((specOf(first).type ?? "") !== (specOf(svc).type ?? "")) {
          clusters.add(id);
          reason(TYPE);
        }
        if (portsKey(first) !== portsKey(svc)) {
          clusters.add(id);
          reason(PORTS);
        }
      }
      if (clusters.size === 0) continue;
      clusters.add(firstCluster);
      ctx.report("IST0170", first, [first.name, first.namespace ?? "", [...clusters].sort(), reasons.join("; ")]);
    }
  },
});
