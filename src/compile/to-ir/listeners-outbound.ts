/**
 * Sidecar outbound listeners (pilot/pkg/networking/core/listener.go; xds-mapping.md 5.1–5.2):
 * `virtualOutbound` on 15001, and per port and bind address: HTTP on `0.0.0.0_<port>` (RDS
 * `"<port>"`), TCP/TLS on the VIP (or 0.0.0.0 with SNI / prefix ranges), auto-detected ports with
 * both, merged on conflicts; every listener ends in the passthrough or blackhole default chain.
 */
import { parseIp } from "../simulate/cidr.js";
import type { FilterChainIR, FilterChainMatchIR, ListenerFilterIR, ListenerIR, TcpTerminalIR } from "../ir.js";
import { BLACKHOLE_CLUSTER, hcmStatPrefix, hostRouteConfigName, listenerName, outboundClusterName, PASSTHROUGH_CLUSTER, PASSTHROUGH_FILTER_CHAIN, portRouteConfigName, VIRTUAL_OUTBOUND, VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN, VIRTUAL_OUTBOUND_CATCHALL_CHAIN, VIRTUAL_OUTBOUND_CATCHALL_HTTP_CHAIN } from "../names.js";
import { labelsMatch } from "../../model/mesh-model.js";
import { dynamicDns, type IrContext } from "./context.js";
import { headlessEndpointIps, listenAddresses, portClass, type PortEntry, type PortPlan } from "./outbound-ports.js";
import { catchAll } from "./routes.js";
import { egressForPort, winningVirtualService } from "./scope.js";

type Obj = Record<string, any>;

const RESERVED_PORTS = new Set([15001, 15006, 15021, 15090]);
export const PLAINTEXT_HTTP_ALPN = ["http/1.1", "h2c"];

interface Draft {
  address: string;
  port: number;
  chains: FilterChainIR[];
  /** matchKey of every chain. */
  keys: Set<string>;
  http: boolean;
  /** An auto port: the TCP chain is the default chain. */
  autoDefault?: FilterChainIR;
  /** RDS name of an auto port bound to a VIP (`<FQDN>:<port>`); else `"<port>"`. */
  rds?: string;
  /** A Sidecar egress listener with bind / captureMode NONE. */
  bindToPort?: boolean;
}

/**
 * A Sidecar egress listener for `port` that sets `bind` or `captureMode: NONE`: every service of the
 * port then shares one listener on that address (127.0.0.1 without bind), bound for real with
 * NONE. Unix-socket binds are not modelled (the services keep their usual listeners).
 */
function egressBinding(ctx: IrContext, port: number): { address: string; bindToPort: boolean } | undefined {
  const eg = egressForPort(ctx.scope, port);
  if (!eg?.port || (eg.bind === undefined && eg.captureMode !== "NONE") || eg.bind?.startsWith("unix://")) return undefined;
  return { address: eg.bind ?? "127.0.0.1", bindToPort: eg.captureMode === "NONE" };
}

function passthroughChain(ctx: IrContext): FilterChainIR {
  const cluster = ctx.mesh.outboundMode === "REGISTRY_ONLY" ? BLACKHOLE_CLUSTER : PASSTHROUGH_CLUSTER;
  return { name: PASSTHROUGH_FILTER_CHAIN, match: {}, terminal: { kind: "tcp", statPrefix: cluster, cluster } };
}

function tcpTerminal(cluster: string, weighted?: { name: string; weight: number }[], statPrefix?: string): TcpTerminalIR {
  if (weighted && weighted.length > 1) return { kind: "tcp", statPrefix: statPrefix ?? cluster, weightedClusters: weighted };
  return { kind: "tcp", statPrefix: cluster, cluster };
}

function normalizeCidr(cidr: string): string {
  const [addr, lenText] = cidr.split("/");
  const ip = parseIp(addr!);
  const len = Number(lenText ?? (ip?.family === 6 ? 128 : 32));
  if (!ip) return cidr;
  const bits = ip.family === 4 ? 32 : 128;
  const masked = (ip.value >> BigInt(bits - len)) << BigInt(bits - len);
  return `${ip.family}:${masked}/${len}`;
}

/** Chains with equal keys have identical match criteria (the later one is dropped). */
function matchKey(m: FilterChainMatchIR): string {
  return JSON.stringify({ ...m, prefixRanges: m.prefixRanges?.map(normalizeCidr).sort(), serverNames: m.serverNames ? [...m.serverNames].sort() : undefined });
}

/** TCP chains for one service port: VirtualService tcp[]/tls[] routes, or the default cluster. */
function tcpChains(ctx: IrContext, e: PortEntry, wildcard: boolean, prefixRanges: string[] | undefined): FilterChainIR[] {
  const cluster = outboundClusterName(e.port.port, undefined, e.svc.host);
  const base: FilterChainMatchIR = prefixRanges ? { prefixRanges } : {};
  const tlsPort = e.port.protocol === "TLS" || e.port.protocol === "HTTPS";
  const vs = winningVirtualService(ctx.scope, e.svc.host);
  const dest = (d: Obj) => {
    const host = ctx.index.resolve(d.destination?.host ?? "", vs!.namespace);
    const svc = ctx.index.servicesByHost.get(host)?.[0];
    const target = svc?.resolution === "Alias" && svc.externalName ? svc.externalName : host;
    const port = d.destination?.port?.number ?? (svc && svc.ports.length === 1 ? svc.ports[0]!.port : e.port.port);
    return { name: outboundClusterName(port, d.destination?.subset, target), weight: d.weight ?? 100 };
  };
  const applies = (m: Obj) => (m.port === undefined || m.port === e.port.port) && (!m.sourceLabels || labelsMatch(m.sourceLabels, ctx.proxy.labels)) && (!Array.isArray(m.gateways) || m.gateways.length === 0 || m.gateways.includes("mesh"));
  if (vs && tlsPort && Array.isArray(vs.spec.tls)) {
    const chains: FilterChainIR[] = [];
    for (const t of vs.spec.tls as Obj[]) {
      for (const m of ((t.match ?? []) as Obj[]).filter(applies)) {
        const dests = ((t.route ?? []) as Obj[]).map(dest);
        chains.push({ name: "", match: { ...base, ...(Array.isArray(m.sniHosts) ? { serverNames: m.sniHosts } : {}) }, terminal: tcpTerminal(dests[0]?.name ?? cluster, dests, `${vs.name}.${vs.namespace}`) });
      }
    }
    if (chains.length > 0) return chains;
  }
  if (vs && Array.isArray(vs.spec.tcp)) {
    for (const t of vs.spec.tcp as Obj[]) {
      const ms = (t.match ?? []) as Obj[];
      if (ms.length > 0 && !ms.some(applies)) continue;
      const dests = ((t.route ?? []) as Obj[]).map(dest);
      if (dests.length === 0) continue;
      return [{ name: "", match: base, terminal: tcpTerminal(dests[0]!.name, dests, `${vs.name}.${vs.namespace}`) }];
    }
  }
  const match: FilterChainMatchIR = { ...base };
  if (tlsPort && wildcard) match.serverNames = [e.svc.host];
  return [{ name: "", match, terminal: tcpTerminal(cluster) }];
}

export function outboundListeners(ctx: IrContext, plan: PortPlan): ListenerIR[] {
  const drafts = new Map<string, Draft>();
  const draft = (address: string, port: number): Draft => {
    const key = `${address}:${port}`;
    let d = drafts.get(key);
    if (!d) drafts.set(key, (d = { address, port, chains: [], keys: new Set(), http: false }));
    return d;
  };
  for (const [port, entries] of plan.ports) {
    const binding = egressBinding(ctx, port);
    const bound = (address: string) => {
      const d = draft(address, port);
      if (binding) d.bindToPort = binding.bindToPort;
      return d;
    };
    for (const e of entries) {
      const cls = portClass(e.port.protocol);
      if (cls === "http") {
        if (RESERVED_PORTS.has(port) && !binding) continue;
        bound(binding?.address ?? "0.0.0.0").http = true;
        continue;
      }
      const targets: BindTarget[] = binding ? [{ address: binding.address }] : bindTargets(ctx, e);
      for (const target of targets) {
        if (target.address === "0.0.0.0" && RESERVED_PORTS.has(port)) continue;
        const d = bound(target.address);
        const chains = tcpChains(ctx, e, target.address === "0.0.0.0", target.prefixRanges);
        if (cls === "auto") {
          d.http = true;
          // The route configuration follows where the service would listen without a binding.
          if (!listenAddresses(ctx, e).includes("0.0.0.0")) d.rds = hostRouteConfigName(e.svc.host, port);
          if (!d.autoDefault && chains.length === 1 && Object.keys(chains[0]!.match).length === 0) {
            d.autoDefault = chains[0]!;
            continue;
          }
        }
        for (const c of chains) {
          const key = matchKey(c.match);
          if (d.keys.has(key)) continue;
          d.keys.add(key);
          d.chains.push(c);
        }
      }
    }
  }
  const out: ListenerIR[] = [];
  for (const d of drafts.values()) out.push(finish(ctx, d));
  out.sort((a, b) => a.port - b.port || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return out;
}

interface BindTarget {
  address: string;
  prefixRanges?: string[];
}

/**
 * Where an entry's TCP/auto chains go. With PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER a headless
 * service gets one chain per endpoint on the 0.0.0.0 listener, each matching that endpoint's /32.
 */
function bindTargets(ctx: IrContext, e: PortEntry): BindTarget[] {
  if (e.svc.headless && ctx.options.features.headlessFilterChainListener) {
    return headlessEndpointIps(ctx, e).map((ip) => ({ address: "0.0.0.0", prefixRanges: [`${ip}/${ip.includes(":") ? 128 : 32}`] }));
  }
  if (e.svc.source === "serviceentry" && e.svc.addresses.length > 0) {
    return e.svc.addresses.map((a) => (a.includes("/") ? { address: "0.0.0.0", prefixRanges: [a] } : { address: a }));
  }
  return listenAddresses(ctx, e).map((address) => ({ address }));
}


function finish(ctx: IrContext, d: Draft): ListenerIR {
  const chains: FilterChainIR[] = [];
  if (d.http) {
    const rds = d.rds ?? portRouteConfigName(d.port);
    const dns = dynamicDns(ctx);
    chains.push({ name: "", match: { transportProtocol: "raw_buffer", applicationProtocols: PLAINTEXT_HTTP_ALPN }, terminal: { kind: "http", direction: "outbound", statPrefix: hcmStatPrefix("outbound", d.address, d.port), rds, ...(dns ? { dynamicForwardProxy: dns } : {}) } });
  }
  chains.push(...d.chains);
  const sni = chains.some((c) => c.match.serverNames !== undefined || c.match.transportProtocol !== undefined);
  const alpn = chains.some((c) => c.match.applicationProtocols !== undefined);
  const listenerFilters: ListenerFilterIR[] = [];
  if (sni || alpn) listenerFilters.push({ kind: "tls_inspector" });
  if (alpn) listenerFilters.push({ kind: "http_inspector" });
  const l: ListenerIR = { name: listenerName(d.address, d.port), address: d.address, port: d.port, direction: "outbound", bindToPort: d.bindToPort ?? false, listenerFilters, chains };
  if (alpn) l.listenerFiltersTimeout = ctx.mesh.protocolDetectionTimeout;
  const singleMatchAll = chains.length === 1 && Object.keys(chains[0]!.match).length === 0 && !d.autoDefault;
  if (d.autoDefault) l.defaultChain = { ...d.autoDefault, name: d.autoDefault.name };
  else if (!singleMatchAll) l.defaultChain = passthroughChain(ctx);
  return l;
}

/**
 * virtualOutbound (0.0.0.0:15001): loop guard, then everything else to passthrough or blackhole. In
 * ALLOW_ANY_DYNAMIC_DNS an HTTP inspector sends plaintext HTTP to a chain whose inline route uses
 * the dynamic forward proxy (AllowAnyDynamicDNSCluster).
 */
export function virtualOutboundListener(ctx: IrContext): ListenerIR {
  const cluster = ctx.mesh.outboundMode === "REGISTRY_ONLY" ? BLACKHOLE_CLUSTER : PASSTHROUGH_CLUSTER;
  const l: ListenerIR = {
    name: VIRTUAL_OUTBOUND,
    address: "0.0.0.0",
    port: 15001,
    direction: "outbound",
    bindToPort: true,
    useOriginalDst: true,
    listenerFilters: [],
    chains: [{ name: VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN, match: { destinationPort: 15001 }, terminal: { kind: "tcp", statPrefix: BLACKHOLE_CLUSTER, cluster: BLACKHOLE_CLUSTER } }],
  };
  const dns = dynamicDns(ctx);
  if (dns) {
    const vh = catchAll(ctx);
    l.listenerFilters.push({ kind: "http_inspector" });
    l.listenerFiltersTimeout = ctx.mesh.protocolDetectionTimeout;
    l.chains.push({
      name: VIRTUAL_OUTBOUND_CATCHALL_HTTP_CHAIN,
      match: { applicationProtocols: PLAINTEXT_HTTP_ALPN },
      terminal: { kind: "http", direction: "outbound", statPrefix: hcmStatPrefix("outbound", "0.0.0.0", 15001), routeConfig: { name: vh.name, virtualHosts: [vh] }, dynamicForwardProxy: dns },
    });
  }
  l.chains.push({ name: VIRTUAL_OUTBOUND_CATCHALL_CHAIN, match: {}, terminal: { kind: "tcp", statPrefix: cluster, cluster } });
  return l;
}
