/**
 * meshc.DestinationPortAnalyzer (MSH0004): a VirtualService destination (route or mirror) names a port
 * its service does not expose, so Envoy has no cluster for it and the route answers 503. Only hosts
 * backed by a Kubernetes Service or ServiceEntry visible from the VirtualService's namespace (exportTo)
 * are checked; unknown or invisible hosts are IST0101's business and stay quiet here.
 */
import { defineAnalyzer } from "../../define.js";
import { isExportedTo } from "../../../model/hosts.js";

type Obj = Record<string, any>;
type Path = (string | number)[];

/** Every destination of a VirtualService with the path of its object. */
function destinations(spec: Obj): { dest: Obj; path: Path }[] {
  const out: { dest: Obj; path: Path }[] = [];
  for (const kind of ["http", "tcp", "tls"]) {
    const routes: Obj[] = Array.isArray(spec[kind]) ? spec[kind] : [];
    routes.forEach((r, i) => {
      (Array.isArray(r?.route) ? (r.route as Obj[]) : []).forEach((d, j) => {
        if (d?.destination) out.push({ dest: d.destination, path: ["spec", kind, i, "route", j, "destination"] });
      });
      if (kind !== "http") return;
      if (r?.mirror) out.push({ dest: r.mirror, path: ["spec", kind, i, "mirror"] });
      (Array.isArray(r?.mirrors) ? (r.mirrors as Obj[]) : []).forEach((m, j) => {
        if (m?.destination) out.push({ dest: m.destination, path: ["spec", kind, i, "mirrors", j, "destination"] });
      });
    });
  }
  return out;
}

export default defineAnalyzer({
  meta: {
    name: "meshc.DestinationPortAnalyzer",
    description: "Finds VirtualService destinations whose port is not a port of the destination service.",
    inputs: ["VirtualService", "Service", "ServiceEntry", "MeshConfig"],
    codes: ["MSH0004"],
  },
  run(ctx) {
    const model = ctx.model;
    for (const vs of model.list("VirtualService")) {
      for (const { dest, path } of destinations((vs.object.spec ?? {}) as Obj)) {
        const number = dest.port?.number;
        if (typeof number !== "number" || typeof dest.host !== "string" || dest.host.startsWith("*")) continue;
        const host = model.resolveHost(dest.host, vs.namespace);
        const services = model.servicesForHost(host).filter((s) => vs.namespace === undefined || isExportedTo(s.exportTo, s.namespace, vs.namespace, model.meshConfig.defaultServiceExportTo));
        if (services.length === 0) continue;
        const ports = [...new Set(services.flatMap((s) => s.ports.map((p) => p.port)))].sort((a, b) => a - b);
        if (ports.includes(number)) continue;
        ctx.report("MSH0004", vs, [number, host, ports.length ? ports.join(", ") : "none"], { path: [...path, "port", "number"] });
      }
    }
  },
});
