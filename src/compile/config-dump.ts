/**
 * Envoy admin config dumps (`/config_dump`, what `istioctl proxy-config … -f` reads) ⇄ typed
 * objects. A dump is parsed strictly with the generated types, then split into the resources of
 * one proxy (ProxyConfig): bootstrap, listeners, route configurations, clusters, endpoints and
 * secrets. ProxyConfig is what `meshc proxy-config` and `meshc simulate` print and run on, whatever
 * produced it: a dump file here, or (later) the compiler for a workload (proxyConfigFromXds).
 *
 * Flavor: "auto" (the default) parses with the istio flavor, a superset of stock Envoy, because
 * dumps from istio-proxy carry istio-only extensions (istio.stats, metadata exchange...). "stock"
 * rejects those with a message naming the place; "istio" is the same as "auto".
 */
import { load as loadYaml } from "js-yaml";
import { InputError } from "../errors.js";
import type { Bootstrap, Cluster, ClusterLoadAssignment, ConfigDump, Listener, RouteConfiguration, Secret } from "./envoy/index.js";
import { ENVOY_TYPES, anyOf, anyTypeName, fromEnvoyJson, unpackAny, type Any, type Flavor } from "./envoy/index.js";
import type { XdsSnapshot } from "./simulate/types.js";
import type { SecretsConfigDump } from "../gen/envoy/envoy/admin/v3/config_dump.js";

export type DumpFlavor = Flavor | "auto";

export type SecretState = "ACTIVE" | "WARMING" | "STATIC";

export interface SecretEntry {
  name: string;
  state: SecretState;
  /** Absent for a warming secret that has not arrived yet. */
  secret?: Secret;
  lastUpdated?: string;
}

/** The resources of one proxy, as typed objects. */
export interface ProxyConfig {
  bootstrap?: Bootstrap;
  /** Static listeners first, then dynamic ones in their active state (warming ones when not active yet). */
  listeners: Listener[];
  routes: RouteConfiguration[];
  clusters: Cluster[];
  endpoints: ClusterLoadAssignment[];
  secrets: SecretEntry[];
  /** The flavor needed to print these objects back as JSON. */
  flavor: Flavor;
}

const DUMP_TYPES = new Set<string>([
  ENVOY_TYPES.bootstrapConfigDump,
  ENVOY_TYPES.listenersConfigDump,
  ENVOY_TYPES.clustersConfigDump,
  ENVOY_TYPES.routesConfigDump,
  ENVOY_TYPES.scopedRoutesConfigDump,
  ENVOY_TYPES.endpointsConfigDump,
  ENVOY_TYPES.secretsConfigDump,
  "envoy.admin.v3.EcdsConfigDump",
]);

/**
 * Reads a config dump from text: JSON (Envoy's admin output), or the same as YAML. Accepts the
 * full `{"configs": [...]}` dump, a single `{"@type": "...ConfigDump", ...}` section, or a bare
 * bootstrap dump `{"bootstrap": {...}}`. Throws InputError naming `source`.
 */
export function parseConfigDumpText(text: string, source: string, flavor: DumpFlavor = "auto"): ConfigDump {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (jsonError) {
    try {
      json = loadYaml(text, { json: true });
    } catch {
      throw new InputError(`not a JSON (or YAML) config dump: ${(jsonError as Error).message}`, { file: source });
    }
  }
  try {
    return parseConfigDump(json, flavor);
  } catch (e) {
    if (e instanceof InputError && e.location === undefined) throw new InputError(e.message, { file: source }, { cause: e, hint: e.hint ?? flavorHint(e.message, flavor) });
    throw e;
  }
}

function flavorHint(message: string, flavor: DumpFlavor): string | undefined {
  return flavor === "stock" && /needs flavor "istio"/.test(message) ? "the dump comes from istio-proxy: use --flavor istio (or auto)" : undefined;
}

/** Parses a config dump JSON value strictly (see parseConfigDumpText for the accepted shapes). */
export function parseConfigDump(json: unknown, flavor: DumpFlavor = "auto"): ConfigDump {
  const f: Flavor = flavor === "stock" ? "stock" : "istio";
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new InputError("a config dump must be a JSON object");
  const record = json as Record<string, unknown>;
  if ("configs" in record) return fromEnvoyJson(ENVOY_TYPES.configDump, json, { flavor: f });
  const type = typeof record["@type"] === "string" ? (record["@type"] as string).slice((record["@type"] as string).lastIndexOf("/") + 1) : undefined;
  if (type !== undefined && DUMP_TYPES.has(type)) return fromEnvoyJson(ENVOY_TYPES.configDump, { configs: [json] }, { flavor: f });
  if (type === undefined && "bootstrap" in record) {
    const section = fromEnvoyJson(ENVOY_TYPES.bootstrapConfigDump, json, { flavor: f });
    return { configs: [anyOf(ENVOY_TYPES.bootstrapConfigDump, section)] };
  }
  throw new InputError(`not an Envoy config dump: expected {"configs": [...]}${type === undefined ? "" : `, found a ${type}`}`);
}

function unpack<K extends keyof typeof ENVOY_TYPES>(any: Any | undefined, key: K) {
  return any === undefined ? undefined : unpackAny(any, ENVOY_TYPES[key]);
}

function timestamp(t: { seconds?: number; nanos?: number } | undefined): string | undefined {
  if (t === undefined) return undefined;
  return new Date((t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

/** Splits a parsed dump into typed resources. */
export function extractProxyConfig(dump: ConfigDump, flavor: Flavor = "istio"): ProxyConfig {
  const out: ProxyConfig = { listeners: [], routes: [], clusters: [], endpoints: [], secrets: [], flavor };
  for (const section of dump.configs ?? []) {
    switch (anyTypeName(section)) {
      case ENVOY_TYPES.bootstrapConfigDump: {
        const b = unpackAny(section, ENVOY_TYPES.bootstrapConfigDump).bootstrap;
        if (b !== undefined) out.bootstrap = b;
        break;
      }
      case ENVOY_TYPES.listenersConfigDump: {
        const d = unpackAny(section, ENVOY_TYPES.listenersConfigDump);
        for (const s of d.staticListeners ?? []) push(out.listeners, unpack(s.listener, "listener"));
        for (const l of d.dynamicListeners ?? []) push(out.listeners, unpack(l.activeState?.listener ?? l.warmingState?.listener, "listener"));
        break;
      }
      case ENVOY_TYPES.routesConfigDump: {
        const d = unpackAny(section, ENVOY_TYPES.routesConfigDump);
        for (const r of d.dynamicRouteConfigs ?? []) push(out.routes, unpack(r.routeConfig, "routeConfiguration"));
        for (const r of d.staticRouteConfigs ?? []) push(out.routes, unpack(r.routeConfig, "routeConfiguration"));
        break;
      }
      case ENVOY_TYPES.clustersConfigDump: {
        const d = unpackAny(section, ENVOY_TYPES.clustersConfigDump);
        for (const c of d.dynamicActiveClusters ?? []) push(out.clusters, unpack(c.cluster, "cluster"));
        for (const c of d.staticClusters ?? []) push(out.clusters, unpack(c.cluster, "cluster"));
        break;
      }
      case ENVOY_TYPES.endpointsConfigDump: {
        const d = unpackAny(section, ENVOY_TYPES.endpointsConfigDump);
        for (const e of d.dynamicEndpointConfigs ?? []) push(out.endpoints, unpack(e.endpointConfig, "clusterLoadAssignment"));
        for (const e of d.staticEndpointConfigs ?? []) push(out.endpoints, unpack(e.endpointConfig, "clusterLoadAssignment"));
        break;
      }
      case ENVOY_TYPES.secretsConfigDump: {
        const d = unpackAny(section, ENVOY_TYPES.secretsConfigDump);
        const add = (name: string | undefined, state: SecretState, any: Any | undefined, updated: { seconds?: number; nanos?: number } | undefined) => {
          const entry: SecretEntry = { name: name ?? "", state };
          const secret = unpack(any, "secret");
          if (secret !== undefined) entry.secret = secret;
          const when = timestamp(updated);
          if (when !== undefined) entry.lastUpdated = when;
          out.secrets.push(entry);
        };
        for (const s of d.staticSecrets ?? []) add(s.name, "STATIC", s.secret, s.lastUpdated);
        for (const s of d.dynamicWarmingSecrets ?? []) add(s.name, "WARMING", s.secret, s.lastUpdated);
        for (const s of d.dynamicActiveSecrets ?? []) add(s.name, "ACTIVE", s.secret, s.lastUpdated);
        break;
      }
      default:
        break; // scoped routes, ECDS: not used by proxy-config or the simulator
    }
  }
  return out;
}

function push<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

/** Reads a dump file's text into a ProxyConfig. */
export function readProxyConfig(text: string, source: string, flavor: DumpFlavor = "auto"): ProxyConfig {
  return extractProxyConfig(parseConfigDumpText(text, source, flavor), flavor === "stock" ? "stock" : "istio");
}

/** The simulator's input from a ProxyConfig. */
export function toXdsSnapshot(pc: ProxyConfig): XdsSnapshot {
  return { listeners: pc.listeners, routes: pc.routes, clusters: pc.clusters, endpoints: pc.endpoints };
}

/**
 * A ProxyConfig from compiled resources (for the compiler's "proxy-config <workload> [paths]"
 * input): every resource dynamic and active.
 */
export function proxyConfigFromXds(xds: XdsSnapshot, extra: { bootstrap?: Bootstrap; secrets?: Secret[]; flavor?: Flavor } = {}): ProxyConfig {
  const pc: ProxyConfig = {
    listeners: xds.listeners,
    routes: xds.routes,
    clusters: xds.clusters,
    endpoints: xds.endpoints ?? [],
    secrets: (extra.secrets ?? []).map((s) => ({ name: s.name ?? "", state: "ACTIVE" as const, secret: s })),
    flavor: extra.flavor ?? "stock",
  };
  if (extra.bootstrap !== undefined) pc.bootstrap = extra.bootstrap;
  return pc;
}

/** The ProxyConfig as an Envoy admin ConfigDump (resources dynamic, in Envoy's section order). */
export function toConfigDump(pc: ProxyConfig): ConfigDump {
  const configs: Any[] = [];
  if (pc.bootstrap !== undefined) configs.push(anyOf(ENVOY_TYPES.bootstrapConfigDump, { bootstrap: pc.bootstrap }));
  configs.push(anyOf(ENVOY_TYPES.clustersConfigDump, { dynamicActiveClusters: pc.clusters.map((c) => ({ cluster: anyOf(ENVOY_TYPES.cluster, c) })) }));
  configs.push(anyOf(ENVOY_TYPES.endpointsConfigDump, { dynamicEndpointConfigs: pc.endpoints.map((e) => ({ endpointConfig: anyOf(ENVOY_TYPES.clusterLoadAssignment, e) })) }));
  configs.push(anyOf(ENVOY_TYPES.listenersConfigDump, { dynamicListeners: pc.listeners.map((l) => ({ name: l.name ?? "", activeState: { listener: anyOf(ENVOY_TYPES.listener, l) } })) }));
  configs.push(anyOf(ENVOY_TYPES.routesConfigDump, { dynamicRouteConfigs: pc.routes.map((r) => ({ routeConfig: anyOf(ENVOY_TYPES.routeConfiguration, r) })) }));
  configs.push(anyOf(ENVOY_TYPES.secretsConfigDump, secretsConfigDump(pc.secrets)));
  return { configs };
}

/** Secret entries as an Envoy SecretsConfigDump. */
export function secretsConfigDump(secrets: readonly SecretEntry[]): SecretsConfigDump {
  const entry = (s: SecretEntry) => ({ name: s.name, ...(s.secret === undefined ? {} : { secret: anyOf(ENVOY_TYPES.secret, s.secret) }) });
  return {
    staticSecrets: secrets.filter((s) => s.state === "STATIC").map(entry),
    dynamicActiveSecrets: secrets.filter((s) => s.state === "ACTIVE").map(entry),
    dynamicWarmingSecrets: secrets.filter((s) => s.state === "WARMING").map(entry),
  };
}
