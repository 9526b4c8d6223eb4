/**
 * virtualservice.DestinationRuleAnalyzer: a destination or mirror that names a subset needs a
 * DestinationRule for that host defining the subset (IST0101). Hosts are compared after istioctl's FQDN
 * parsing only: no wildcards, no exportTo.
 */
import { defineAnalyzer } from "../../define.js";
import { parseFqdn } from "../../common/analyzer-hosts.js";
import { destinationsOf } from "./destination-host.js";

type Obj = Record<string, any>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

const pairKey = (host: { namespace: string | undefined; name: string }, subset: string) => JSON.stringify([host.namespace ?? "", host.name, subset]);

export default defineAnalyzer({
  meta: {
    name: "virtualservice.DestinationRuleAnalyzer",
    description: "Checks that every subset a VirtualService routes or mirrors to is defined by a DestinationRule for that host.",
    inputs: ["VirtualService", "DestinationRule"],
    codes: ["IST0101"],
  },
  run(ctx) {
    const suffix = ctx.model.domainSuffix;
    const known = new Set<string>();
    for (const dr of ctx.model.list("DestinationRule")) {
      const spec = obj(dr.object.spec);
      const host = parseFqdn(String(spec.host ?? ""), dr.namespace, suffix);
      for (const subset of list(spec.subsets)) known.add(pairKey(host, String(obj(subset).name ?? "")));
    }
    for (const vs of ctx.model.list("VirtualService")) {
      for (const d of destinationsOf(obj(vs.object.spec))) {
        const subset = d.destination.subset;
        if (typeof subset !== "string" || subset === "") continue;
        const host = typeof d.destination.host === "string" ? d.destination.host : "";
        if (known.has(pairKey(parseFqdn(host, vs.namespace, suffix), subset))) continue;
        ctx.report("IST0101", vs, [d.mirror ? "mirror+subset in destinationrule" : "host+subset in destinationrule", `${host}+${subset}`], { path: d.hostPath });
      }
    }
  },
});
