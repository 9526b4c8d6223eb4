/**
 * References between resources of the input (`meshc validate -x`): gateways a VirtualService binds to,
 * subsets its routes use, and the services its hosts name. Each broken reference is a Warning with
 * file:line:column; analyze goes much further (IST codes), this is the quick structural check.
 */
import type { Diagnostic } from "../diagnostic.js";
import { formatPath } from "../diagnostic.js";
import { locate, type LoadedResource } from "../sources/source.js";
import { isWildcard } from "./hosts.js";
import { MeshModel, type Resource } from "./mesh-model.js";

type Obj = Record<string, any>;

export function checkReferences(resources: readonly LoadedResource[] | MeshModel): Diagnostic[] {
  const model = resources instanceof MeshModel ? resources : new MeshModel(resources);
  const out: Diagnostic[] = [];
  const report = (res: Resource, path: (string | number)[], message: string) =>
    out.push({ code: "reference", level: "Warning", message, resource: { kind: res.kind, namespace: res.namespace, name: res.name }, path: formatPath(path), origin: locate(res.origin, path) });

  // Subsets by host, from every DestinationRule.
  const subsets = new Map<string, Set<string>>();
  for (const dr of model.list("DestinationRule")) {
    const spec = (dr.object.spec ?? {}) as Obj;
    if (typeof spec.host !== "string") continue;
    const host = model.resolveHost(spec.host, dr.namespace);
    const set = subsets.get(host) ?? new Set<string>();
    for (const s of spec.subsets ?? []) if (typeof s?.name === "string") set.add(s.name);
    subsets.set(host, set);
  }
  const haveServices = model.list("Service").length + model.list("ServiceEntry").length > 0;

  for (const vs of model.list("VirtualService")) {
    const spec = (vs.object.spec ?? {}) as Obj;
    (spec.gateways ?? []).forEach((g: unknown, i: number) => {
      if (typeof g !== "string" || g === "mesh") return;
      const [ns, name] = g.includes("/") ? (g.split("/", 2) as [string, string]) : [vs.namespace, g];
      if (!model.get("Gateway", ns, name)) report(vs, ["spec", "gateways", i], `gateway "${g}" is not among the given resources`);
    });
    for (const section of ["http", "tcp", "tls"] as const) {
      (spec[section] ?? []).forEach((route: Obj, r: number) => {
        (route?.route ?? []).forEach((dest: Obj, d: number) => {
          const destination = dest?.destination;
          if (!destination || typeof destination.host !== "string") return;
          const host = model.resolveHost(destination.host, vs.namespace);
          const path = ["spec", section, r, "route", d, "destination"];
          if (typeof destination.subset === "string" && !subsets.get(host)?.has(destination.subset)) {
            report(vs, [...path, "subset"], `subset "${destination.subset}" of host "${destination.host}" is not defined by any DestinationRule given`);
          }
          if (haveServices && !isWildcard(host) && model.servicesForHost(host).length === 0 && host.endsWith(`.svc.${model.domainSuffix}`)) {
            report(vs, [...path, "host"], `host "${destination.host}" (${host}) matches no Service or ServiceEntry given`);
          }
        });
      });
    }
  }
  return out;
}
