/**
 * Indexes over the model that every proxy's compilation shares, computed once per model (and
 * config domain suffix) and cached: service views by host, VirtualServices and DestinationRules with
 * resolved hosts in Istio's config order, EndpointSlices by service, services by endpoint address,
 * PeerAuthentications and Sidecars by namespace. Compiling a proxy never scans the whole model again.
 */
import type { MeshModel, Resource } from "../../model/mesh-model.js";
import { compareByAge, toServiceView, type ServiceView } from "./services.js";

type Obj = Record<string, any>;

export interface ConfigResource {
  resource: Resource;
  namespace: string;
  name: string;
  spec: Obj;
  /** Hosts resolved to FQDNs (VirtualService hosts, DestinationRule host). */
  hosts: string[];
  exportTo?: string[];
}

export interface MeshIndex {
  model: MeshModel;
  configDomainSuffix: string;
  /** Every service view (hosts sorted; per host Kubernetes before ServiceEntry, then oldest). */
  services: ServiceView[];
  /** Iterates in host order. */
  servicesByHost: Map<string, ServiceView[]>;
  /** Service views whose endpoints (EndpointSlice, ServiceEntry endpoints) include this address. */
  servicesByEndpointIp: Map<string, ServiceView[]>;
  /** VirtualServices that apply to sidecars (gateways include `mesh`), oldest first. */
  meshVirtualServices: ConfigResource[];
  virtualServicesByName: Map<string, ConfigResource>;
  /** VirtualServices bound to each Gateway (`ns/name`, short names in `gateways` resolved), oldest first. */
  gatewayVirtualServices: Map<string, ConfigResource[]>;
  /** Gateways (networking.istio.io), oldest first (then name, then namespace). */
  gateways: ConfigResource[];
  destinationRulesByNs: Map<string, ConfigResource[]>;
  endpointSlicesByService: Map<string, Resource[]>;
  peerAuthByNs: Map<string, Resource[]>;
  sidecarsByNs: Map<string, Resource[]>;
  resolve(host: string, namespace: string): string;
}

const cache = new WeakMap<MeshModel, Map<string, MeshIndex>>();

/** Expands a short host of Istio config: `a` in `ns` → `a.ns.svc.<suffix>` (or `a.ns` with suffix ""). */
export function resolveConfigHost(host: string, namespace: string, suffix: string): string {
  if (host === "*" || host.includes(".") || host.startsWith("*")) return host;
  return suffix === "" ? `${host}.${namespace}` : `${host}.${namespace}.svc.${suffix}`;
}

export function meshIndex(model: MeshModel, configDomainSuffix: string = model.domainSuffix): MeshIndex {
  let byModel = cache.get(model);
  if (!byModel) cache.set(model, (byModel = new Map()));
  let index = byModel.get(configDomainSuffix);
  if (!index) byModel.set(configDomainSuffix, (index = buildIndex(model, configDomainSuffix)));
  return index;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const l = map.get(k);
  if (l) l.push(v);
  else map.set(k, [v]);
}

function buildIndex(model: MeshModel, suffix: string): MeshIndex {
  const resolve = (host: string, ns: string) => resolveConfigHost(host, ns, suffix);
  const services: ServiceView[] = [];
  const servicesByHost = new Map<string, ServiceView[]>();
  for (const host of [...model.serviceHosts()].sort()) {
    const views = model.servicesForHost(host).map(toServiceView);
    views.sort((a, b) => (a.source === b.source ? a.created - b.created || compareByAge(a.resource, b.resource) : a.source === "kubernetes" ? -1 : 1));
    servicesByHost.set(host, views);
  }
  for (const views of servicesByHost.values()) services.push(...views);

  const endpointSlicesByService = new Map<string, Resource[]>();
  for (const es of model.list("EndpointSlice")) {
    const svc = es.object.metadata.labels?.["kubernetes.io/service-name"];
    if (svc) push(endpointSlicesByService, `${es.namespace ?? "default"}/${svc}`, es);
  }
  for (const ep of model.list("Endpoints")) push(endpointSlicesByService, `${ep.namespace ?? "default"}/${ep.name}`, ep);

  const servicesByEndpointIp = new Map<string, ServiceView[]>();
  for (const s of services) {
    const ips = new Set<string>();
    if (s.source === "serviceentry") {
      for (const e of ((s.resource.object.spec as Obj)?.endpoints ?? []) as Obj[]) if (typeof e.address === "string") ips.add(e.address);
    } else {
      for (const es of endpointSlicesByService.get(`${s.namespace}/${s.name}`) ?? []) {
        const obj = es.object as Obj;
        for (const e of (obj.endpoints ?? []) as Obj[]) for (const a of (e.addresses ?? []) as string[]) ips.add(a);
        for (const sub of (obj.subsets ?? []) as Obj[]) for (const a of (sub.addresses ?? []) as Obj[]) if (typeof a.ip === "string") ips.add(a.ip);
      }
    }
    for (const ip of ips) push(servicesByEndpointIp, ip, s);
  }

  const config = (r: Resource, hosts: string[]): ConfigResource => {
    const spec = (r.object.spec ?? {}) as Obj;
    return { resource: r, namespace: r.namespace ?? "default", name: r.name, spec, hosts, ...(Array.isArray(spec.exportTo) ? { exportTo: spec.exportTo } : {}) };
  };
  const vss = [...model.list("VirtualService")].sort(compareByAge).map((r) => {
    const ns = r.namespace ?? "default";
    return config(r, (((r.object.spec as Obj)?.hosts ?? []) as string[]).map((h) => resolve(h, ns)));
  });
  const virtualServicesByName = new Map(vss.map((v) => [`${v.namespace}/${v.name}`, v]));
  const meshVirtualServices = vss.filter((v) => {
    const gws = v.spec.gateways as string[] | undefined;
    return !gws || gws.length === 0 || gws.includes("mesh");
  });

  const gatewayVirtualServices = new Map<string, ConfigResource[]>();
  for (const v of vss) {
    const refs = new Set(((v.spec.gateways ?? []) as string[]).filter((g) => g !== "mesh").map((g) => (g.includes("/") ? g : `${v.namespace}/${g}`)));
    for (const g of refs) push(gatewayVirtualServices, g, v);
  }
  const gateways = [...model.list("Gateway")].sort(compareByAge).map((r) => config(r, []));

  const destinationRulesByNs = new Map<string, ConfigResource[]>();
  for (const r of [...model.list("DestinationRule")].sort(compareByAge)) {
    const ns = r.namespace ?? "default";
    const host = (r.object.spec as Obj)?.host;
    if (typeof host !== "string") continue;
    push(destinationRulesByNs, ns, config(r, [resolve(host, ns)]));
  }
  const peerAuthByNs = new Map<string, Resource[]>();
  for (const r of [...model.list("PeerAuthentication")].sort(compareByAge)) push(peerAuthByNs, r.namespace ?? "default", r);
  const sidecarsByNs = new Map<string, Resource[]>();
  for (const r of [...model.list("Sidecar")].sort(compareByAge)) push(sidecarsByNs, r.namespace ?? "default", r);

  return { model, configDomainSuffix: suffix, services, servicesByHost, servicesByEndpointIp, meshVirtualServices, virtualServicesByName, gatewayVirtualServices, gateways, destinationRulesByNs, endpointSlicesByService, peerAuthByNs, sidecarsByNs, resolve };
}
