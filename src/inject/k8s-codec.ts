/**
 * "Decode into the Go type, then encode with encoding/json" for Kubernetes objects (inject.md 14.1,
 * 14.2): unknown fields are dropped, names match case-insensitively, scalars are coerced to strings
 * where a string is expected, empty omitempty fields disappear, structs never do, quantities are
 * canonical, and object keys come out in Go declaration order.
 */
import { K8S_STRUCTS } from "./k8s-fields.js";
import { formatGoFloat } from "./go-format.js";
import { canonicalQuantity, QuantityError } from "./quantity.js";
import { YFloat } from "./yaml-input.js";

export type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json };

export class CodecError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path ? path + ": " : ""}${message}`);
  }
}

export interface FieldDef {
  json: string;
  type: string;
  omitempty: boolean;
  omitzero: boolean;
  mergeKey?: string;
}

interface StructDef {
  fields: FieldDef[];
  byName: Map<string, FieldDef>;
  byFold: Map<string, FieldDef>;
}

const cache = new Map<string, StructDef>();

export function structDef(name: string): StructDef {
  let def = cache.get(name);
  if (def) return def;
  const spec = K8S_STRUCTS[name];
  if (spec === undefined) throw new Error(`unknown struct ${name}`);
  const fields: FieldDef[] = [];
  for (const part of spec.split("|")) {
    const m = /^([^:]*):([^?!^@]+)(\?)?(!)?(\^)?(?:@(.+))?$/.exec(part);
    if (!m) throw new Error(`bad field spec ${part}`);
    const [, json, type, oe, oz, inline, mergeKey] = m;
    if (inline) {
      fields.push(...structDef(type!).fields);
      continue;
    }
    const f: FieldDef = { json: json!, type: type!, omitempty: !!oe, omitzero: !!oz };
    if (mergeKey) f.mergeKey = mergeKey;
    fields.push(f);
  }
  def = { fields, byName: new Map(), byFold: new Map() };
  for (const f of fields) {
    def.byName.set(f.json, f);
    if (!def.byFold.has(f.json.toLowerCase())) def.byFold.set(f.json.toLowerCase(), f);
  }
  cache.set(name, def);
  return def;
}

export function isStructType(type: string): boolean {
  return K8S_STRUCTS[type] !== undefined;
}

/** The element type of a list/pointer/map type, or the type itself. */
export function fieldOf(structName: string, json: string): FieldDef | undefined {
  return structDef(structName).byName.get(json);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v instanceof YFloat || typeof v === "number") return "number";
  if (v === null) return "null";
  return typeof v === "object" ? "object" : typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof YFloat);
}

/** Plain JSON form of an untyped value (runtime.RawExtension, List items). */
export function plainJson(v: unknown): Json {
  if (v instanceof YFloat) return v.value;
  if (Array.isArray(v)) return v.map(plainJson);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainJson(x);
    return out;
  }
  return (v ?? null) as Json;
}

function toGoString(v: unknown, path: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatGoFloat(v, 32);
  if (v instanceof YFloat) return formatGoFloat(v.value, 32);
  throw new CodecError(path, `cannot unmarshal ${describe(v)} into Go value of type string`);
}

function toGoInt(v: unknown, path: string, type: string): number {
  if (v === undefined || v === null) return 0;
  const n = v instanceof YFloat ? v.value : v;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new CodecError(path, `cannot unmarshal ${describe(v)}${typeof n === "string" ? ` "${n}"` : ""} into Go value of type ${type}`);
  }
  if (type === "int32" && (n > 2147483647 || n < -2147483648)) throw new CodecError(path, `value ${n} overflows Go value of type int32`);
  if (type.startsWith("uint") && n < 0) throw new CodecError(path, `cannot unmarshal number ${n} into Go value of type ${type}`);
  return n;
}

/**
 * Returns the Go-encoded JSON of `v` decoded as `type`. Nil pointers, slices and maps are `null`.
 * `v === undefined` means the field was absent.
 */
export function encodeAs(v: unknown, type: string, path: string): Json {
  if (type.startsWith("*")) {
    if (v === undefined || v === null) return null;
    return encodeAs(v, type.slice(1), path);
  }
  if (type === "[]byte") {
    if (v === undefined || v === null) return null;
    return toGoString(v, path);
  }
  if (type.startsWith("[]")) {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) throw new CodecError(path, `cannot unmarshal ${describe(v)} into Go value of type ${type}`);
    const elem = type.slice(2);
    return v.map((x, i) => encodeAs(x === null && isStructType(elem) ? {} : x, elem, `${path}[${i}]`));
  }
  const mapMatch = /^map\[([^\]]+)\](.*)$/.exec(type);
  if (mapMatch) {
    if (v === undefined || v === null) return null;
    if (!isObject(v)) throw new CodecError(path, `cannot unmarshal ${describe(v)} into Go value of type ${type}`);
    const out: JsonObject = {};
    for (const k of Object.keys(v).sort()) out[k] = encodeAs(v[k], mapMatch[2]!, `${path}.${k}`);
    return out;
  }
  switch (type) {
    case "string":
      return toGoString(v, path);
    case "bool":
      if (v === undefined || v === null) return false;
      if (typeof v !== "boolean") throw new CodecError(path, `cannot unmarshal ${describe(v)} into Go value of type bool`);
      return v;
    case "int": case "int32": case "int64": case "uint": case "uint32": case "uint64": case "byte":
      return toGoInt(v, path, type);
    case "float32": case "float64":
      if (v === undefined || v === null) return 0;
      if (v instanceof YFloat) return v.value;
      if (typeof v !== "number") throw new CodecError(path, `cannot unmarshal ${describe(v)} into Go value of type ${type}`);
      return v;
    case "quantity":
      if (v === undefined || v === null) return "0";
      if (typeof v !== "string" && typeof v !== "number" && !(v instanceof YFloat)) {
        throw new CodecError(path, `cannot unmarshal ${describe(v)} into a quantity`);
      }
      try {
        return canonicalQuantity(v instanceof YFloat ? v.value : v);
      } catch (e) {
        if (e instanceof QuantityError) throw new CodecError(path, e.message);
        throw e;
      }
    case "intstr":
      if (v === undefined || v === null) return 0;
      if (typeof v === "string") return v;
      return toGoInt(v, path, "int32");
    case "time":
      if (v === undefined || v === null) return null;
      return toGoString(v, path);
    case "raw":
      if (v === undefined) return null;
      return plainJson(v);
  }
  return encodeStruct(v, type, path);
}

function isZero(v: Json): boolean {
  if (v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return false;
  if (typeof v === "object") return Object.values(v).every(isZero);
  return false;
}

function isEmpty(v: Json, type: string): boolean {
  if (type.startsWith("*")) return v === null;
  if (type === "[]byte") return v === null || v === "";
  if (type.startsWith("[]") || type.startsWith("map[")) {
    if (v === null) return true;
    return Array.isArray(v) ? v.length === 0 : typeof v === "object" && Object.keys(v).length === 0;
  }
  // A struct value (quantity, intstr, time, nested struct) is never "empty" to encoding/json.
  if (type === "quantity" || type === "intstr" || type === "time" || isStructType(type)) return false;
  return v === null || v === "" || v === 0 || v === false;
}

export function encodeStruct(v: unknown, type: string, path: string): JsonObject {
  const def = structDef(type);
  if (v === undefined || v === null) v = {};
  if (!isObject(v)) throw new CodecError(path, `cannot unmarshal ${describe(v)} into Go value of type ${type}`);
  const inputs = new Map<FieldDef, unknown>();
  for (const [key, value] of Object.entries(v)) {
    const f = def.byName.get(key) ?? def.byFold.get(key.toLowerCase());
    if (!f) continue;
    if (value === null && inputs.has(f) && !f.type.startsWith("*") && !f.type.startsWith("[]") && !f.type.startsWith("map[")) continue;
    inputs.set(f, value);
  }
  const out: JsonObject = {};
  for (const f of def.fields) {
    const encoded = encodeAs(inputs.get(f), f.type, path ? `${path}.${f.json}` : f.json);
    if (f.omitzero && (f.type.startsWith("*") ? encoded === null : isZero(encoded))) continue;
    if (f.omitempty && isEmpty(encoded, f.type)) continue;
    out[f.json] = encoded;
  }
  return out;
}

/** Merge key of a list field of a struct (strategic merge patch metadata). */
export function mergeKeyOf(structName: string, json: string): string | undefined {
  return structDef(structName).byName.get(json)?.mergeKey;
}

/** The struct type of a field (through pointers, slices and maps), if it is a struct. */
export function elementStruct(type: string): string | undefined {
  let t = type;
  for (;;) {
    if (t.startsWith("*")) t = t.slice(1);
    else if (t.startsWith("[]")) t = t.slice(2);
    else break;
  }
  const m = /^map\[[^\]]+\](.*)$/.exec(t);
  if (m) return elementStruct(m[1]!);
  return isStructType(t) ? t : undefined;
}
