/**
 * "Decode into the Go type, then encode with encoding/json" for Kubernetes objects (inject.md 14.1,
 * 14.2): unknown fields are dropped, names match case-insensitively, scalars are coerced to strings
 * where a string is expected, empty omitempty fields disappear, structs never do, quantities are
 * canonical, and object keys come out in Go declaration order.
 */
import { formatGoFloat } from "./go-format.js";
import { isStructType, structDef } from "./k8s-structs.js";
import { canonicalQuantity, QuantityError } from "./quantity.js";
import { YFloat } from "./yaml-scalars.js";

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

/**
 * A decode failure deep inside a value. Encoders do not carry their path (building it for every
 * field and element would cost more than the encoding); each container adds its step while the
 * failure unwinds, and the public entry points turn it into a CodecError with the full path.
 */
class Failure {
  /** Innermost step first: [kind, name] with kind "f" (struct field), "i" (list index), "k" (map key). */
  readonly steps: ["f" | "i" | "k", string][] = [];
  constructor(readonly message: string) {}
}

function fullPath(root: string, steps: Failure["steps"]): string {
  let p = root;
  for (let i = steps.length - 1; i >= 0; i--) {
    const [kind, name] = steps[i]!;
    p = kind === "f" ? (p ? `${p}.${name}` : name) : kind === "i" ? `${p}[${name}]` : `${p}.${name}`;
  }
  return p;
}

function toGoString(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatGoFloat(v, 32);
  if (v instanceof YFloat) return formatGoFloat(v.value, 32);
  throw new Failure(`cannot unmarshal ${describe(v)} into Go value of type string`);
}

function toGoInt(v: unknown, type: string): number {
  if (v === undefined || v === null) return 0;
  const n = v instanceof YFloat ? v.value : v;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new Failure(`cannot unmarshal ${describe(v)}${typeof n === "string" ? ` "${n}"` : ""} into Go value of type ${type}`);
  }
  if (type === "int32" && (n > 2147483647 || n < -2147483648)) throw new Failure(`value ${n} overflows Go value of type int32`);
  if (type.startsWith("uint") && n < 0) throw new Failure(`cannot unmarshal number ${n} into Go value of type ${type}`);
  return n;
}

/** How encoding/json's omitempty sees an encoded value of a type. */
const enum Emptiness {
  Nil,
  NilOrEmptyString,
  NilOrEmptyCollection,
  Never,
  ZeroScalar,
}

interface Codec {
  encode(v: unknown): Json;
  emptiness: Emptiness;
}

interface CompiledField {
  json: string;
  codec: Codec;
  omitempty: boolean;
  omitzero: boolean;
  pointer: boolean;
  /** A JSON null may replace an earlier value (pointers, slices, maps). */
  nullable: boolean;
  /** An absent field encodes to a value that is left out (so it need not be encoded). */
  absentOmitted: boolean;
}

const codecs = new Map<string, Codec>();

/** The compiled encoder of a Go type, built once per type string (the schema is static). */
function codecOf(type: string): Codec {
  let c = codecs.get(type);
  if (!c) {
    c = compile(type);
    codecs.set(type, c);
  }
  return c;
}

function compile(type: string): Codec {
  if (type.startsWith("*")) {
    const inner = codecOf(type.slice(1));
    return { emptiness: Emptiness.Nil, encode: (v) => (v === undefined || v === null ? null : inner.encode(v)) };
  }
  if (type === "[]byte") {
    return { emptiness: Emptiness.NilOrEmptyString, encode: (v) => (v === undefined || v === null ? null : toGoString(v)) };
  }
  if (type.startsWith("[]")) return listCodec(type);
  const mapMatch = /^map\[([^\]]+)\](.*)$/.exec(type);
  if (mapMatch) return mapCodec(type, mapMatch[2]!);
  const scalar = (encode: (v: unknown) => Json): Codec => ({ emptiness: Emptiness.ZeroScalar, encode });
  switch (type) {
    case "string":
      return scalar(toGoString);
    case "bool":
      return scalar((v) => {
        if (v === undefined || v === null) return false;
        if (typeof v !== "boolean") throw new Failure(`cannot unmarshal ${describe(v)} into Go value of type bool`);
        return v;
      });
    case "int": case "int32": case "int64": case "uint": case "uint32": case "uint64": case "byte":
      return scalar((v) => toGoInt(v, type));
    case "float32": case "float64":
      return scalar((v) => {
        if (v === undefined || v === null) return 0;
        if (v instanceof YFloat) return v.value;
        if (typeof v !== "number") throw new Failure(`cannot unmarshal ${describe(v)} into Go value of type ${type}`);
        return v;
      });
    case "quantity":
      return { emptiness: Emptiness.Never, encode: encodeQuantity };
    case "intstr":
      return {
        emptiness: Emptiness.Never,
        encode: (v) => (v === undefined || v === null ? 0 : typeof v === "string" ? v : toGoInt(v, "int32")),
      };
    case "time":
      return { emptiness: Emptiness.Never, encode: (v) => (v === undefined || v === null ? null : toGoString(v)) };
    case "raw":
      return { emptiness: Emptiness.ZeroScalar, encode: (v) => (v === undefined ? null : plainJson(v)) };
  }
  return structCodec(type);
}

function encodeQuantity(v: unknown): Json {
  if (v === undefined || v === null) return "0";
  if (typeof v !== "string" && typeof v !== "number" && !(v instanceof YFloat)) {
    throw new Failure(`cannot unmarshal ${describe(v)} into a quantity`);
  }
  try {
    return canonicalQuantity(v instanceof YFloat ? v.value : v);
  } catch (e) {
    if (e instanceof QuantityError) throw new Failure(e.message);
    throw e;
  }
}

function listCodec(type: string): Codec {
  const elemType = type.slice(2);
  const structElem = isStructType(elemType);
  let elem: Codec | undefined;
  return {
    emptiness: Emptiness.NilOrEmptyCollection,
    encode(v) {
      if (v === undefined || v === null) return null;
      if (!Array.isArray(v)) throw new Failure(`cannot unmarshal ${describe(v)} into Go value of type ${type}`);
      elem ??= codecOf(elemType);
      const out: Json[] = new Array(v.length);
      let i = 0;
      try {
        for (; i < v.length; i++) {
          const x: unknown = v[i];
          out[i] = elem.encode(x === null && structElem ? {} : x);
        }
      } catch (e) {
        if (e instanceof Failure) e.steps.push(["i", String(i)]);
        throw e;
      }
      return out;
    },
  };
}

function mapCodec(type: string, valueType: string): Codec {
  let value: Codec | undefined;
  return {
    emptiness: Emptiness.NilOrEmptyCollection,
    encode(v) {
      if (v === undefined || v === null) return null;
      if (!isObject(v)) throw new Failure(`cannot unmarshal ${describe(v)} into Go value of type ${type}`);
      value ??= codecOf(valueType);
      const out: JsonObject = {};
      const keys = Object.keys(v).sort();
      let k = "";
      try {
        for (k of keys) out[k] = value.encode(v[k]);
      } catch (e) {
        if (e instanceof Failure) e.steps.push(["k", k]);
        throw e;
      }
      return out;
    },
  };
}

function isZero(v: Json): boolean {
  if (v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return false;
  if (typeof v === "object") return Object.values(v).every(isZero);
  return false;
}

function isEmpty(v: Json, emptiness: Emptiness): boolean {
  switch (emptiness) {
    case Emptiness.Nil:
      return v === null;
    case Emptiness.NilOrEmptyString:
      return v === null || v === "";
    case Emptiness.NilOrEmptyCollection:
      if (v === null) return true;
      return Array.isArray(v) ? v.length === 0 : typeof v === "object" && Object.keys(v).length === 0;
    case Emptiness.Never:
      // A struct value (quantity, intstr, time, nested struct) is never "empty" to encoding/json.
      return false;
    case Emptiness.ZeroScalar:
      return v === null || v === "" || v === 0 || v === false;
  }
}

const ABSENT: unique symbol = Symbol("absent");

function omitted(f: Omit<CompiledField, "absentOmitted">, encoded: Json): boolean {
  if (f.omitzero && (f.pointer ? encoded === null : isZero(encoded))) return true;
  return f.omitempty && isEmpty(encoded, f.codec.emptiness);
}

function structCodec(type: string): Codec {
  let fields: CompiledField[] | undefined;
  let byName: Map<string, number>;
  let byFold: Map<string, number>;
  const prepare = (): CompiledField[] => {
    const def = structDef(type);
    byName = new Map();
    byFold = new Map();
    def.fields.forEach((f, i) => {
      byName.set(f.json, i);
      const fold = f.json.toLowerCase();
      if (!byFold.has(fold)) byFold.set(fold, i);
    });
    return def.fields.map((f) => {
      const field = {
        json: f.json,
        codec: codecOf(f.type),
        omitempty: f.omitempty,
        omitzero: f.omitzero,
        pointer: f.type.startsWith("*"),
        nullable: f.type.startsWith("*") || f.type.startsWith("[]") || f.type.startsWith("map["),
      };
      return { ...field, absentOmitted: omitted(field, field.codec.encode(undefined)) };
    });
  };
  return {
    emptiness: Emptiness.Never,
    encode(v) {
      fields ??= prepare();
      if (v === undefined || v === null) v = {};
      if (!isObject(v)) throw new Failure(`cannot unmarshal ${describe(v)} into Go value of type ${type}`);
      const inputs: unknown[] = new Array(fields.length).fill(ABSENT);
      for (const key in v) {
        const i = byName.get(key) ?? byFold.get(key.toLowerCase());
        if (i === undefined) continue;
        const value = v[key];
        if (value === null && inputs[i] !== ABSENT && !fields[i]!.nullable) continue;
        inputs[i] = value;
      }
      const out: JsonObject = {};
      let i = 0;
      try {
        for (; i < fields.length; i++) {
          const f = fields[i]!;
          const input = inputs[i];
          if (input === ABSENT && f.absentOmitted) continue;
          const encoded = f.codec.encode(input === ABSENT ? undefined : input);
          if (!omitted(f, encoded)) out[f.json] = encoded;
        }
      } catch (e) {
        if (e instanceof Failure) e.steps.push(["f", fields[i]!.json]);
        throw e;
      }
      return out;
    },
  };
}

/** Runs an encoder, turning a failure into a CodecError that names the full path. */
function run<T>(path: string, encode: () => T): T {
  try {
    return encode();
  } catch (e) {
    if (e instanceof Failure) throw new CodecError(fullPath(path, e.steps), e.message);
    throw e;
  }
}

/**
 * Returns the Go-encoded JSON of `v` decoded as `type`. Nil pointers, slices and maps are `null`.
 * `v === undefined` means the field was absent.
 */
export function encodeAs(v: unknown, type: string, path: string): Json {
  return run(path, () => codecOf(type).encode(v));
}

export function encodeStruct(v: unknown, type: string, path: string): JsonObject {
  structDef(type);
  return run(path, () => codecOf(type).encode(v) as JsonObject);
}
