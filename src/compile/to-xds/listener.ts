/** IR listeners → Envoy Listener (mechanical): chains, matches, TLS, listener filters. */
import { anyOf, ENVOY_TYPES, TrafficDirection, unpackAny, type AccessLog, type Filter, type FilterChain, type Listener, type ListenerFilter, type TcpProxy } from "../envoy/index.js";
import type { ListenerFilterChainMatchPredicate } from "../../gen/envoy/envoy/config/listener/v3/listener_components.js";
import type { FilterChainIR, ListenerFilterIR, ListenerIR } from "../ir.js";
import { durationOf } from "./duration.js";
import { httpConnectionManager } from "./filters/http-connection-manager.js";
import { networkMetadataExchange, statsNetworkFilter } from "./filters/istio.js";
import { tcpProxy } from "./filters/tcp-proxy.js";
import { downstreamTlsSocket } from "./tls.js";
import type { XdsOptions } from "./xds-options.js";

function portsPredicate(ports: number[]): ListenerFilterChainMatchPredicate {
  const one = (p: number): ListenerFilterChainMatchPredicate => ({ destinationPortRange: { start: p, end: p + 1 } });
  return ports.length === 1 ? one(ports[0]!) : { orMatch: { rules: ports.map(one) } };
}

function listenerFilter(f: ListenerFilterIR): ListenerFilter {
  const typed = f.kind === "original_dst" ? anyOf(ENVOY_TYPES.originalDst, {}) : f.kind === "tls_inspector" ? anyOf(ENVOY_TYPES.tlsInspector, {}) : anyOf(ENVOY_TYPES.httpInspector, {});
  const out: ListenerFilter = { name: `envoy.filters.listener.${f.kind}`, typedConfig: typed };
  if (f.disabledPorts && f.disabledPorts.length > 0) out.filterDisabled = portsPredicate(f.disabledPorts);
  if (f.onlyPorts && f.onlyPorts.length > 0) out.filterDisabled = { notMatch: portsPredicate(f.onlyPorts) };
  return out;
}

function cidr(text: string) {
  const [address, len] = text.split("/");
  return { addressPrefix: address!, prefixLen: Number(len ?? (address!.includes(":") ? 128 : 32)) };
}

export function filterChainOf(c: FilterChainIR, o: XdsOptions, direction: "inbound" | "outbound"): FilterChain {
  const m = c.match;
  const chain: FilterChain = { filters: [] };
  if (c.name) chain.name = c.name;
  const match: NonNullable<FilterChain["filterChainMatch"]> = {};
  if (m.destinationPort !== undefined) match.destinationPort = m.destinationPort;
  if (m.prefixRanges) match.prefixRanges = m.prefixRanges.map(cidr);
  if (m.serverNames) match.serverNames = m.serverNames;
  if (m.transportProtocol) match.transportProtocol = m.transportProtocol;
  if (m.applicationProtocols) match.applicationProtocols = m.applicationProtocols;
  if (Object.keys(match).length > 0) chain.filterChainMatch = match;
  if (c.tls) chain.transportSocket = downstreamTlsSocket(c.tls);
  const istio = o.flavor === "istio";
  if (istio && o.metadataExchange && c.metadataExchange) chain.filters!.push(networkMetadataExchange());
  if (c.terminal.kind === "http") chain.filters!.push(httpConnectionManager(c.terminal, o));
  else {
    // Inbound TCP chains and gateway TCP chains (TLS passthrough, TCP servers, AUTO_PASSTHROUGH):
    // network authz before stats and tcp_proxy (the blackhole chain has none).
    const blackhole = c.terminal.cluster === "BlackHoleCluster";
    if (o.security && (direction === "inbound" || o.router === true) && !blackhole) chain.filters!.push(...o.security.network);
    if (istio && o.stats) chain.filters!.push(statsNetworkFilter(direction));
    const proxy = tcpProxy(c.terminal);
    const logs = blackhole ? undefined : o.telemetry?.[direction]?.tcpAccessLogs;
    chain.filters!.push(logs && logs.length > 0 ? withAccessLog(proxy, logs) : proxy);
  }
  return chain;
}

function withAccessLog(f: Filter, logs: AccessLog[]): Filter {
  const msg = unpackAny(f.typedConfig!, ENVOY_TYPES.tcpProxy) as TcpProxy;
  return { ...f, typedConfig: anyOf(ENVOY_TYPES.tcpProxy, { ...msg, accessLog: logs }) };
}

export function listenerOf(l: ListenerIR, o: XdsOptions): Listener {
  const out: Listener = {
    name: l.name,
    address: { socketAddress: { address: l.address, portValue: l.port } },
    filterChains: l.chains.map((c) => filterChainOf(c, o, l.direction)),
    trafficDirection: l.direction === "inbound" ? TrafficDirection.INBOUND : TrafficDirection.OUTBOUND,
  };
  if (l.defaultChain) out.defaultFilterChain = filterChainOf(l.defaultChain, o, l.direction);
  if (l.listenerFilters.length > 0) out.listenerFilters = l.listenerFilters.map(listenerFilter);
  if (l.listenerFiltersTimeout !== undefined || l.listenerFilters.length > 0) {
    out.listenerFiltersTimeout = durationOf(l.listenerFiltersTimeout ?? "0s");
    out.continueOnListenerFiltersTimeout = true;
  }
  if (!l.bindToPort) out.bindToPort = false;
  if (l.useOriginalDst) out.useOriginalDst = true;
  return out;
}
