/**
 * Envoy's canonical proto3 JSON for ts-proto messages, as Envoy's own config dumps print it:
 * proto field names (snake_case); every google.protobuf.Any as {"@type": "type.googleapis.com/<name>",
 * ...fields} (or {"@type", "value"} for well-known types), recursively; Duration "5s"; wrappers as
 * bare values; Struct/Value as plain JSON; enums by name; 64-bit integers as strings; fields at
 * their default value omitted.
 *
 * How: a ts-proto message is encoded to the binary wire format with its generated codec, read into
 * a reflective @bufbuild/protobuf message with the descriptor of the same type, and printed by
 * @bufbuild/protobuf's JSON writer, which follows the proto3 JSON spec (ts-proto's own toJSON uses
 * camelCase names and cannot write Any canonically). Parsing is the same path backwards and is
 * strict: an unknown field, enum name or `@type` (including an istio-only type in the stock flavor)
 * is an error.
 */
import { fromBinary, fromJson, toBinary, toJson, type DescMessage, type JsonObject, type JsonValue, type Registry } from "@bufbuild/protobuf";
import { isReflectMessage, reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { isDeepStrictEqual } from "node:util";
import { InputError, InternalError } from "../../errors.js";
import type { Any } from "../../gen/envoy/google/protobuf/any.js";
import {
  codecOf,
  descriptorOf,
  descriptorRegistry,
  isKnownType,
  typeNameOf,
  typeUrlOf,
  UnknownEnvoyTypeError,
  type EnvoyMessages,
  type EnvoyTypeName,
  type Flavor,
  type TypeUrl,
} from "./registry.js";

export type { JsonObject, JsonValue };

export interface EnvoyJsonOptions {
  /** "stock" (default): only upstream Envoy types; "istio": also istio-proxy's own extensions. */
  flavor?: Flavor;
}

/** A message name or its type URL: "envoy.config.listener.v3.Listener" or "type.googleapis.com/…". */
export type EnvoyTypeRef<K extends EnvoyTypeName> = K | TypeUrl<K>;

/**
 * Serialises a ts-proto message of the given type to Envoy's canonical JSON (a plain object; use
 * JSON.stringify to print it). Throws InternalError for values that cannot be written, such as an
 * Any whose type is unknown to the flavor.
 */
export function toEnvoyJson<K extends EnvoyTypeName>(type: EnvoyTypeRef<K>, message: EnvoyMessages[K], options: EnvoyJsonOptions = {}): JsonObject {
  const json = toEnvoyJsonValue(type, message, options);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    // Only well-known types with a JSON form of their own (Duration, wrappers, Value...) get here.
    throw new InternalError(`${typeNameOf(type)} is not written as a JSON object; use toEnvoyJsonValue`);
  }
  return json;
}

/** Like toEnvoyJson, for any type, including the well-known types whose JSON is not an object (Duration → "5s"). */
export function toEnvoyJsonValue<K extends EnvoyTypeName>(type: EnvoyTypeRef<K>, message: EnvoyMessages[K], options: EnvoyJsonOptions = {}): JsonValue {
  const flavor = options.flavor ?? "stock";
  const name = typeNameOf(type);
  try {
    const desc = descriptorOf(name, flavor);
    const bytes = codecOf(name, "istio").encode(message).finish();
    return typeFirst(toJson(desc, fromBinary(desc, bytes), { registry: descriptorRegistry(flavor), useProtoFieldName: true }));
  } catch (err) {
    throw new InternalError(`cannot write ${name} as Envoy JSON: ${messageOf(err)}`, { cause: err });
  }
}

/**
 * Parses Envoy JSON (proto names or lowerCamelCase, as proto3 JSON allows) into a ts-proto
 * message, strictly. Throws InputError naming the problem, with a JSON path for unknown `@type`s.
 */
export function fromEnvoyJson<K extends EnvoyTypeName>(type: EnvoyTypeRef<K>, json: unknown, options: EnvoyJsonOptions = {}): EnvoyMessages[K] {
  const flavor = options.flavor ?? "stock";
  const name = typeNameOf(type);
  try {
    const desc = descriptorOf(name, flavor);
    const registry = descriptorRegistry(flavor);
    const message = fromJson(desc, json as JsonValue, { registry, ignoreUnknownFields: false });
    repackAnys(reflect(desc, message), registry);
    return codecOf(name, "istio").decode(toBinary(desc, message)) as EnvoyMessages[K];
  } catch (err) {
    const unknownAny = !(err instanceof UnknownEnvoyTypeError) && /is not in the type registry/.test(messageOf(err));
    const where = unknownAny ? unknownTypePath(json, flavor, "$") : undefined;
    const detail = where === undefined ? messageOf(err) : `${where.path}: ${new UnknownEnvoyTypeError(where.type, flavor).message}`;
    throw new InputError(`invalid Envoy JSON for ${name}: ${detail}`, undefined, { cause: err });
  }
}

/**
 * toEnvoyJson, then proves the output: parses it back strictly and checks that it equals the input
 * in canonical form (normalizeMessage). Throws InternalError otherwise. For tests and --verify paths.
 */
export function toEnvoyJsonVerified<K extends EnvoyTypeName>(type: EnvoyTypeRef<K>, message: EnvoyMessages[K], options: EnvoyJsonOptions = {}): JsonObject {
  const json = toEnvoyJson(type, message, options);
  let back: EnvoyMessages[K];
  try {
    back = fromEnvoyJson(type, JSON.parse(JSON.stringify(json)), options);
  } catch (err) {
    throw new InternalError(`${typeNameOf(type)} JSON does not parse back: ${messageOf(err)}`, { cause: err });
  }
  if (!isDeepStrictEqual(back, normalizeMessage(type, message))) {
    throw new InternalError(`${typeNameOf(type)} does not survive a JSON round trip`);
  }
  return json;
}

/** Writes a google.protobuf.Any as {"@type": ..., ...fields}. */
export function anyToEnvoyJson(any: Any, options: EnvoyJsonOptions = {}): JsonObject {
  return toEnvoyJson("google.protobuf.Any", any, options);
}

/** Parses {"@type": ..., ...fields} into a google.protobuf.Any (the payload is checked strictly). */
export function anyFromEnvoyJson(json: unknown, options: EnvoyJsonOptions = {}): Any {
  return fromEnvoyJson("google.protobuf.Any", json, options);
}

/**
 * Packs a message into a google.protobuf.Any, e.g. for `typed_config`:
 * `anyOf("envoy.extensions.filters.http.router.v3.Router", {})`. The type is checked against the
 * flavor only when the result is serialised.
 */
export function anyOf<K extends EnvoyTypeName>(type: EnvoyTypeRef<K>, message: EnvoyMessages[K]): Any {
  const name = typeNameOf(type);
  return { typeUrl: typeUrlOf(name), value: codecOf(name, "istio").encode(message).finish() };
}

/** The message name packed in an Any ("" when typeUrl is unset). */
export function anyTypeName(any: Any): string {
  return typeNameOf(any.typeUrl ?? "");
}

/**
 * Unpacks an Any. With `expected`, throws unless the Any holds that type; the result is typed.
 * Throws UnknownEnvoyTypeError for a type not in the registry.
 */
export function unpackAny<K extends EnvoyTypeName>(any: Any, expected: EnvoyTypeRef<K>): EnvoyMessages[K];
export function unpackAny(any: Any): { typeName: string; message: unknown };
export function unpackAny(any: Any, expected?: string): unknown {
  const name = anyTypeName(any);
  if (expected !== undefined && typeNameOf(expected) !== name) {
    throw new Error(`expected an Any holding ${typeNameOf(expected)}, found ${name || "nothing"}`);
  }
  const message = codecOf(name, "istio").decode(any.value ?? new Uint8Array());
  return expected === undefined ? { typeName: name, message } : message;
}

/**
 * An Any holding `udpa.type.v1.TypedStruct` (how istiod sends extension config as a Struct):
 * `{"@type": ".../udpa.type.v1.TypedStruct", "type_url": typeUrl, "value": value}`.
 */
export function typedStruct(typeUrl: string, value: { [key: string]: unknown }): Any {
  return anyOf("udpa.type.v1.TypedStruct", { typeUrl, value });
}

/**
 * The in-memory canonical form of a message (every field present with its default, as decoding
 * produces): the value a JSON round trip is expected to give back.
 */
export function normalizeMessage<K extends EnvoyTypeName>(type: EnvoyTypeRef<K>, message: EnvoyMessages[K]): EnvoyMessages[K] {
  const codec = codecOf(typeNameOf(type) as K, "istio");
  return codec.decode(codec.encode(message).finish());
}

/**
 * Rewrites every Any payload below `message` (depth first) as ts-proto encodes it. The protobuf
 * runtime writes fields in field-number order and ts-proto in declaration order; re-encoding makes a
 * parsed message byte-identical to one built with anyOf(), so round trips compare equal.
 */
function repackAnys(message: ReflectMessage, registry: Registry): void {
  for (const field of message.fields) {
    if (!message.isSet(field)) continue;
    if (field.fieldKind === "message") {
      repackMessage(message.get(field), registry);
    } else if (field.fieldKind === "list" && field.listKind === "message") {
      for (const item of message.get(field)) if (isReflectMessage(item)) repackMessage(item, registry);
    } else if (field.fieldKind === "map" && field.mapKind === "message") {
      for (const item of message.get(field).values()) if (isReflectMessage(item)) repackMessage(item, registry);
    }
  }
}

function repackMessage(message: ReflectMessage, registry: Registry): void {
  if (message.desc.typeName !== "google.protobuf.Any") return repackAnys(message, registry);
  const any = message.message as unknown as { typeUrl: string; value: Uint8Array };
  if (any.typeUrl === "") return;
  const name = typeNameOf(any.typeUrl);
  const desc: DescMessage | undefined = registry.getMessage(name);
  if (desc === undefined) throw new Error(`"${name}" is not in the type registry`);
  const inner = fromBinary(desc, any.value);
  repackAnys(reflect(desc, inner), registry);
  const codec = codecOf(name, "istio");
  any.value = codec.encode(codec.decode(toBinary(desc, inner))).finish();
}

/** Puts "@type" first in every object that has one, as Envoy and protojson print Any. */
function typeFirst(json: JsonValue): JsonValue {
  if (Array.isArray(json)) return json.map(typeFirst);
  if (json === null || typeof json !== "object") return json;
  const out: JsonObject = {};
  if (typeof json["@type"] === "string") out["@type"] = json["@type"];
  for (const [key, value] of Object.entries(json)) if (key !== "@type") out[key] = typeFirst(value as JsonValue);
  return out;
}

/**
 * After a parse failure: the JSON path of the first `@type` the flavor does not know, if any, to
 * say where the problem is (the protobuf runtime's message names the type but not the place).
 */
function unknownTypePath(json: unknown, flavor: Flavor, path: string): { path: string; type: string } | undefined {
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i++) {
      const found = unknownTypePath(json[i], flavor, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (json !== null && typeof json === "object") {
    const record = json as Record<string, unknown>;
    const type = record["@type"];
    if (typeof type === "string" && !isKnownType(type, flavor)) {
      return { path: `${path}["@type"]`, type: typeNameOf(type) };
    }
    for (const key of Object.keys(record)) {
      const found = unknownTypePath(record[key], flavor, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
