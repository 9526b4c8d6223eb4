/**
 * What one sidecar sees (pilot/pkg/model/sidecar.go, push_context.go): its Sidecar resource, the
 * services imported by egress hosts and exportTo, and the VirtualServices imported with them.
 */
import { hostCovers, isExportedTo } from "../../model/hosts.js";
import { labelsMatch, type Resource } from "../../model/mesh-model.js";
import type { ProxyIdentity } from "../options.js";
import type { ConfigResource, MeshIndex } from "./mesh-index.js";
import type { ServiceView } from "./services.js";

type Obj = Record<string, any>;

export interface EgressHost {
  /** Namespace part: a name, `*`, or the Sidecar's own namespace (for `.`); exclusion `~`. */
  namespace: string;
  host: string;
}

export interface EgressListener {
  port?: { number: number; protocol?: string; name?: string };
  bind?: string;
  /** `NONE`: no iptables capture, the listener binds its address for real. */
  captureMode?: string;
  hosts: EgressHost[];
}

export interface ProxyScope {
  sidecar?: Resource;
  egress: EgressListener[];
  /** Sidecar ingress listeners (replace service-derived inbound ports). */
  ingress?: Obj[];
  outboundTrafficPolicy?: string;
  /** Visible services, one per host (the copy the proxy sees), sorted by host. */
  services: ServiceView[];
  /** Imported VirtualServices, oldest first. */
  virtualServices: ConfigResource[];
  /** Lookup of the winning VirtualService per host (see winningVirtualService). */
  vsLookup: VirtualServiceLookup;
}

interface VirtualServiceLookup {
  /** Exact host → the oldest imported VirtualService naming it. */
  exact: Map<string, ConfigResource>;
  /** Wildcard hosts (`*.example.com`, `*`) with their VirtualService, in import order. */
  wildcards: { host: string; vs: ConfigResource }[];
  cache: Map<string, ConfigResource | undefined>;
}

function vsLookup(vss: readonly ConfigResource[]): VirtualServiceLookup {
  const exact = new Map<string, ConfigResource>();
  const wildcards: VirtualServiceLookup["wildcards"] = [];
  for (const vs of vss) {
    for (const h of vs.hosts) {
      if (h.startsWith("*")) wildcards.push({ host: h, vs });
      else if (!exact.has(h)) exact.set(h, vs);
    }
  }
  return { exact, wildcards, cache: new Map() };
}

/**
 * The VirtualService that owns `host` for this proxy (xds-mapping.md 7.3): an exact host beats a
 * wildcard whatever their age (the oldest exact one wins), else the most specific wildcard (the
 * oldest among equally long ones).
 */
export function winningVirtualService(scope: ProxyScope, host: string): ConfigResource | undefined {
  const l = scope.vsLookup;
  if (l.cache.has(host)) return l.cache.get(host);
  let best = l.exact.get(host);
  if (!best) {
    let bestLen = -1;
    for (const w of l.wildcards) {
      if (w.host.length > bestLen && hostCovers(w.host, host)) {
        best = w.vs;
        bestLen = w.host.length;
      }
    }
  }
  l.cache.set(host, best);
  return best;
}

/** The Sidecar that applies to a proxy (sidecar.go / push_context.go getSidecarScope). */
export function selectSidecar(index: MeshIndex, proxy: ProxyIdentity): Resource | undefined {
  const local = index.sidecarsByNs.get(proxy.namespace) ?? [];
  const selected = local.find((s) => {
    const sel = (s.object.spec as Obj)?.workloadSelector?.labels as Record<string, string> | undefined;
    return sel && Object.keys(sel).length > 0 && labelsMatch(sel, proxy.labels);
  });
  if (selected) return selected;
  const noSelector = (s: Resource) => !((s.object.spec as Obj)?.workloadSelector?.labels && Object.keys((s.object.spec as Obj).workloadSelector.labels).length > 0);
  const nsDefault = local.find(noSelector);
  if (nsDefault) return nsDefault;
  const root = index.model.meshConfig.rootNamespace;
  return (index.sidecarsByNs.get(root) ?? []).find(noSelector);
}

function parseEgressHost(text: string, sidecarNs: string): EgressHost {
  const i = text.indexOf("/");
  if (i < 0) return { namespace: "*", host: text };
  let ns = text.slice(0, i);
  if (ns === ".") ns = sidecarNs;
  return { namespace: ns, host: text.slice(i + 1) };
}

/** Whether an egress host list imports `host` of a resource in `namespace`. */
export function importsHost(hosts: readonly EgressHost[], namespace: string, host: string): boolean {
  const matches = (h: EgressHost) => h.host === "*" || hostCovers(h.host, host) || (host.startsWith("*") && hostCovers(host, h.host));
  let specific = false;
  for (const h of hosts) {
    if (h.namespace === namespace && matches(h)) specific = true;
  }
  if (specific) return true;
  if (hosts.some((h) => h.namespace === "~" && matches(h))) return false;
  return hosts.some((h) => h.namespace === "*" && matches(h));
}

function egressOf(sidecar: Resource | undefined): EgressListener[] {
  if (!sidecar) return [{ hosts: [{ namespace: "*", host: "*" }] }];
  const ns = sidecar.namespace ?? "default";
  const spec = (sidecar.object.spec ?? {}) as Obj;
  const list = (spec.egress ?? []) as Obj[];
  if (list.length === 0) return [{ hosts: [{ namespace: "*", host: "*" }] }];
  return list.map((e) => ({
    ...(e.port?.number ? { port: { number: e.port.number, protocol: e.port.protocol, name: e.port.name } } : {}),
    ...(typeof e.bind === "string" ? { bind: e.bind } : {}),
    ...(typeof e.captureMode === "string" ? { captureMode: e.captureMode } : {}),
    hosts: ((e.hosts ?? []) as string[]).map((h) => parseEgressHost(h, ns)),
  }));
}

/** `ignoreSidecar`: gateways get the default scope (every exported service), whatever Sidecars exist. */
export function buildScope(index: MeshIndex, proxy: ProxyIdentity, opts: { ignoreSidecar?: boolean } = {}): ProxyScope {
  const sidecar = opts.ignoreSidecar ? undefined : selectSidecar(index, proxy);
  const egress = egressOf(sidecar);
  const allHosts = egress.flatMap((e) => e.hosts);
  const mesh = index.model.meshConfig;
  const spec = (sidecar?.object.spec ?? {}) as Obj;

  const services: ServiceView[] = [];
  for (const views of index.servicesByHost.values()) {
    const visible = views.filter((s) => isExportedTo(s.exportTo, s.namespace, proxy.namespace, mesh.defaultServiceExportTo) && importsHost(allHosts, s.namespace, s.host));
    if (visible.length === 0) continue;
    services.push(visible.find((s) => s.namespace === proxy.namespace) ?? visible[0]!);
  }

  const virtualServices = index.meshVirtualServices.filter(
    (vs) => vs.hosts.length > 0 && isExportedTo(vs.exportTo, vs.namespace, proxy.namespace, mesh.defaultVirtualServiceExportTo) && vs.hosts.some((h) => importsHost(allHosts, vs.namespace, h)),
  );

  const out: ProxyScope = { egress, services, virtualServices, vsLookup: vsLookup(virtualServices) };
  if (sidecar) out.sidecar = sidecar;
  if (Array.isArray(spec.ingress) && spec.ingress.length > 0) out.ingress = spec.ingress as Obj[];
  if (typeof spec.outboundTrafficPolicy?.mode === "string") out.outboundTrafficPolicy = spec.outboundTrafficPolicy.mode;
  return out;
}

/** The egress listener governing `port`: the one naming the port, else the port-less one. */
export function egressForPort(scope: ProxyScope, port: number): EgressListener | undefined {
  return scope.egress.find((e) => e.port?.number === port) ?? scope.egress.find((e) => e.port === undefined);
}

/** Whether `service` is visible on `port` (egress listeners with a port only import on that port). */
export function visibleOnPort(scope: ProxyScope, service: ServiceView, port: number): boolean {
  const e = egressForPort(scope, port);
  return e !== undefined && importsHost(e.hosts, service.namespace, service.host);
}
