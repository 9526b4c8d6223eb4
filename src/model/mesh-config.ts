/**
 * Mesh config: Istio's defaults (the values istiod uses when the `istio` ConfigMap says nothing),
 * overlaid with a user's --meshConfigFile the way Istio applies it (maps merge, lists and scalars replace).
 */
import { PROXY_CONFIG_DEFAULTS } from "./proxy-config-fields.js";
import { InputError } from "../errors.js";
import { parseSourceText } from "../sources/documents.js";
import { load } from "js-yaml";

export interface MeshConfig {
  trustDomain: string;
  rootNamespace: string;
  ingressService: string;
  ingressSelector: string;
  ingressControllerMode: string;
  enableAutoMtls: boolean;
  outboundTrafficPolicy: { mode: "ALLOW_ANY" | "REGISTRY_ONLY" };
  defaultServiceExportTo: string[];
  defaultVirtualServiceExportTo: string[];
  defaultDestinationRuleExportTo: string[];
  accessLogFile: string;
  accessLogEncoding: string;
  enableTracing: boolean;
  extensionProviders: Record<string, unknown>[];
  defaultProviders: Record<string, unknown>;
  defaultConfig: Record<string, unknown> & { proxyMetadata?: Record<string, string> };
  [key: string]: unknown;
}

export function defaultMeshConfig(): MeshConfig {
  return {
    trustDomain: "cluster.local",
    rootNamespace: "istio-system",
    ingressService: "istio-ingressgateway",
    ingressSelector: "ingressgateway",
    ingressControllerMode: "STRICT",
    enableAutoMtls: true,
    outboundTrafficPolicy: { mode: "ALLOW_ANY" },
    defaultServiceExportTo: ["*"],
    defaultVirtualServiceExportTo: ["*"],
    defaultDestinationRuleExportTo: ["*"],
    accessLogFile: "",
    accessLogEncoding: "TEXT",
    enableTracing: true,
    extensionProviders: [
      { name: "prometheus", prometheus: {} },
      { name: "stackdriver", stackdriver: {} },
      { name: "envoy", envoyFileAccessLog: { path: "/dev/stdout" } },
    ],
    defaultProviders: { metrics: ["prometheus"] },
    defaultConfig: {
      ...PROXY_CONFIG_DEFAULTS,
      tracing: { zipkin: { address: "zipkin.istio-system:9411" } },
      proxyMetadata: {},
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Overlay `over` on `base`: nested maps merge, everything else replaces. */
export function overlay<T extends Record<string, unknown>>(base: T, over: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? overlay(out[k] as Record<string, unknown>, v) : v;
  }
  return out as T;
}

/**
 * Read a mesh config file: plain MeshConfig YAML (as in the `mesh` key of the `istio` ConfigMap),
 * or the ConfigMap itself (its data.mesh is used).
 */
export function parseMeshConfig(name: string, text: string): MeshConfig {
  let value: unknown;
  try {
    value = load(text);
  } catch (e) {
    const r = parseSourceText(name, text);
    const d = r.diagnostics[0];
    throw new InputError(`mesh config ${name}: ${d?.message ?? (e as Error).message}`, d?.origin ? { file: name, line: d.origin.line, column: d.origin.column } : { file: name });
  }
  if (value === undefined || value === null) return defaultMeshConfig();
  if (!isPlainObject(value)) throw new InputError(`mesh config ${name}: expected a mapping of mesh settings`, { file: name });
  if (value.kind === "ConfigMap" && isPlainObject(value.data)) {
    const mesh = value.data.mesh;
    if (typeof mesh !== "string") throw new InputError(`mesh config ${name}: the ConfigMap has no data.mesh`, { file: name });
    return parseMeshConfig(`${name} (data.mesh)`, mesh);
  }
  return applyMeshConfig(defaultMeshConfig(), value);
}

/**
 * Istio's way of applying a mesh config over another: fields replace, `defaultConfig` and
 * `defaultProviders` merge, and `extensionProviders` merge by name (same name replaces, new ones append).
 */
export function applyMeshConfig(base: MeshConfig, over: Record<string, unknown>): MeshConfig {
  const { extensionProviders, ...rest } = over;
  const merged = overlay(base, rest);
  if (Array.isArray(extensionProviders)) {
    const list = [...base.extensionProviders];
    for (const p of extensionProviders as Record<string, unknown>[]) {
      const i = list.findIndex((q) => q.name === p?.name);
      if (i >= 0) list[i] = p;
      else list.push(p);
    }
    merged.extensionProviders = list;
  }
  return merged;
}
