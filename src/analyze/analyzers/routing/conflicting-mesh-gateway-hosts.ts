/**
 * virtualservice.ConflictingMeshGatewayHostsAnalyzer: two VirtualServices bound to the mesh gateway that
 * claim the same host (in overlapping exportTo scopes) make routing undefined (IST0109).
 */
import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { expandShortHost, overlapIndex } from "../../common/analyzer-hosts.js";
import { fullName } from "../../common/full-name.js";

const ALL = "*";

interface Entry {
  scope: string;
  host: string;
  services: Resource[];
}

/** The VirtualService applies to sidecars: no `gateways`, or `mesh` among them. */
export function boundToMesh(spec: Record<string, unknown>): boolean {
  const gateways = Array.isArray(spec.gateways) ? spec.gateways : [];
  return gateways.length === 0 || gateways.includes("mesh");
}

function scopesOf(vs: Resource, exportTo: unknown): string[] {
  const list = Array.isArray(exportTo) ? exportTo.map(String) : [];
  if (list.length === 0 || list.includes(ALL)) return [ALL];
  return [...new Set(list.map((e) => (e === "." ? vs.namespace ?? "" : e)))];
}

export default defineAnalyzer({
  meta: {
    name: "virtualservice.ConflictingMeshGatewayHostsAnalyzer",
    description: "Finds mesh-bound VirtualServices that claim the same host in the same visibility scope.",
    inputs: ["VirtualService"],
    codes: ["IST0109"],
  },
  run(ctx) {
    const index = new Map<string, Entry>();
    for (const vs of ctx.model.list("VirtualService")) {
      const spec = (vs.object.spec ?? {}) as Record<string, unknown>;
      if (!boundToMesh(spec)) continue;
      const hosts = Array.isArray(spec.hosts) ? spec.hosts.map(String) : [];
      for (const scope of scopesOf(vs, spec.exportTo)) {
        for (const h of hosts) {
          const host = expandShortHost(h, vs.namespace, ctx.model.domainSuffix);
          const key = `${scope}/${host}`;
          const entry = index.get(key) ?? { scope, host, services: [] };
          // A VirtualService's own hosts are added together, so a repeat is always the last one.
          if (entry.services[entry.services.length - 1] !== vs) entry.services.push(vs);
          index.set(key, entry);
        }
      }
    }
    const exported = [...index.values()].filter((e) => e.scope === ALL);
    const overlapping = overlapIndex(exported.map((e) => e.host));
    const reported = new Set<Resource>();
    for (const [key, entry] of index) {
      const involved = [...entry.services];
      if (entry.scope !== ALL) {
        const seen = new Set(involved);
        for (const i of overlapping(entry.host)) {
          for (const vs of exported[i]!.services) {
            if (seen.has(vs)) continue;
            seen.add(vs);
            involved.push(vs);
          }
        }
      }
      if (involved.length < 2) continue;
      const names = involved.map(fullName).sort().join(",");
      for (const vs of involved) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        ctx.report("IST0109", vs, [names, key], { path: ["metadata", "name"] });
      }
    }
  },
});
