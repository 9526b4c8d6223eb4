/** `proxy-config listeners`: istioctl's listener table (ADDRESSES PORT MATCH DESTINATION) and filter. */
import type { FilterChain, FilterChainMatch, HttpConnectionManager, Listener, Route, RouteConfiguration, RouteMatch, TcpProxy } from "../../compile/envoy/index.js";
import { anyTypeName, unpackAny } from "../../compile/envoy/index.js";
import { renderTable } from "./proxy-config-table.js";

const HCM = "envoy.filters.network.http_connection_manager";
const TCP_PROXY = "envoy.filters.network.tcp_proxy";

export interface ListenerFilter {
  address?: string;
  port?: number;
  /** HTTP, TCP, HTTP+TCP or UNKNOWN (case-insensitive). */
  type?: string;
}

function address(l: Listener): string {
  return l.address?.socketAddress?.address ?? l.address?.pipe?.path ?? "";
}

function addresses(l: Listener): string[] {
  return [address(l), ...(l.additionalAddresses ?? []).map((a) => a.address?.socketAddress?.address ?? "")];
}

function port(l: Listener): number {
  return l.address?.socketAddress?.portValue ?? 0;
}

function chains(l: Listener): FilterChain[] {
  return [...(l.filterChains ?? []), ...(l.defaultFilterChain === undefined ? [] : [l.defaultFilterChain])];
}

function hcmOf(chain: FilterChain): HttpConnectionManager | undefined {
  const f = (chain.filters ?? []).find((x) => x.name === HCM);
  return f?.typedConfig !== undefined && anyTypeName(f.typedConfig).endsWith(".HttpConnectionManager") ? unpackAny(f.typedConfig, "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager") : undefined;
}

function tcpOf(chain: FilterChain): TcpProxy | undefined {
  const f = (chain.filters ?? []).find((x) => x.name === TCP_PROXY);
  return f?.typedConfig !== undefined && anyTypeName(f.typedConfig).endsWith(".TcpProxy") ? unpackAny(f.typedConfig, "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy") : undefined;
}

/** HTTP | TCP | HTTP+TCP | UNKNOWN (TCP proxies to BlackHoleCluster do not count), as istioctl. */
export function listenerType(l: Listener): string {
  let http = 0;
  let tcp = 0;
  for (const chain of chains(l)) {
    for (const f of chain.filters ?? []) {
      if (f.name === HCM) http++;
      else if (f.name === TCP_PROXY && tcpOf(chain)?.cluster !== "BlackHoleCluster") tcp++;
    }
  }
  if (http > 0) return tcp === 0 ? "HTTP" : "HTTP+TCP";
  return tcp > 0 ? "TCP" : "UNKNOWN";
}

export function listenerMatches(l: Listener, f: ListenerFilter): boolean {
  if (f.address !== undefined && f.address !== "" && !addresses(l).some((a) => a.toLowerCase() === f.address!.toLowerCase())) return false;
  if (f.port !== undefined && f.port !== 0 && port(l) !== f.port) return false;
  if (f.type !== undefined && f.type !== "" && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false;
  return true;
}

const ALPN_NAMES: Array<[string, string[]]> = [
  ["App: HTTP TLS", ["http/1.0", "http/1.1", "h2c", "istio-http/1.0", "istio-http/1.1", "istio-h2"]],
  ["App: Istio HTTP Plain", ["istio", "istio-http/1.0", "istio-http/1.1", "istio-h2"]],
  ["App: TCP TLS", ["istio-peer-exchange", "istio"]],
  ["App: HTTP", ["http/1.0", "http/1.1", "h2c"]],
];

/** The MATCH column: SNI, transport, ALPN and address conditions of a chain, or ALL. */
export function describeChainMatch(m: FilterChainMatch | undefined): string {
  const out: string[] = [];
  const match = m ?? {};
  if ((match.serverNames ?? []).length > 0) out.push(`SNI: ${match.serverNames!.join(",")}`);
  if ((match.transportProtocol ?? "") !== "") out.push(`Trans: ${match.transportProtocol}`);
  const alpn = match.applicationProtocols ?? [];
  if (alpn.length > 0) {
    const known = ALPN_NAMES.find(([, list]) => list.length === alpn.length && list.every((p, i) => p === alpn[i]));
    out.push(known !== undefined ? known[0] : `App: ${alpn.join(",")}`);
  }
  const p = match.destinationPort === undefined ? "" : `:${match.destinationPort}`;
  if ((match.prefixRanges ?? []).length > 0) out.push(`Addr: ${match.prefixRanges!.map((r) => `${r.addressPrefix ?? ""}/${r.prefixLen ?? 0}`).join(",")}${p}`);
  else if (p !== "") out.push(`Addr: *${p}`);
  return out.length === 0 ? "ALL" : out.join("; ");
}

function describeRouteMatch(r: Route[] | undefined): string {
  return (r ?? []).map((x) => describePathMatch(x.match)).join(", ");
}

/** A route's path condition as istioctl prints it: "/prefix*", "/exact", "regex ...", "PathPrefix:/p". */
export function describePathMatch(m: RouteMatch | undefined): string {
  const out: string[] = [];
  if ((m?.prefix ?? "") !== "") out.push(`${m!.prefix}*`);
  if ((m?.pathSeparatedPrefix ?? "") !== "") out.push(`PathPrefix:${m!.pathSeparatedPrefix}`);
  if ((m?.path ?? "") !== "") out.push(m!.path!);
  if (m?.safeRegex !== undefined) out.push(`regex ${m.safeRegex.regex ?? ""}`);
  return out.join(" ");
}

function describeInlineRoutes(rc: RouteConfiguration): string {
  const vhosts = rc.virtualHosts ?? [];
  if (vhosts.length === 1) {
    const vh = vhosts[0]!;
    const only = vh.routes?.length === 1 ? vh.routes[0]! : undefined;
    if (vh.domains?.length === 1 && vh.domains[0] === "*" && only?.match?.prefix === "/" && only.route?.cluster !== undefined) {
      return only.route.cluster.includes("Cluster") ? only.route.cluster : `Cluster: ${only.route.cluster}`;
    }
  }
  const parts = vhosts.map((vh) => {
    const domains = vh.domains?.length === 1 && vh.domains[0] === "*" ? "" : (vh.domains ?? []).join("/");
    const routes = describeRouteMatch(vh.routes);
    return domains === "" ? routes : `${domains} ${routes}`;
  });
  return `Inline Route: ${parts.join("; ")}`;
}

/** The DESTINATION column: route configuration, inline routes, or TCP cluster of a chain. */
export function describeChainDestination(chain: FilterChain): string {
  for (const f of chain.filters ?? []) {
    if (f.name === HCM) {
      const hcm = hcmOf(chain);
      if (hcm?.routeConfig !== undefined) return describeInlineRoutes(hcm.routeConfig);
      if ((hcm?.rds?.routeConfigName ?? "") !== "") return `Route: ${hcm!.rds!.routeConfigName}`;
      return "HTTP";
    }
    if (f.name === TCP_PROXY) {
      const cluster = tcpOf(chain)?.cluster ?? "";
      if (cluster === "BlackHoleCluster") continue;
      return cluster.includes("Cluster") ? cluster : `Cluster: ${cluster}`;
    }
  }
  return "Non-HTTP/Non-TCP";
}

/** istioctl's order: port, address, type. */
export function sortListeners(listeners: readonly Listener[]): Listener[] {
  return [...listeners].sort((a, b) => port(a) - port(b) || cmp(address(a), address(b)) || cmp(listenerType(a), listenerType(b)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The table: one row per filter chain (`verbose`, the default) or per listener (ADDRESSES PORT TYPE). */
export function renderListenerTable(listeners: readonly Listener[], verbose = true): string {
  const rows: string[][] = [];
  for (const l of sortListeners(listeners)) {
    const addr = addresses(l).join(",");
    if (!verbose) {
      rows.push([addr, String(port(l)), listenerType(l)]);
      continue;
    }
    const matches = chains(l).map((c) => ({ match: describeChainMatch(c.filterChainMatch), destination: describeChainDestination(c) }));
    matches.sort((x, y) => cmp(y.destination, x.destination));
    for (const m of matches) rows.push([addr, String(port(l)), m.match, m.destination]);
  }
  return renderTable(verbose ? ["ADDRESSES", "PORT", "MATCH", "DESTINATION"] : ["ADDRESSES", "PORT", "TYPE"], rows, 1);
}
