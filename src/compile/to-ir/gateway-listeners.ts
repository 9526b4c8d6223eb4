/**
 * Gateway listeners (pilot/pkg/networking/core/gateway.go buildGatewayListeners; xds-mapping.md 8):
 * one `0.0.0.0_<listenerPort>` per planned port; plaintext HTTP servers share one chain (RDS
 * `http.<port>`); terminated HTTPS gets a chain per server (SNI = server hosts) with its TLS context
 * and RDS `https...`; PASSTHROUGH a tcp_proxy chain per VirtualService `tls[]` SNI match;
 * AUTO_PASSTHROUGH a chain per mesh service port (SNI `outbound_.<port>_.<subset>_.<host>`); TCP and
 * terminated TLS servers the first bound VirtualService `tcp[]` route. A port without chains gets no listener.
 */
import { hostCovers } from "../../model/hosts.js";
import { labelsMatch } from "../../model/mesh-model.js";
import type { FilterChainIR, HttpTerminalIR, ListenerIR, RouteConfigIR, TcpTerminalIR } from "../ir.js";
import { hcmStatPrefix, listenerName, outboundClusterName, sniName } from "../names.js";
import { destinationRule, type IrContext } from "./context.js";
import { qualifyGateway } from "./http-route.js";
import { boundVirtualServices, gatewayRouteConfig, intersectHosts, type RouteCache } from "./gateway-routes.js";
import type { ListenerPlan, PlannedServer } from "./gateway-servers.js";
import { gatewayServerTls } from "./gateway-tls.js";
import { routeEnv } from "./routes.js";

type Obj = Record<string, any>;

/** ALPNs of Istio mTLS clients an AUTO_PASSTHROUGH chain accepts. */
export const AUTO_PASSTHROUGH_ALPN = ["istio", "istio-peer-exchange", "istio-http/1.0", "istio-http/1.1", "istio-h2"];

export interface GatewayListenersOutput {
  listeners: ListenerIR[];
  routeConfigs: RouteConfigIR[];
  /** SNI-DNAT clusters wanted by AUTO_PASSTHROUGH chains: DNS-SRV name → the outbound cluster it copies. */
  sniDnat: Map<string, string>;
}

function httpTerminal(ctx: IrContext, statPrefix: string, rds: string): HttpTerminalIR {
  const topology = (ctx.index.model.meshConfig.defaultConfig as Obj | undefined)?.gatewayTopology as Obj | undefined;
  return {
    kind: "http",
    direction: "outbound",
    statPrefix,
    rds,
    serverName: "istio-envoy",
    gateway: { xffNumTrustedHops: typeof topology?.numTrustedProxies === "number" ? topology.numTrustedProxies : 0, forwardClientCertDetails: typeof topology?.forwardClientCertDetails === "string" ? (topology.forwardClientCertDetails as "SANITIZE_SET") : "SANITIZE_SET" },
  };
}

function tcpTerminal(statPrefix: string, dests: { name: string; weight: number }[]): TcpTerminalIR {
  if (dests.length === 1) return { kind: "tcp", statPrefix: dests[0]!.name, cluster: dests[0]!.name };
  return { kind: "tcp", statPrefix, weightedClusters: dests };
}

/** Whether a tls[]/tcp[] match applies to a server of this gateway. */
function l4MatchApplies(ctx: IrContext, m: Obj, server: PlannedServer, vsNamespace: string): boolean {
  if (typeof m.port === "number" && m.port !== server.serverPort) return false;
  if (m.sourceLabels && !labelsMatch(m.sourceLabels, ctx.proxy.labels)) return false;
  if (Array.isArray(m.gateways) && m.gateways.length > 0 && !(m.gateways as string[]).some((g) => qualifyGateway(g, vsNamespace) === server.gatewayKey)) return false;
  return true;
}

function destinations(ctx: IrContext, server: PlannedServer, vsNamespace: string, route: Obj[]): { name: string; weight: number }[] {
  const env = routeEnv(ctx, server.serverPort, server.gatewayKey);
  return route.map((d) => ({ name: env.destination(d.destination?.host ?? "", vsNamespace, d.destination?.port?.number, d.destination?.subset).cluster, weight: d.weight ?? 100 }));
}

/** Filters of a TCP (or terminated TLS) server: the first bound VirtualService tcp[] route that applies. */
function tcpRoute(ctx: IrContext, server: PlannedServer): TcpTerminalIR | undefined {
  for (const vs of boundVirtualServices(ctx, server.gatewayKey)) {
    if (intersectHosts(server.hosts, vs).length === 0) continue;
    for (const t of (vs.spec.tcp ?? []) as Obj[]) {
      const ms = (t.match ?? []) as Obj[];
      if (ms.length > 0 && !ms.some((m) => l4MatchApplies(ctx, m, server, vs.namespace))) continue;
      const dests = destinations(ctx, server, vs.namespace, (t.route ?? []) as Obj[]);
      if (dests.length > 0) return tcpTerminal(`${vs.name}.${vs.namespace}`, dests);
    }
  }
  return undefined;
}

/** PASSTHROUGH: one chain per VirtualService tls[] match (SNI already taken on the port: skipped). */
function passthroughChains(ctx: IrContext, server: PlannedServer, usedSni: Set<string>): FilterChainIR[] {
  const chains: FilterChainIR[] = [];
  for (const vs of boundVirtualServices(ctx, server.gatewayKey)) {
    if (intersectHosts(server.hosts, vs).length === 0) continue;
    for (const t of (vs.spec.tls ?? []) as Obj[]) {
      for (const m of (t.match ?? []) as Obj[]) {
        if (!l4MatchApplies(ctx, m, server, vs.namespace)) continue;
        const sni = ((m.sniHosts ?? []) as string[]).filter((h) => server.hosts.some((s) => hostCovers(s.host, h) || hostCovers(h, s.host)) && !usedSni.has(h));
        if (sni.length === 0) continue;
        const dests = destinations(ctx, server, vs.namespace, (t.route ?? []) as Obj[]);
        if (dests.length === 0) continue;
        for (const h of sni) usedSni.add(h);
        chains.push({ name: "", match: { serverNames: sni }, terminal: tcpTerminal(`${vs.name}.${vs.namespace}`, dests) });
      }
    }
  }
  return chains;
}

/** AUTO_PASSTHROUGH: one chain per mesh-internal service port and subset the server hosts cover. */
function autoPassthroughChains(ctx: IrContext, server: PlannedServer, sniDnat: Map<string, string>): FilterChainIR[] {
  const chains: FilterChainIR[] = [];
  for (const svc of ctx.scope.services) {
    if (svc.external || svc.resolution === "Alias" || !server.hosts.some((h) => hostCovers(h.host, svc.host))) continue;
    const dr = destinationRule(ctx, svc.host, svc.namespace);
    for (const p of svc.ports) {
      if (p.protocol === "UDP") continue;
      for (const subset of [undefined, ...(dr?.subsets ?? []).map((s) => s.name)]) {
        const name = sniName(p.port, subset, svc.host);
        sniDnat.set(name, outboundClusterName(p.port, subset, svc.host));
        chains.push({ name: "", match: { serverNames: [name], applicationProtocols: AUTO_PASSTHROUGH_ALPN }, terminal: { kind: "tcp", statPrefix: name, cluster: name } });
      }
    }
  }
  return chains;
}

function serverNames(server: PlannedServer): string[] | undefined {
  const names = [...new Set(server.hosts.map((h) => h.host))].sort();
  return names.length === 0 || names.includes("*") ? undefined : names;
}

function tlsServerChains(ctx: IrContext, server: PlannedServer, usedSni: Set<string>, sniDnat: Map<string, string>): FilterChainIR[] {
  const mode = server.tlsMode ?? "SIMPLE";
  if (mode === "PASSTHROUGH") return passthroughChains(ctx, server, usedSni);
  if (mode === "AUTO_PASSTHROUGH") return autoPassthroughChains(ctx, server, sniDnat);
  const http = server.protocol === "HTTPS";
  const tls = gatewayServerTls(ctx, server, http);
  if (!tls) return [];
  const names = serverNames(server);
  const match = names ? { serverNames: names } : {};
  if (http) {
    const stat = typeof server.spec.name === "string" && server.spec.name !== "" ? server.spec.name : hcmStatPrefix("outbound", "0.0.0.0", server.listenerPort);
    return [{ name: "", match, tls, terminal: httpTerminal(ctx, stat, server.routeName!) }];
  }
  const terminal = tcpRoute(ctx, server);
  if (!terminal) return [];
  return [{ name: "", match, tls, ...(mode === "ISTIO_MUTUAL" ? { metadataExchange: true } : {}), terminal }];
}

/** Listeners and route configurations of the planned ports. */
export function gatewayListeners(ctx: IrContext, plans: readonly ListenerPlan[]): GatewayListenersOutput {
  const out: GatewayListenersOutput = { listeners: [], routeConfigs: [], sniDnat: new Map() };
  const cache: RouteCache = new Map();
  const routeNames = new Set<string>();
  const wantRoutes = (name: string, servers: PlannedServer[]) => {
    if (routeNames.has(name)) return;
    routeNames.add(name);
    out.routeConfigs.push(gatewayRouteConfig(ctx, name, servers, cache));
  };
  for (const plan of plans) {
    const chains: FilterChainIR[] = [];
    if (plan.kind === "http") {
      const rds = plan.servers[0]!.routeName!;
      chains.push({ name: "", match: {}, terminal: httpTerminal(ctx, hcmStatPrefix("outbound", "0.0.0.0", plan.port), rds) });
      wantRoutes(rds, plan.servers);
    } else if (plan.kind === "tls") {
      const usedSni = new Set<string>();
      for (const server of plan.servers) {
        const made = tlsServerChains(ctx, server, usedSni, out.sniDnat);
        chains.push(...made);
        if (server.routeName && made.some((c) => c.terminal.kind === "http")) wantRoutes(server.routeName, plan.servers.filter((s) => s.routeName === server.routeName));
      }
    } else {
      const terminal = tcpRoute(ctx, plan.servers[0]!);
      if (terminal) chains.push({ name: "", match: {}, terminal });
    }
    if (chains.length === 0) continue;
    const inspect = chains.some((c) => c.match.serverNames !== undefined || c.match.applicationProtocols !== undefined || c.tls !== undefined);
    out.listeners.push({ name: listenerName("0.0.0.0", plan.port), address: "0.0.0.0", port: plan.port, direction: "outbound", bindToPort: true, listenerFilters: inspect ? [{ kind: "tls_inspector" }] : [], chains });
  }
  return out;
}
