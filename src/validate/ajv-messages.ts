/** ajv's errors in plain words, with the field path they are about. */
import type { ErrorObject } from "ajv";

export interface SchemaFinding {
  path: (string | number)[];
  message: string;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  object: "an object (a mapping)",
  array: "a list",
  null: "null",
};

/** Closest allowed name, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = distance(lower, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return bestScore <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * Turn ajv errors into findings: one per problem, most specific first. Errors of `oneOf`/`anyOf`
 * wrappers are dropped when a more specific error exists at or below the same place.
 */
export function describeAjvErrors(errors: readonly ErrorObject[], data: unknown): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const seen = new Set<string>();
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "if");
  const list = specific.length > 0 ? specific : errors;
  // For alternatives (anyOf), several branches report; keep the first error per path.
  for (const e of list) {
    let path = pointerToPath(e.instancePath);
    const value = valueAt(data, path);
    let message: string;
    switch (e.keyword) {
      case "additionalProperties": {
        const field = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys(((e.parentSchema as Record<string, unknown>)?.properties as object) ?? {});
        const hint = closest(field, allowed);
        path = [...path, field];
        message = `unknown field "${field}"` + (hint ? ` (did you mean "${hint}"?)` : allowed.length ? `; known fields here: ${allowed.join(", ")}` : "");
        break;
      }
      case "required":
        message = `missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case "type": {
        const t = (e.params as { type: string }).type;
        message = `must be ${t.split(",").map((x) => TYPE_WORDS[x] ?? x).join(" or ")}, not ${describeType(value)}`;
        break;
      }
      case "enum": {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
        const hint = typeof value === "string" ? closest(value, allowed.filter((a): a is string => typeof a === "string")) : undefined;
        message = `${describeType(value)} is not allowed; use one of: ${allowed.map((a) => String(a)).join(", ")}` + (hint ? ` (did you mean ${hint}?)` : "");
        break;
      }
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        message = `${String(value)} is out of range: must be ${e.message}`;
        break;
      case "not":
      case "oneOf":
        message = "sets fields that exclude each other; set only one of them";
        break;
      case "minLength":
        message = "must not be empty";
        break;
      default:
        message = e.message ?? `fails ${e.keyword}`;
    }
    const key = JSON.stringify(path) + "\u0000" + message;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
