/**
 * kube-inject entry point: manifest text in, manifest text out (inject.md 1). Pure: settings come
 * in as data, warnings and per-workload reports come back as values; bad input throws InputError
 * and nothing is written (all or nothing).
 */
import { InputError } from "../errors.js";
import { CodecError, encodeStruct, plainJson, type Json, type JsonObject } from "./k8s-codec.js";
import { makePatch, type PatchFormat } from "./patch.js";
import { injectPod } from "./pod-inject.js";
import { applyProxyConfigAnnotation } from "./proxy-config.js";
import { checkTemplates } from "./render.js";
import { stripForReinjection } from "./reinject.js";
import type { InjectSettings } from "./settings.js";
import { annotationsOf, isObj, text } from "./template-data.js";
import { identities, injectionDisabled, locatePod, WORKLOAD_TYPES } from "./workloads.js";
import { loadDocuments, splitDocuments, YamlInputError, type YValue } from "./yaml-input.js";
import { YamlEmitter } from "./yaml-emit.js";

export interface InjectOptions {
  /** Re-inject workloads that already carry `sidecar.istio.io/status`, replacing the old injection cleanly. */
  force?: boolean;
  /**
   * What to do with an already injected workload when not forced: "skip" (default: leave it as it
   * is, with a warning) or "istio" (istioctl's behaviour: merge a new injection onto the old one).
   */
  alreadyInjected?: "skip" | "istio";
  /** Overrides settings.nativeSidecars. */
  nativeSidecars?: boolean;
  /** Emit, per workload, a patch instead of the whole object. */
  patch?: PatchFormat;
}

export type WorkloadAction = "injected" | "skipped" | "passthrough";

export interface WorkloadReport {
  /** 1-based document index in the input stream. */
  document: number;
  /** Index inside a List, when the workload is a List item. */
  item?: number;
  kind: string;
  name: string;
  namespace: string;
  action: WorkloadAction;
  /** Why it was skipped / passed through. */
  reason?: string;
  /** The patch (patch mode only). */
  patch?: Json;
}

export interface InjectResult {
  output: string;
  warnings: string[];
  reports: WorkloadReport[];
}

interface Ctx {
  settings: InjectSettings;
  options: InjectOptions;
  warnings: string[];
  reports: WorkloadReport[];
  /** One emitter for the run: what it learns about strings carries over between documents. */
  yaml: YamlEmitter;
  /** proxy.istio.io/config annotation text → the proxy config it gives (over this run's mesh default). */
  proxyConfigs: Map<string, JsonObject>;
}

function describeDoc(doc: number, item: number | undefined, kind: string, name: string): string {
  return `document ${doc}${item !== undefined ? ` item ${item}` : ""} (${kind}${name ? ` "${name}"` : ""})`;
}

function skipWarning(kind: string, ns: string, name: string, why: string): string {
  return `===> Skipping injection because${kind ? ` ${kind}` : ""} "${ns ? `${ns}/` : ""}${name}" ${why}`;
}

/** Injects one decoded workload object (Go-JSON form). */
function injectWorkload(workload: JsonObject, kind: string, ctx: Ctx, doc: number, item?: number): JsonObject {
  const md = isObj(workload.metadata) ? workload.metadata : {};
  const where = describeDoc(doc, item, kind, text(md.name));
  const loc = locatePod(workload, kind, where);
  const ids = identities(workload, kind);
  const report: WorkloadReport = { document: doc, kind, name: text(md.name), namespace: text(md.namespace), action: "injected" };
  if (item !== undefined) report.item = item;
  ctx.reports.push(report);
  const podName = text(loc.meta.name) || ids.deploymentMeta.name;
  const skip = (why: string, reason: string): JsonObject => {
    ctx.warnings.push(skipWarning(ids.typeMeta.kind, ids.deploymentMeta.namespace, podName, why));
    report.action = "skipped";
    report.reason = reason;
    return workload;
  };
  if (loc.spec.hostNetwork === true) return skip("has host networking enabled", "hostNetwork");
  const mesh = ctx.settings.meshConfig;
  let proxyConfig = isObj(mesh.defaultConfig) ? mesh.defaultConfig : {};
  const ann = annotationsOf(loc.meta);
  const pcText = ann["proxy.istio.io/config"];
  if (pcText !== undefined) {
    // Workloads often share one annotation text; its merge over the (per-run) mesh default is reused.
    let merged = ctx.proxyConfigs.get(pcText);
    if (!merged) ctx.proxyConfigs.set(pcText, (merged = applyProxyConfigAnnotation(proxyConfig, pcText, where)));
    proxyConfig = merged;
  }
  if (injectionDisabled(loc.meta)) return skip("has sidecar injection disabled", "injection disabled");
  let meta = loc.meta;
  let spec = loc.spec;
  if (ann["sidecar.istio.io/status"] !== undefined) {
    if (ctx.options.force) {
      ({ meta, spec } = stripForReinjection(meta, spec, where));
    } else if ((ctx.options.alreadyInjected ?? "skip") === "skip") {
      return skip("is already injected (use force to re-inject)", "already injected");
    }
  }
  const injected = injectPod(
    { meta, spec, deploymentMeta: ids.deploymentMeta, typeMeta: ids.typeMeta, proxyConfig, where },
    ctx.settings,
  );
  return loc.put(injected.meta, injected.spec);
}

/**
 * Writes a workload. `original` and `result` are in Go-JSON form already (decoding and every pod
 * edit end in encodeStruct, and encoding is idempotent), so they are not encoded again.
 */
function emit(original: JsonObject, result: JsonObject, type: string, ctx: Ctx): string {
  if (ctx.options.patch) {
    const patch = makePatch(original, result, ctx.options.patch, type);
    const report = ctx.reports[ctx.reports.length - 1];
    if (report) report.patch = patch;
    // Patch mode prints patches only: nothing for a workload left unchanged (skipped).
    if (isObj(patch) ? Object.keys(patch).length === 0 : Array.isArray(patch) && patch.length === 0) return "";
    return ctx.yaml.emit(ctx.options.patch === "strategic" ? targetedPatch(original, patch as JsonObject) : patch);
  }
  return ctx.yaml.emit(result);
}

/**
 * A strategic merge patch that names its target (apiVersion, kind, metadata.name/namespace), as kustomize's
 * `patches:` and `patchesStrategicMerge:` need, and `kubectl patch` accepts.
 */
function targetedPatch(original: JsonObject, patch: JsonObject): JsonObject {
  const meta = isObj(original.metadata) ? original.metadata : {};
  const { metadata, ...rest } = patch;
  return {
    apiVersion: original.apiVersion ?? "",
    kind: original.kind ?? "",
    metadata: { ...(isObj(metadata) ? metadata : {}), name: meta.name ?? "", ...(meta.namespace ? { namespace: meta.namespace } : {}) },
    ...rest,
  };
}

function isInjectable(value: YValue): boolean {
  return isObj(value) && typeof value.kind === "string" && (value.kind === "List" || WORKLOAD_TYPES[value.kind] !== undefined);
}

function processDocument(value: YValue, raw: string, doc: number, ctx: Ctx): string {
  if (value === null) return raw;
  if (!isObj(value)) {
    throw new InputError(`document ${doc}: not a Kubernetes object (expected a mapping, got ${Array.isArray(value) ? "a sequence" : "a scalar"})`);
  }
  if (value.kind !== undefined && value.kind !== null && typeof value.kind !== "string") {
    throw new InputError(`document ${doc}: field "kind" must be a string`);
  }
  if (value.apiVersion !== undefined && value.apiVersion !== null && typeof value.apiVersion !== "string") {
    throw new InputError(`document ${doc}: field "apiVersion" must be a string`);
  }
  const kind = typeof value.kind === "string" ? value.kind : "";
  const where = describeDoc(doc, undefined, kind, typeof (value.metadata as JsonObject | undefined)?.name === "string" ? String((value.metadata as JsonObject).name) : "");
  try {
    if (kind === "List") {
      const list = encodeStruct(value, "m.List", "");
      const rawItems = Array.isArray(value.items) ? value.items : [];
      const items = rawItems.map((it, i) => {
        if (isObj(it) && typeof it.kind === "string" && WORKLOAD_TYPES[it.kind]) {
          const type = WORKLOAD_TYPES[it.kind]!;
          return injectWorkload(encodeStruct(it, type, `items[${i}]`), it.kind, ctx, doc, i);
        }
        ctx.reports.push({ document: doc, item: i, kind: isObj(it) ? text(it.kind as Json) : "", name: "", namespace: "", action: "passthrough", reason: "not an injectable kind" });
        return plainJson(it);
      });
      const out = { ...list, items };
      if (ctx.options.patch) return ctx.yaml.emit(makePatch(list, out, ctx.options.patch, "m.List"));
      return ctx.yaml.emit(out);
    }
    const type = WORKLOAD_TYPES[kind];
    if (!type) {
      const md = isObj(value.metadata) ? value.metadata : {};
      ctx.reports.push({ document: doc, kind, name: typeof md.name === "string" ? md.name : "", namespace: typeof md.namespace === "string" ? md.namespace : "", action: "passthrough", reason: "not an injectable kind" });
      return raw;
    }
    const decoded = encodeStruct(value, type, "");
    const result = injectWorkload(decoded, kind, ctx, doc);
    return emit(decoded, result, type, ctx);
  } catch (e) {
    if (e instanceof CodecError) throw new InputError(`${where}: ${e.message}`);
    throw e;
  }
}

/** Injects every injectable workload of a manifest stream. */
export function injectManifests(input: string, settings: InjectSettings, options: InjectOptions = {}): InjectResult {
  const effective: InjectSettings = options.nativeSidecars === undefined ? settings : { ...settings, nativeSidecars: options.nativeSidecars };
  checkTemplates(effective);
  const ctx: Ctx = { settings: effective, options, warnings: [], reports: [], yaml: new YamlEmitter(), proxyConfigs: new Map() };
  let docs;
  try {
    docs = splitDocuments(input);
  } catch (e) {
    if (e instanceof YamlInputError) throw new InputError(e.message);
    throw e;
  }
  const load = loadDocuments(input, docs);
  const parts: string[] = [];
  docs.forEach((d, i) => {
    let value: YValue;
    try {
      value = load(i);
    } catch (e) {
      if (e instanceof YamlInputError) throw new InputError(`document ${i + 1} (starting at line ${d.line}): invalid YAML: ${e.message}`);
      throw e;
    }
    const out = processDocument(value, d.text, i + 1, ctx);
    // Patch mode: documents that are not workloads (and unchanged workloads) produce no patch.
    if (!(ctx.options.patch && (out === "" || out === d.text && value !== null && !isInjectable(value)))) parts.push(out + "---\n");
  });
  return { output: parts.join(""), warnings: ctx.warnings, reports: ctx.reports };
}
