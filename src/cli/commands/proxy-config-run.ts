/** The body of `meshc proxy-config`, loaded only when the command runs. */
import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { readProxyConfig, secretsConfigDump, toConfigDump, type ProxyConfig } from "../../compile/config-dump.js";
import { ENVOY_TYPES, toEnvoyJson } from "../../compile/envoy/index.js";
import { EXIT_CODES, InputError, UsageError } from "../../errors.js";
import type { Io } from "../io.js";
import { renderData } from "../reporters/diagnostics-data.js";
import { renderBootstrapSummary } from "../reporters/proxy-config-bootstrap.js";
import { clusterNameMatches, compareClusterNames, renderClusterTable, type ClusterFilter } from "../reporters/proxy-config-clusters.js";
import { filterEndpoints, renderEndpointTable, type EndpointFilter } from "../reporters/proxy-config-endpoints.js";
import { listenerMatches, renderListenerTable, sortListeners, type ListenerFilter } from "../reporters/proxy-config-listeners.js";
import { renderRouteTable, routeConfigMatches, sortRouteConfigs, type RouteFilter } from "../reporters/proxy-config-routes.js";
import { renderSecretTable, summarizeSecrets } from "../reporters/proxy-config-secrets.js";
import type { CompileResult } from "../../compile/compile.js";
import type { ProxyConfigFlags, ProxyConfigType, ProxySourceFlags } from "./proxy-config.js";

/**
 * The input adapter shared by proxy-config and simulate: a ProxyConfig from a config dump (-f), or
 * — once the compiler exists — from compiling `paths` for `workload` (proxyConfigFromXds).
 */
export async function loadProxyConfig(workload: string | undefined, paths: readonly string[], flags: ProxySourceFlags, io: Io, onCompiled?: (r: CompileResult) => void): Promise<ProxyConfig> {
  if (flags.file !== undefined) {
    if (paths.length > 0) throw new UsageError("give either -f <config_dump> or YAML paths to compile, not both");
    const source = flags.file === "-" ? "<stdin>" : flags.file;
    let text: string;
    try {
      text = flags.file === "-" ? new TextDecoder().decode(await io.readStdin()) : await readFile(isAbsolute(flags.file) ? flags.file : join(io.cwd, flags.file), "utf8");
    } catch (e) {
      throw new InputError(`cannot read the config dump: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`, { file: source });
    }
    return readProxyConfig(text, source, flags.flavor);
  }
  if (workload === undefined) throw new UsageError("no input: give -f <config_dump.json>", { hint: "meshc proxy-config listeners -f config_dump.json" });
  if (paths.length === 0) throw new UsageError(`no input for ${workload}: give YAML paths to compile, or -f <config_dump.json>`, { hint: `meshc proxy-config listeners ${workload} manifests/` });
  const { compileWorkload, loadModel, toProxyConfig } = await import("./compile-run.js");
  const { findWorkload } = await import("./bootstrap-run.js");
  const model = await loadModel(paths, {}, io);
  const flavor = flags.flavor === "istio" ? "istio" : "stock";
  const compiled = compileWorkload(model, findWorkload(model, workload), flavor);
  onCompiled?.(compiled);
  return toProxyConfig(compiled, flavor);
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be a port number (1-65535), not "${text}"`);
  return n;
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now must be a date and time (ISO 8601), not "${text}"`);
  return d;
}

interface Section {
  /** Table text for -o short. */
  table(): string;
  /** Data for -o json/yaml. */
  data(): unknown;
  /** How many resources of this kind the config holds (before filtering). */
  total: number;
  noun: string;
}

function sections(pc: ProxyConfig, flags: ProxyConfigFlags): Record<Exclude<ProxyConfigType, "all">, Section> {
  const port = parsePort(flags.port);
  const opts = { flavor: pc.flavor };
  const lf: ListenerFilter = { address: flags.address, port, type: flags.type };
  const rf: RouteFilter = { name: flags.name };
  const cf: ClusterFilter = { fqdn: flags.fqdn, port, subset: flags.subset, direction: flags.direction };
  const ef: EndpointFilter = { address: flags.address, port, cluster: flags.cluster, status: flags.status };
  const listeners = () => sortListeners(pc.listeners.filter((l) => listenerMatches(l, lf)));
  const routes = () => sortRouteConfigs(pc.routes.filter((r) => routeConfigMatches(r, rf)));
  const clusters = () => pc.clusters.filter((c) => clusterNameMatches(c.name ?? "", cf)).sort((a, b) => compareClusterNames(a.name ?? "", b.name ?? ""));
  const now = () => parseNow(flags.now);
  return {
    listeners: { noun: "listeners", total: pc.listeners.length, table: () => renderListenerTable(listeners(), !flags.brief), data: () => listeners().map((l) => toEnvoyJson(ENVOY_TYPES.listener, l, opts)) },
    routes: { noun: "route configurations", total: pc.routes.length, table: () => renderRouteTable(routes(), !flags.brief), data: () => routes().map((r) => toEnvoyJson(ENVOY_TYPES.routeConfiguration, r, opts)) },
    clusters: { noun: "clusters", total: pc.clusters.length, table: () => renderClusterTable(clusters()), data: () => clusters().map((c) => toEnvoyJson(ENVOY_TYPES.cluster, c, opts)) },
    endpoints: { noun: "endpoints", total: pc.endpoints.length, table: () => renderEndpointTable(filterEndpoints(pc.endpoints, ef)), data: () => filterEndpoints(pc.endpoints, ef).map((e) => toEnvoyJson(ENVOY_TYPES.clusterLoadAssignment, e, opts)) },
    secrets: { noun: "secrets", total: pc.secrets.length, table: () => renderSecretTable(summarizeSecrets(pc.secrets, now())), data: () => toEnvoyJson(ENVOY_TYPES.secretsConfigDump, secretsConfigDump(pc.secrets), opts) },
    bootstrap: { noun: "bootstrap", total: pc.bootstrap === undefined ? 0 : 1, table: () => renderBootstrapSummary(pc.bootstrap), data: () => toEnvoyJson(ENVOY_TYPES.bootstrapConfigDump, { bootstrap: pc.bootstrap! }, opts) },
  };
}

export async function runProxyConfig(type: ProxyConfigType, workload: string | undefined, paths: string[], flags: ProxyConfigFlags, io: Io): Promise<number> {
  const pc = await loadProxyConfig(workload, paths, flags, io);
  const all = sections(pc, flags);
  if (type === "all") {
    if (flags.output !== "short") {
      io.stdout.write(await renderData(toEnvoyJson(ENVOY_TYPES.configDump, toConfigDump(pc), { flavor: pc.flavor }), flags.output));
      return EXIT_CODES.ok;
    }
    const parts = (["clusters", "listeners", "routes", "endpoints", "secrets"] as const).filter((k) => all[k].total > 0).map((k) => all[k].table());
    io.stdout.write(parts.join("\n"));
    return EXIT_CODES.ok;
  }
  const section = all[type];
  if (section.total === 0) throw new InputError(`no ${section.noun} found in the config dump`, flags.file === undefined ? undefined : { file: flags.file === "-" ? "<stdin>" : flags.file });
  io.stdout.write(flags.output === "short" ? section.table() : await renderData(section.data(), flags.output));
  return EXIT_CODES.ok;
}
