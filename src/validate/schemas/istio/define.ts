/**
 * How an Istio kind's schema is written: once, in TypeBox, so the static type (Static<typeof Spec>)
 * and the emitted JSON Schema (schemas/<group>/<kind>_<version>.json) cannot drift.
 *
 * Conventions (every file under schemas/istio follows them):
 * - Objects are strict: `Type.Object({...}, STRICT)` (additionalProperties: false), except where the
 *   CRD says x-kubernetes-preserve-unknown-fields (use `Type.Unknown()` / `Type.Record(Type.String(), Type.Unknown())`).
 * - All spec fields are optional unless the CRD lists them in `required`.
 * - Enums: `StringEnum([...])` (a plain `{type:"string", enum:[...]}` schema).
 * - int32/uint32/int64 fields: `Int32()` / `UInt32()` / `Int64()`; durations `Duration()`.
 * - A CEL rule (x-kubernetes-validations) is ported as a named check: `withChecks(schema, "check-id")`.
 *   The check function lives in src/validate/cel/*.ts and is registered in src/validate/cel/index.ts.
 * - Descriptions are our own words, short; never copied from Istio.
 */
import { Type, type TSchema, type SchemaOptions, type TObject, type TProperties } from "@sinclair/typebox";

export const STRICT = { additionalProperties: false } as const;

import { CHECKS_KEYWORD } from "../../checks-keyword.js";
export { CHECKS_KEYWORD };

export function withChecks<T extends TSchema>(schema: T, ...ids: string[]): T {
  const prev = (schema as Record<string, unknown>)[CHECKS_KEYWORD] as string[] | undefined;
  return { ...schema, [CHECKS_KEYWORD]: [...(prev ?? []), ...ids] } as T;
}

export function StrictObject<P extends TProperties>(properties: P, options: SchemaOptions = {}): TObject<P> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

export function StringEnum<const V extends readonly string[]>(values: V, options: SchemaOptions = {}) {
  return Type.Unsafe<V[number]>({ ...options, type: "string", enum: [...values] });
}

export const Int32 = (o: SchemaOptions = {}) => Type.Integer({ ...o, format: "int32" });
export const UInt32 = (o: SchemaOptions = {}) => Type.Integer({ ...o, minimum: 0, format: "int32" });
/** int64 fields are serialised as JSON numbers by Istio's CRDs. */
export const Int64 = (o: SchemaOptions = {}) => Type.Integer({ ...o, format: "int64" });
export const Double = (o: SchemaOptions = {}) => Type.Number({ ...o, format: "double" });
/** A protobuf Duration as text ("5s", "0.5s", "1m"? no: only seconds with optional fraction, plus ms/us/ns/m/h as Istio accepts). */
export const Duration = (o: SchemaOptions = {}) => Type.String(o);
export const StringMap = (o: SchemaOptions = {}) => Type.Record(Type.String(), Type.String(), o);
/** x-kubernetes-preserve-unknown-fields: anything goes below this node. */
export const Free = (o: SchemaOptions = {}) => Type.Unknown(o);

export interface IstioKindDefinition<S extends TSchema = TSchema> {
  /** e.g. "VirtualService" (must be in src/model/kinds.ts) */
  kind: string;
  /** The `spec` schema. */
  spec: S;
}

export function defineIstioKind<S extends TSchema>(kind: string, spec: S): IstioKindDefinition<S> {
  return { kind, spec };
}
