/** The TCP proxy at the end of TCP chains. */
import { anyOf, ENVOY_TYPES, type Filter, type TcpProxy } from "../../envoy/index.js";
import type { TcpTerminalIR } from "../../ir.js";
import { durationOf } from "../duration.js";

export function tcpProxy(t: TcpTerminalIR): Filter {
  const msg: TcpProxy = { statPrefix: t.statPrefix };
  if (t.weightedClusters && t.weightedClusters.length > 1) msg.weightedClusters = { clusters: t.weightedClusters.map((c) => ({ name: c.name, weight: c.weight })) };
  else msg.cluster = t.cluster ?? t.weightedClusters?.[0]?.name ?? "";
  if (t.idleTimeout) msg.idleTimeout = durationOf(t.idleTimeout);
  if (t.maxConnectionDuration) msg.maxDownstreamConnectionDuration = durationOf(t.maxConnectionDuration);
  return { name: "envoy.filters.network.tcp_proxy", typedConfig: anyOf(ENVOY_TYPES.tcpProxy, msg) };
}
