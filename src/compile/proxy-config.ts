/**
 * The effective istio.mesh.v1alpha1.ProxyConfig of a workload, as the proxy's agent ends up using it,
 * in protobuf-JSON form (camelCase names, durations as "2s", enums by name).
 *
 * Layers, lowest first (each later layer replaces the fields it sets; `proxyMetadata` merges by key):
 *   1. Istio's built-in proxy-config defaults,
 *   2. mesh config `defaultConfig`,
 *   3. the ProxyConfig resource without selector in the root namespace,
 *   4. the ProxyConfig resource without selector in the workload's namespace,
 *   5. the first ProxyConfig resource in the workload's namespace whose `selector.matchLabels` all
 *      match the workload's labels,
 *   6. the pod's `proxy.istio.io/config` annotation (YAML or JSON).
 * At each of 3–5 the first matching resource wins (creationTimestamp order, then load order), as
 * istiod orders them. istiod's injector ranks 5 above 6, but the agent applies the annotation again
 * over what the injector wrote, so for fields both set the annotation is what the bootstrap shows.
 * ProxyConfig resources carry only `concurrency`, `environmentVariables` (→ proxyMetadata) and `image`.
 */
import { PROXY_CONFIG_DEFAULTS, PROXY_CONFIG_FIELDS, type ProxyConfigFieldKind } from "../model/proxy-config-fields.js";
import { load } from "js-yaml";
import { InputError } from "../errors.js";
import type { MeshConfig } from "../model/mesh-config.js";
import type { MeshModel, Resource, Workload } from "../model/mesh-model.js";
import { labelsMatch } from "../model/mesh-model.js";

/** A ProxyConfig in protobuf-JSON form. Only the fields meshc reads are typed; the rest pass through. */
export interface ProxyConfig {
  configPath?: string;
  binaryPath?: string;
  serviceCluster?: string;
  tracingServiceName?: "APP_LABEL_AND_NAMESPACE" | "CANONICAL_NAME_ONLY" | "CANONICAL_NAME_AND_NAMESPACE";
  drainDuration?: string;
  discoveryAddress?: string;
  statsdUdpAddress?: string;
  proxyAdminPort?: number;
  controlPlaneAuthPolicy?: string;
  customConfigFile?: string;
  statNameLength?: number;
  concurrency?: number;
  interceptionMode?: "REDIRECT" | "TPROXY" | "NONE";
  tracing?: ProxyTracing;
  envoyAccessLogService?: RemoteService;
  envoyMetricsService?: RemoteService;
  proxyMetadata?: Record<string, string>;
  runtimeValues?: Record<string, string>;
  statusPort?: number;
  extraStatTags?: string[];
  terminationDrainDuration?: string;
  meshId?: string;
  proxyStatsMatcher?: { inclusionPrefixes?: string[]; inclusionSuffixes?: string[]; inclusionRegexps?: string[] };
  [field: string]: unknown;
}

export interface ProxyTracing {
  zipkin?: { address?: string };
  datadog?: { address?: string };
  lightstep?: Record<string, unknown>;
  stackdriver?: Record<string, unknown>;
  openCensusAgent?: Record<string, unknown>;
  tlsSettings?: TlsSettings;
  [field: string]: unknown;
}

export interface RemoteService {
  address?: string;
  tlsSettings?: TlsSettings;
  tcpKeepalive?: Record<string, unknown>;
}

export interface TlsSettings {
  mode?: "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL";
  clientCertificate?: string;
  privateKey?: string;
  caCertificates?: string;
  sni?: string;
  subjectAltNames?: string[];
  [field: string]: unknown;
}

type Kind = ProxyConfigFieldKind;

const KINDS = new Map<string, Kind>(PROXY_CONFIG_FIELDS);

/** Enum names, the proto zero value first. */
const ENUM_NAMES: Record<string, readonly string[]> = {
  tracingServiceName: ["APP_LABEL_AND_NAMESPACE", "CANONICAL_NAME_ONLY", "CANONICAL_NAME_AND_NAMESPACE"],
  controlPlaneAuthPolicy: ["NONE", "MUTUAL_TLS", "INHERIT"],
  interceptionMode: ["REDIRECT", "TPROXY", "NONE"],
  statsCompression: ["NONE", "GZIP", "BROTLI", "ZSTD"],
};

/** Istio's built-in proxy-config defaults (what istiod and the agent start from). */
export function defaultProxyConfig(): ProxyConfig {
  return { ...PROXY_CONFIG_DEFAULTS };
}

const snakeToCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** camelCases the keys of a nested message (proto JSON accepts both spellings). */
function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [snakeToCamel(k), camelKeys(x)]));
}

const DURATION_UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Nanoseconds of a Go ("1m30s") or protobuf-JSON ("90.5s") duration; undefined if malformed. */
export function parseDurationNs(text: string): number | undefined {
  if (text === "0") return 0;
  const body = text.startsWith("-") ? text.slice(1) : text;
  if (!/^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.test(body)) return undefined;
  let total = 0;
  for (const m of body.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * DURATION_UNITS_NS[m[2]!]!;
  return Math.round(text.startsWith("-") ? -total : total);
}

/** protobuf-JSON duration text: "2s", "0.250s". */
export function formatDuration(ns: number): string {
  const sign = ns < 0 ? "-" : "";
  const abs = Math.abs(ns);
  const frac = abs % 1e9;
  const digits = frac === 0 ? "" : "." + String(frac).padStart(9, "0").replace(/(?:000)+$/, "");
  return `${sign}${Math.floor(abs / 1e9)}${digits}s`;
}

/**
 * Checks and normalises one ProxyConfig written by a user (annotation, mesh config, test input):
 * snake_case or camelCase names, durations in Go or proto form, enums by name or number. Throws an
 * InputError prefixed with `where` for an unknown field (unless ignoreUnknown: Istio tolerates
 * removed fields in mesh config) or a value of the wrong type.
 */
export function normalizeProxyConfig(raw: Record<string, unknown>, where: string, options: { ignoreUnknown?: boolean } = {}): ProxyConfig {
  const out: ProxyConfig = {};
  const fail = (msg: string): never => {
    throw new InputError(`${where}: ${msg}`);
  };
  for (const [written, value] of Object.entries(raw)) {
    const key = KINDS.has(written) ? written : snakeToCamel(written);
    const kind = KINDS.get(key);
    if (kind === undefined) {
      if (options.ignoreUnknown) continue;
      fail(`unknown ProxyConfig field "${written}"`);
    }
    if (value === null || value === undefined) continue;
    switch (kind) {
      case "string":
        if (typeof value !== "string") fail(`${key}: expected a string, got ${JSON.stringify(value)}`);
        out[key] = value;
        break;
      case "int":
        if (typeof value !== "number" || !Number.isInteger(value)) fail(`${key}: expected an integer, got ${JSON.stringify(value)}`);
        out[key] = value;
        break;
      case "enum": {
        const names = ENUM_NAMES[key]!;
        const name = typeof value === "number" ? names[value] : value;
        if (typeof name !== "string" || !names.includes(name)) fail(`${key}: expected one of ${names.join(", ")}, got ${JSON.stringify(value)}`);
        out[key] = name;
        break;
      }
      case "duration": {
        const ns = typeof value === "string" ? parseDurationNs(value) : undefined;
        if (ns === undefined) fail(`${key}: expected a duration such as "5s", got ${JSON.stringify(value)}`);
        out[key] = formatDuration(ns!);
        break;
      }
      case "wrapper":
        if (key === "concurrency" && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) fail(`concurrency: expected a non-negative integer, got ${JSON.stringify(value)}`);
        if (key === "holdApplicationUntilProxyStarts" && typeof value !== "boolean") fail(`${key}: expected true or false, got ${JSON.stringify(value)}`);
        out[key] = value;
        break;
      case "message":
        if (!isObject(value)) fail(`${key}: expected a mapping, got ${JSON.stringify(value)}`);
        out[key] = camelKeys(value);
        break;
      case "map":
        if (!isObject(value)) fail(`${key}: expected a mapping of strings, got ${JSON.stringify(value)}`);
        out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : String(v)]));
        break;
      case "list":
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) fail(`${key}: expected a list of strings, got ${JSON.stringify(value)}`);
        out[key] = [...(value as string[])];
        break;
    }
  }
  return out;
}

/** `over` applied onto `base`: set fields replace, `proxyMetadata` merges key by key, the cluster-name oneof stays single. */
export function mergeProxyConfig(base: ProxyConfig, over: ProxyConfig): ProxyConfig {
  const out: ProxyConfig = { ...base, ...over };
  if (over.proxyMetadata !== undefined) out.proxyMetadata = { ...(base.proxyMetadata ?? {}), ...over.proxyMetadata };
  if (over.tracingServiceName !== undefined && over.serviceCluster === undefined) delete out.serviceCluster;
  if (over.serviceCluster !== undefined && over.tracingServiceName === undefined) delete out.tracingServiceName;
  return out;
}

/** Parses a `proxy.istio.io/config` annotation (YAML or JSON ProxyConfig). `owner` names the workload in errors. */
export function parseProxyConfigAnnotation(text: string, owner: string): ProxyConfig {
  const where = `${owner}: annotation proxy.istio.io/config`;
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (e) {
    throw new InputError(`${where}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isObject(parsed)) throw new InputError(`${where}: expected a mapping of ProxyConfig fields, got ${JSON.stringify(parsed)}`);
  return normalizeProxyConfig(parsed, where);
}

/** The ProxyConfig carried by a `networking.istio.io` ProxyConfig resource. */
function fromResource(res: Resource): ProxyConfig {
  const spec = (res.object.spec ?? {}) as { concurrency?: unknown; environmentVariables?: unknown; image?: unknown };
  const raw: Record<string, unknown> = {};
  if (spec.concurrency !== undefined) raw.concurrency = spec.concurrency;
  if (spec.environmentVariables !== undefined) raw.proxyMetadata = spec.environmentVariables;
  if (spec.image !== undefined) raw.image = spec.image;
  return normalizeProxyConfig(raw, `ProxyConfig ${res.namespace ?? ""}/${res.name}`);
}

function selectorOf(res: Resource): Record<string, string> | undefined {
  return ((res.object.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
}

/** ProxyConfig resources of a namespace, oldest first (creationTimestamp, then load order). */
function byAge(resources: readonly Resource[]): Resource[] {
  const stamp = (r: Resource) => String(r.object.metadata.creationTimestamp ?? "");
  return resources.map((r, i) => ({ r, i })).sort((a, b) => (stamp(a.r) < stamp(b.r) ? -1 : stamp(a.r) > stamp(b.r) ? 1 : a.i - b.i)).map((x) => x.r);
}

/** What resolveProxyConfig used, for explanations (`meshc bootstrap` prints nothing of it yet). */
export interface ProxyConfigSources {
  root?: Resource;
  namespace?: Resource;
  workload?: Resource;
  annotation: boolean;
}

/** The effective proxy config of a workload (see the file comment for the layering). */
export function resolveProxyConfig(model: MeshModel, workload: Workload): { proxyConfig: ProxyConfig; sources: ProxyConfigSources } {
  const mesh: MeshConfig = model.meshConfig;
  let pc = mergeProxyConfig(defaultProxyConfig(), normalizeProxyConfig(mesh.defaultConfig ?? {}, "mesh config defaultConfig", { ignoreUnknown: true }));
  const sources: ProxyConfigSources = { annotation: false };
  const root = mesh.rootNamespace;
  const unselected = (ns: string) => byAge(model.listInNamespace("ProxyConfig", ns)).find((r) => Object.keys(selectorOf(r) ?? {}).length === 0);
  sources.root = unselected(root);
  if (sources.root) pc = mergeProxyConfig(pc, fromResource(sources.root));
  if (workload.namespace !== root) {
    sources.namespace = unselected(workload.namespace);
    if (sources.namespace) pc = mergeProxyConfig(pc, fromResource(sources.namespace));
  }
  sources.workload = byAge(model.listInNamespace("ProxyConfig", workload.namespace)).find((r) => {
    const sel = selectorOf(r);
    return sel !== undefined && Object.keys(sel).length > 0 && labelsMatch(sel, workload.labels);
  });
  if (sources.workload) pc = mergeProxyConfig(pc, fromResource(sources.workload));
  const annotation = workload.annotations["proxy.istio.io/config"];
  if (annotation !== undefined) {
    pc = mergeProxyConfig(pc, parseProxyConfigAnnotation(annotation, `${workload.kind} ${workload.namespace}/${workload.name}`));
    sources.annotation = true;
  }
  return { proxyConfig: pc, sources };
}

/**
 * The ProxyConfig as protobuf JSON prints it (the `PROXY_CONFIG` node metadata): fields at their
 * proto zero value ("", 0, the first enum name, empty lists and maps) are left out; messages,
 * wrappers and durations print whenever set.
 */
export function proxyConfigProtoJson(pc: ProxyConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pc)) {
    if (value === undefined || value === null) continue;
    const kind = KINDS.get(key);
    if (kind === "string" && value === "") continue;
    if (kind === "int" && value === 0) continue;
    if (kind === "enum" && value === ENUM_NAMES[key]![0]) continue;
    if (kind === "list" && Array.isArray(value) && value.length === 0) continue;
    if (kind === "map" && isObject(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}
