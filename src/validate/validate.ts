/**
 * Validation of loaded resources: the precompiled JSON Schema of the kind (strict for Istio kinds),
 * then the ported CEL checks, then the semantic rules of Istio's webhook. Findings are Diagnostics
 * with the field path and its file:line:column.
 */
import type { ValidateFunction } from "ajv";
import { formatPath, type Diagnostic, type Level } from "../diagnostic.js";
import * as validators from "../gen/validators.js";
import { KINDS } from "../model/kinds.js";
import { locate, type LoadedResource } from "../sources/source.js";
import { describeAjvErrors } from "./ajv-messages.js";
import { runChecks, type CheckSite } from "./check-paths.js";
import { SEMANTIC_RULES } from "./semantic/index.js";

/** Codes of validation diagnostics: schema (JSON Schema), cel (ported CEL rule), semantic (webhook rule). */
export const VALIDATION_CODES = { schema: "schema", cel: "cel", semantic: "semantic" } as const;

const table = validators as unknown as Record<string, ValidateFunction>;
/** Where each kind's checks apply: computed from the schemas at build time (no TypeBox at run time). */
const CHECK_SITES = validators.CHECK_SITES as Readonly<Record<string, CheckSite[]>>;
const checkSites = (kind: string): CheckSite[] => CHECK_SITES[kind] ?? [];

export interface ValidateOptions {
  /** Run the semantic (webhook) rules too; default true. */
  semantic?: boolean;
}

export function validateResource(res: LoadedResource, options: ValidateOptions = {}): Diagnostic[] {
  const { object, info } = res;
  const out: Diagnostic[] = [];
  const resource = { kind: info.kind, name: object.metadata.name, namespace: object.metadata.namespace, apiVersion: object.apiVersion };
  const add = (code: string, level: Level, path: (string | number)[], message: string) => {
    out.push({ code, level, message, resource, path: formatPath(path), origin: locate(res.origin, path) });
  };
  const validate = table[info.id];
  if (!validate) throw new Error(`no validator for ${info.kind}`);
  const schemaValid = validate(object);
  if (!schemaValid) for (const f of describeAjvErrors(validate.errors ?? [], object)) add(VALIDATION_CODES.schema, "Error", f.path, f.message);
  if (!info.istio) return out;
  // Checks look only at values of the type they expect, so they run on schema-invalid objects too.
  for (const f of runChecks(checkSites(info.id), object)) add(VALIDATION_CODES.cel, "Error", f.path, f.message);
  // Semantic rules assume a schema-valid object.
  if (schemaValid && options.semantic !== false) {
    const rule = SEMANTIC_RULES.get(info.id);
    if (rule && object.spec !== undefined) {
      const ctx = { namespace: object.metadata.namespace ?? "default", name: object.metadata.name };
      for (const issue of rule(object.spec, ctx)) add(VALIDATION_CODES.semantic, issue.level === "error" ? "Error" : "Warning", issue.path, issue.message);
    }
  }
  return out;
}

export function validateResources(resources: readonly LoadedResource[], options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) for (const d of validateResource(r, options)) out.push(d);
  return out;
}

/** Kinds that have a validator (all of them); used by tests. */
export function validatedKinds(): string[] {
  return KINDS.map((k) => k.id).filter((k) => table[k] !== undefined);
}
