/**
 * virtualservice.DestinationHostAnalyzer: every route and mirror destination must name a known service
 * (IST0101), with a port when the service has several (IST0112) and a port it has (IST0101); and a
 * gateway-bound route without subset to a host that another VirtualService splits by subset is flagged
 * (IST0140: the subset rules do not apply to gateway traffic).
 */
import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { fullName } from "../../common/full-name.js";
import { lookupService, serviceIndex } from "../../common/service-index.js";

type Obj = Record<string, any>;
type Path = (string | number)[];
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

export interface DestinationRef {
  destination: Obj;
  /** Path of the destination's `host` field. */
  hostPath: Path;
  mirror: boolean;
}

/** Route destinations (http, tcp, tls) and then HTTP mirrors of a VirtualService spec, with their host paths. */
export function destinationsOf(spec: Obj): DestinationRef[] {
  const out: DestinationRef[] = [];
  for (const kind of ["http", "tcp", "tls"] as const) {
    list(spec[kind]).forEach((rule, i) => {
      list(obj(rule).route).forEach((route, j) => {
        out.push({ destination: obj(obj(route).destination), hostPath: ["spec", kind, i, "route", j, "destination", "host"], mirror: false });
      });
    });
  }
  list(spec.http).forEach((rule, i) => {
    const r = obj(rule);
    if (r.mirror !== undefined && r.mirror !== null) out.push({ destination: obj(r.mirror), hostPath: ["spec", "http", i, "mirror", "host"], mirror: true });
    list(r.mirrors).forEach((m, k) => {
      out.push({ destination: obj(obj(m).destination), hostPath: ["spec", "http", i, "mirrors", k, "destination", "host"], mirror: true });
    });
  });
  return out;
}

export default defineAnalyzer({
  meta: {
    name: "virtualservice.DestinationHostAnalyzer",
    description: "Checks that VirtualService destinations name known services and ports, and that subsets matter for gateway routes.",
    inputs: ["ServiceEntry", "VirtualService", "Service"],
    codes: ["IST0101", "IST0112", "IST0140"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const index = serviceIndex(ctx.model);
    const services = ctx.model.list("VirtualService");
    for (const vs of services) {
      const spec = obj(vs.object.spec);
      const exportTo = list(spec.exportTo).map(String);
      for (const d of destinationsOf(spec)) {
        const host = typeof d.destination.host === "string" ? d.destination.host : "";
        const path = { path: d.hostPath };
        const target = lookupService(index, host, vs.namespace, exportTo);
        if (!target) {
          ctx.report("IST0101", vs, [d.mirror ? "mirror host" : "host", host], path);
          continue;
        }
        const port = d.destination.port;
        if (port === undefined || port === null) {
          if (target.ports.length > 1) ctx.report("IST0112", vs, [host, target.ports.map((p) => p.number)], path);
          continue;
        }
        const number = Number(obj(port).number ?? 0);
        if (!target.ports.some((p) => p.number === number)) ctx.report("IST0101", vs, ["host:port", `${host}:${number}`], path);
      }
    }
    reportSubsetsIgnoredByGateways(ctx, services);
  },
});

/** IST0140, as istioctl: exact host strings, every subset destination of every VirtualService routing to one of its own hosts. */
function reportSubsetsIgnoredByGateways(ctx: { report: (code: "IST0140", target: Resource, args: unknown[]) => void }, services: readonly Resource[]) {
  // Subset routes by destination host (as compared below: `host ?? ""`, strict equality).
  const subsetRoutes = new Map<unknown, Resource[]>();
  for (const vs of services) {
    const spec = obj(vs.object.spec);
    const hosts = list(spec.hosts);
    for (const rule of list(spec.http)) {
      for (const route of list(obj(rule).route)) {
        const dest = obj(obj(route).destination);
        if (!dest.subset || !hosts.some((h) => h === dest.host)) continue;
        const key = dest.host ?? "";
        const list = subsetRoutes.get(key);
        if (list) list.push(vs);
        else subsetRoutes.set(key, [vs]);
      }
    }
  }
  for (const vs of services) {
    const spec = obj(vs.object.spec);
    if (list(spec.gateways).length === 0) continue;
    for (const rule of list(spec.http)) {
      for (const route of list(obj(rule).route)) {
        const dest = obj(obj(route).destination);
        if (dest.subset) continue;
        const host = dest.host ?? "";
        // istioctl's line path for this message is malformed, so it prints the document line.
        for (const other of subsetRoutes.get(host) ?? []) ctx.report("IST0140", vs, [fullName(other), fullName(vs)]);
      }
    }
  }
}
