/**
 * serviceentry.ConflictingServiceEntryProtocolAnalyzer: ServiceEntries visible in the same scope that
 * define one host and port with different protocols conflict (IST0177).
 */
import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { fullName } from "../../common/full-name.js";

type Obj = Record<string, any>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

const ALL = "*";

interface Use {
  protocol: string;
  entry: Resource;
}

const sortStrings = (xs: string[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export default defineAnalyzer({
  meta: {
    name: "serviceentry.ConflictingServiceEntryProtocolAnalyzer",
    description: "Finds ServiceEntries that give the same host and port different protocols in a shared scope.",
    inputs: ["ServiceEntry"],
    codes: ["IST0177"],
  },
  run(ctx) {
    const index = new Map<string, { scope: string; host: string; port: number; uses: Use[] }>();
    for (const se of ctx.model.list("ServiceEntry")) {
      const spec = obj(se.object.spec);
      const exportTo = list(spec.exportTo).map(String);
      const scopes = exportTo.length === 0 || exportTo.includes(ALL) ? [ALL] : [...new Set(exportTo.map((e) => (e === "." ? se.namespace ?? "" : e)))];
      for (const scope of scopes) {
        for (const host of list(spec.hosts).map(String)) {
          for (const p of list(spec.ports)) {
            const port = Number(obj(p).number ?? 0);
            const key = JSON.stringify([scope, host, port]);
            const slot = index.get(key) ?? { scope, host, port, uses: [] };
            slot.uses.push({ protocol: String(obj(p).protocol ?? "").toUpperCase(), entry: se });
            index.set(key, slot);
          }
        }
      }
    }
    const reported = new Set<Resource>();
    for (const slot of index.values()) {
      const uses = [...slot.uses];
      if (slot.scope !== ALL) uses.push(...(index.get(JSON.stringify([ALL, slot.host, slot.port]))?.uses ?? []));
      const protocols = sortStrings([...new Set(uses.map((u) => u.protocol))]);
      if (protocols.length < 2) continue;
      const entries = [...new Set(uses.map((u) => u.entry))];
      const names = sortStrings([...new Set(entries.map(fullName))]).join(", ");
      for (const se of entries) {
        if (reported.has(se)) continue;
        reported.add(se);
        ctx.report("IST0177", se, [names, slot.host, slot.port, protocols.join(", ")], { path: ["metadata", "name"] });
      }
    }
  },
});
