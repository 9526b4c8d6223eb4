/** From the text of one file (or stdin) to resources with origins, plus the problems met on the way. */
import type { Diagnostic } from "../diagnostic.js";
import { lookupKind } from "../model/kinds.js";
import { parseJson } from "./json.js";
import { LOAD_CODES, SourceFile, locate, type KubeObject, type LoadedResource, type Origin } from "./source.js";
import { parseYamlStream } from "./yaml.js";

export interface ParseOptions {
  /** Do not warn about documents that are not Kubernetes objects or are of unknown kinds. */
  ignoreUnknown?: boolean;
}

export function looksLikeJson(name: string, text: string): boolean {
  if (name.toLowerCase().endsWith(".json")) return true;
  // stdin or unknown extension: JSON when the first non-blank character opens an object or array.
  const m = /^\s*([{[])/.exec(text.slice(0, 256));
  return m !== null;
}

export function parseSourceText(name: string, text: string, options: ParseOptions = {}): { resources: LoadedResource[]; diagnostics: Diagnostic[] } {
  const resources: LoadedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  if (looksLikeJson(name, text)) {
    const file = new SourceFile(name, text, "json");
    const r = parseJson(text);
    if (!r.ok) {
      // Not JSON after all (YAML flow style starts with { too): fall back to YAML when not a .json file.
      if (!name.toLowerCase().endsWith(".json")) return parseYamlText(name, text, options);
      diagnostics.push({ code: LOAD_CODES.parse, level: "Error", message: r.message, origin: file.position(r.offset) });
      return { resources, diagnostics };
    }
    addDocument(r.value, { type: "file", file }, options, resources, diagnostics);
    return { resources, diagnostics };
  }
  return parseYamlText(name, text, options);
}

function parseYamlText(name: string, text: string, options: ParseOptions) {
  const resources: LoadedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  const file = new SourceFile(name, text, "yaml");
  for (const { chunk, result: r } of parseYamlStream(text)) {
    if (!r.ok) {
      diagnostics.push({ code: LOAD_CODES.parse, level: "Error", message: r.message, origin: file.position(r.offset) });
      continue;
    }
    if (r.value === null || r.value === undefined) continue; // empty document
    addDocument(r.value, { type: "file", file, chunk }, options, resources, diagnostics);
  }
  if (text.trim() === "" && !options.ignoreUnknown) {
    diagnostics.push({ code: LOAD_CODES.notObject, level: "Warning", message: "file is empty", origin: { file: name, line: 0, column: 0 } });
  }
  return { resources, diagnostics };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function addDocument(value: unknown, origin: Origin, options: ParseOptions, out: LoadedResource[], diags: Diagnostic[]): void {
  const warn = (message: string, code: string, path: (string | number)[] = []) => {
    if (!options.ignoreUnknown) diags.push({ code, level: "Warning", message, origin: locate(origin, path) });
  };
  if (!isObject(value)) {
    warn(`document skipped: it is ${Array.isArray(value) ? "a list" : "a scalar"}, not a Kubernetes object`, LOAD_CODES.notObject);
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
    warn("document skipped: not a Kubernetes object (it needs string apiVersion and kind fields)", LOAD_CODES.notObject);
    return;
  }
  if (kind === "List" || (kind.endsWith("List") && Array.isArray(value.items))) {
    const items = value.items;
    if (!Array.isArray(items)) {
      diags.push({ code: LOAD_CODES.notObject, level: "Error", message: `${kind} has no items list`, origin: locate(origin) });
      return;
    }
    const base = origin.type === "file" ? origin.itemPath ?? [] : [];
    items.forEach((item, i) => {
      const itemOrigin: Origin = origin.type === "file" ? { ...origin, itemPath: [...base, "items", i] } : origin;
      addDocument(item, itemOrigin, options, out, diags);
    });
    return;
  }
  const found = lookupKind(apiVersion, kind);
  if (found.status === "unknown-kind") {
    warn(`${kind} (${apiVersion}) skipped: meshc does not know this kind`, LOAD_CODES.unknownKind);
    return;
  }
  if (found.status === "unknown-version") {
    const served = found.info.versions.map((v) => (found.info.group ? `${found.info.group}/${v}` : v)).join(", ");
    diags.push({ code: LOAD_CODES.unknownVersion, level: "Error", message: `unknown apiVersion "${apiVersion}" for ${kind}; served versions: ${served}`, origin: locate(origin, ["apiVersion"]) });
    return;
  }
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.name !== "string" || metadata.name === "") {
    const hasGenerate = isObject(metadata) && typeof metadata.generateName === "string";
    diags.push({
      code: LOAD_CODES.missingName,
      level: "Error",
      message: `${kind} has no metadata.name${hasGenerate ? " (generateName is not enough offline)" : ""}; give it a name`,
      origin: locate(origin, isObject(metadata) ? ["metadata"] : []),
    });
    return;
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== "string") {
    diags.push({ code: LOAD_CODES.notObject, level: "Error", message: `${kind} ${metadata.name}: metadata.namespace must be a string`, origin: locate(origin, ["metadata", "namespace"]) });
    return;
  }
  out.push({ object: value as KubeObject, info: found.info, version: found.version, origin });
}
