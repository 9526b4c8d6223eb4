/** README steps 1–3: pick the listener, apply its listener filters, pick the filter chain. */
import type { FilterChain, FilterChainMatch, Listener, ListenerFilter } from "../envoy/index.js";
import { anyTypeName } from "../envoy/index.js";
import type { ListenerFilterChainMatchPredicate } from "../../gen/envoy/envoy/config/listener/v3/listener_components.js";
import { cidrMatchLength } from "./cidr.js";
import type { SimulatedCall, SimulationErrorCode } from "./types.js";

export const VIRTUAL_INBOUND = "virtualInbound";
export const VIRTUAL_OUTBOUND = "virtualOutbound";
export const TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";
export const HTTP_INSPECTOR = "envoy.filters.listener.http_inspector";
const INSPECTOR_TYPES: Record<string, string> = {
  [TLS_INSPECTOR]: "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector",
  [HTTP_INSPECTOR]: "envoy.extensions.filters.listener.http_inspector.v3.HttpInspector",
};

/** The listener's bind address and port ("" and 0 for pipes and internal listeners). */
export function listenerAddress(listener: Listener): { address: string; port: number } {
  const sock = listener.address?.socketAddress;
  return { address: sock?.address ?? listener.address?.pipe?.path ?? "", port: sock?.portValue ?? 0 };
}

function bindsTo(listener: Listener, address: string, port: number): boolean {
  const all = [listener.address, ...(listener.additionalAddresses ?? []).map((a) => a.address)];
  return all.some((a) => a?.socketAddress !== undefined && (a.socketAddress.address ?? "") === address && (a.socketAddress.portValue ?? 0) === port);
}

/** Step 1. */
export function selectListener(listeners: Listener[], call: SimulatedCall): Listener | undefined {
  if (call.callMode === "inbound") return listeners.find((l) => l.name === VIRTUAL_INBOUND);
  return (
    listeners.find((l) => bindsTo(l, call.address, call.port)) ??
    listeners.find((l) => bindsTo(l, "0.0.0.0", call.port)) ??
    listeners.find((l) => l.name === VIRTUAL_OUTBOUND)
  );
}

/** Whether a listener filter predicate (filter_disabled) matches a connection to `port`. */
export function evaluatePredicate(p: ListenerFilterChainMatchPredicate, port: number): boolean {
  if (p.orMatch !== undefined) return (p.orMatch.rules ?? []).some((r) => evaluatePredicate(r, port));
  if (p.andMatch !== undefined) return (p.andMatch.rules ?? []).every((r) => evaluatePredicate(r, port));
  if (p.notMatch !== undefined) return !evaluatePredicate(p.notMatch, port);
  if (p.anyMatch === true) return true;
  if (p.destinationPortRange !== undefined) {
    const { start = 0, end = 0 } = p.destinationPortRange;
    return port >= start && port < end;
  }
  return false;
}

function isFilter(f: ListenerFilter, name: string): boolean {
  return f.name === name || (f.typedConfig !== undefined && anyTypeName(f.typedConfig) === INSPECTOR_TYPES[name]);
}

/** Step 2: is the listener filter present and not disabled for this port? */
export function hasListenerFilterOnPort(listener: Listener, name: string, port: number): boolean {
  const filter = (listener.listenerFilters ?? []).find((f) => isFilter(f, name));
  if (filter === undefined) return false;
  return filter.filterDisabled === undefined || !evaluatePredicate(filter.filterDisabled, port);
}

/** One narrowing step: is the field set on a match, and how well does the call match it (undefined = no match; higher = better). */
interface Step {
  field: string;
  isSet(m: FilterChainMatch): boolean;
  score(m: FilterChainMatch): number | undefined;
}

/** Server-name specificity: exact beats any wildcard, a longer wildcard beats a shorter one. */
export function serverNameScore(sni: string, pattern: string): number | undefined {
  const name = sni.toLowerCase();
  const p = pattern.toLowerCase();
  if (name === "") return undefined;
  if (p === name) return Number.MAX_SAFE_INTEGER;
  if (p.startsWith("*.") && name.length > p.length - 1 && name.endsWith(p.slice(1))) return p.length;
  return undefined;
}

function steps(call: SimulatedCall, hasTlsInspector: boolean): Step[] {
  const best = (values: Array<number | undefined>): number | undefined => {
    const found = values.filter((v): v is number => v !== undefined);
    return found.length === 0 ? undefined : Math.max(...found);
  };
  return [
    {
      field: "destination_port",
      isSet: (m) => m.destinationPort !== undefined,
      score: (m) => (m.destinationPort === call.port ? 1 : undefined),
    },
    {
      field: "prefix_ranges",
      isSet: (m) => (m.prefixRanges ?? []).length > 0,
      score: (m) => best((m.prefixRanges ?? []).map((r) => cidrMatchLength(call.address, r.addressPrefix ?? "", r.prefixLen ?? 0))),
    },
    {
      field: "server_names",
      isSet: (m) => (m.serverNames ?? []).length > 0,
      score: (m) => best((m.serverNames ?? []).map((s) => serverNameScore(call.sni, s))),
    },
    {
      field: "transport_protocol",
      isSet: (m) => (m.transportProtocol ?? "") !== "",
      score: (m) => {
        const detected = !hasTlsInspector || call.tls === "plaintext" ? "raw_buffer" : "tls";
        return m.transportProtocol === detected ? 1 : undefined;
      },
    },
    {
      field: "application_protocols",
      isSet: (m) => (m.applicationProtocols ?? []).length > 0,
      score: (m) => (call.alpn !== "" && (m.applicationProtocols ?? []).includes(call.alpn) ? 1 : undefined),
    },
  ];
}

export interface ChainSelection {
  chain?: FilterChain;
  /** Index in filter_chains; -1 for the default filter chain or none. */
  index: number;
  isDefault: boolean;
  error?: SimulationErrorCode;
  detail?: string;
  /** Names (or indexes) of the chains left when more than one survived. */
  candidates?: string[];
}

/** Step 3: Envoy's filter-chain sieve, without the source-based fields. */
export function selectFilterChain(listener: Listener, call: SimulatedCall, hasTlsInspector: boolean): ChainSelection {
  const all = listener.filterChains ?? [];
  let chains = all.map((chain, index) => ({ chain, index, match: chain.filterChainMatch ?? {} }));
  for (const step of steps(call, hasTlsInspector)) {
    if (!chains.some((c) => step.isSet(c.match))) continue;
    const scored = chains.map((c) => ({ c, s: step.score(c.match) })).filter((x) => x.s !== undefined);
    if (scored.length > 0) {
      const top = Math.max(...scored.map((x) => x.s!));
      chains = scored.filter((x) => x.s === top).map((x) => x.c);
    } else {
      chains = chains.filter((c) => !step.isSet(c.match));
    }
  }
  if (chains.length > 1) {
    return {
      index: -1,
      isDefault: false,
      error: "multiple_filter_chains",
      detail: `${chains.length} filter chains of listener ${listener.name ?? ""} match equally well`,
      candidates: chains.map((c) => c.chain.name || `#${c.index}`),
    };
  }
  if (chains.length === 1) return { chain: chains[0]!.chain, index: chains[0]!.index, isDefault: false };
  if (listener.defaultFilterChain !== undefined) return { chain: listener.defaultFilterChain, index: -1, isDefault: true };
  return { index: -1, isDefault: false, error: "no_filter_chain", detail: `no filter chain of listener ${listener.name ?? ""} matches and it has no default filter chain` };
}
