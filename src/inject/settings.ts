/**
 * Effective injection settings (inject.md 5, 7): mesh config, injector values, templates, revision
 * and native-sidecar choice, built from the TEXT of the files the caller loaded. No I/O here.
 */
import { InputError } from "../errors.js";
import { defaultMeshConfig, defaultValues } from "./defaults.js";
import type { Json, JsonObject } from "./k8s-codec.js";
import { mergeProxyConfig } from "./proxy-config.js";
import { parseYamlDocument, toPlain, YamlInputError } from "./yaml-input.js";

/** A named injection template: one of ours (built in) or Go text/template source. */
export type TemplateSource = { kind: "builtin"; name: string } | { kind: "go"; text: string };

export interface InjectSettings {
  meshConfig: JsonObject;
  values: JsonObject;
  templates: Record<string, TemplateSource>;
  /** Control-plane revision; "" means default. */
  revision: string;
  /** Whether the "cluster" supports native sidecars (proxy as an init container). */
  nativeSidecars: boolean;
  /** istioctl's COMPLIANCE_POLICY, e.g. "fips-140-3". */
  compliancePolicy: string;
}

export interface SettingsInput {
  /** MeshConfig YAML (the `mesh` key of the istio ConfigMap / --meshConfigFile). */
  meshConfig?: string;
  /** Injector values, YAML or JSON (--valuesFile / ConfigMap `values`). */
  values?: string;
  /** --injectConfigFile text: an injection config with `templates:`, or a bare sidecar template. */
  injectConfig?: string;
  /** --operatorFileName text: an IstioOperator; overrides meshConfig and values. */
  operator?: string;
  /** Extra named Go templates added to (or replacing) the built-in set. */
  extraTemplates?: Record<string, string>;
  revision?: string;
  nativeSidecars?: boolean;
  compliancePolicy?: string;
}

export const BUILTIN_TEMPLATE_NAMES = ["sidecar", "gateway", "grpc-simple", "grpc-agent"] as const;

function isObj(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseMap(text: string, what: string): JsonObject {
  let v: unknown;
  try {
    v = toPlain(parseYamlDocument(text));
  } catch (e) {
    const msg = e instanceof YamlInputError ? e.message : String(e);
    throw new InputError(`${what}: cannot parse: ${msg}`);
  }
  if (v === null) return {};
  if (!isObj(v)) throw new InputError(`${what}: expected a mapping at the top level`);
  return v;
}

/** Deep merge of plain maps; `over` wins, maps merge recursively, everything else is replaced. */
export function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObj(b) && isObj(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** Applies a MeshConfig over the defaults with Istio's merge rules (inject.md 5.1). */
export function applyMeshConfig(base: JsonObject, mesh: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(mesh)) {
    if (k === "defaultConfig" && isObj(v)) {
      out.defaultConfig = mergeProxyConfig(isObj(out.defaultConfig) ? out.defaultConfig : {}, v, "meshConfig.defaultConfig");
    } else if (k === "extensionProviders" && Array.isArray(v)) {
      const list = Array.isArray(out.extensionProviders) ? [...out.extensionProviders] : [];
      for (const p of v) {
        const i = list.findIndex((x) => isObj(x) && isObj(p) && x.name === p.name);
        if (i >= 0) list[i] = p;
        else list.push(p);
      }
      out.extensionProviders = list;
    } else if (k === "defaultProviders" && isObj(v)) {
      out.defaultProviders = { ...(isObj(out.defaultProviders) ? out.defaultProviders : {}), ...v };
    } else {
      out[k] = v as Json;
    }
  }
  return out;
}

function parseTemplates(text: string): Record<string, TemplateSource> {
  let cfg: unknown;
  try {
    cfg = toPlain(parseYamlDocument(text));
  } catch {
    cfg = undefined;
  }
  if (isObj(cfg) && isObj(cfg.templates) && Object.keys(cfg.templates).length > 0) {
    const out: Record<string, TemplateSource> = {};
    for (const [name, body] of Object.entries(cfg.templates)) {
      if (typeof body !== "string") throw new InputError(`injectConfigFile: template "${name}" must be a string`);
      out[name] = { kind: "go", text: body };
    }
    return out;
  }
  return { sidecar: { kind: "go", text } };
}

/** Builds the effective settings. Throws InputError for unparsable files. */
export function buildSettings(input: SettingsInput = {}): InjectSettings {
  let mesh = defaultMeshConfig();
  let values = defaultValues();
  if (input.operator !== undefined) {
    const iop = parseMap(input.operator, "operatorFileName");
    const spec = isObj(iop.spec) ? iop.spec : {};
    if (isObj(spec.meshConfig)) mesh = applyMeshConfig(mesh, spec.meshConfig);
    if (isObj(spec.values)) values = deepMerge(values, spec.values);
  } else {
    if (input.meshConfig !== undefined) mesh = applyMeshConfig(mesh, parseMap(input.meshConfig, "meshConfigFile"));
    if (input.values !== undefined) values = deepMerge(values, parseMap(input.values, "valuesFile"));
  }
  let templates: Record<string, TemplateSource>;
  if (input.injectConfig !== undefined) {
    templates = parseTemplates(input.injectConfig);
  } else {
    templates = {};
    for (const name of BUILTIN_TEMPLATE_NAMES) templates[name] = { kind: "builtin", name };
    const sw = values.sidecarInjectorWebhook;
    if (isObj(sw) && isObj(sw.templates)) {
      for (const [name, body] of Object.entries(sw.templates)) {
        if (typeof body === "string") templates[name] = { kind: "go", text: body };
      }
    }
  }
  for (const [name, body] of Object.entries(input.extraTemplates ?? {})) templates[name] = { kind: "go", text: body };
  const revision = input.revision === "default" ? "" : (input.revision ?? "");
  return {
    meshConfig: mesh,
    values,
    templates,
    revision,
    nativeSidecars: input.nativeSidecars ?? false,
    compliancePolicy: input.compliancePolicy ?? "",
  };
}
