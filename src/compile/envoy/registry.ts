/**
 * Type registry for the typed Envoy API in src/gen/envoy: full protobuf name (or type URL) →
 * ts-proto codec, and → @bufbuild/protobuf descriptor for the canonical JSON codec (json.ts).
 *
 * Two flavors: "stock" knows only upstream Envoy (and xds/udpa, well-known) types; "istio" adds the
 * istio-proxy-only extensions defined by meshc's own protos (src/envoy-protos/istio). A type the
 * flavor does not know is an error everywhere, which is how output is kept stock by default.
 */
import { createFileRegistry, fromBinary, type DescMessage, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { gunzipSync } from "node:zlib";
import { FILE_DESCRIPTOR_SET_GZ_BASE64 } from "../../gen/envoy/_descriptors.js";
import { istioOnlyMessages, messageCodecs, type EnvoyMessages, type MessageCodec } from "../../gen/envoy/_registry.js";

export type { EnvoyMessages, MessageCodec };

/** A full protobuf message name known to the generated registry, e.g. "envoy.config.listener.v3.Listener". */
export type EnvoyTypeName = keyof EnvoyMessages;
/** The ts-proto type of a message, by full name: `EnvoyMessage<"envoy.config.cluster.v3.Cluster">`. */
export type EnvoyMessage<K extends EnvoyTypeName> = EnvoyMessages[K];
/** "stock": upstream Envoy only (the default). "istio": also istio-proxy's own extensions. */
export type Flavor = "stock" | "istio";

export const TYPE_URL_PREFIX = "type.googleapis.com/";
/** The `@type` / `type_url` of a message name. */
export type TypeUrl<K extends string = EnvoyTypeName> = `type.googleapis.com/${K}`;

export function typeUrlOf<K extends string>(typeName: K): TypeUrl<K> {
  return `${TYPE_URL_PREFIX}${typeName}`;
}

/**
 * The message name in a type URL or name: everything after the last "/" (as protobuf runtimes
 * resolve `type_url`), or the argument itself when it has no "/".
 */
export function typeNameOf(typeUrlOrName: string): string {
  return typeUrlOrName.slice(typeUrlOrName.lastIndexOf("/") + 1);
}

const istioOnly = new Set<string>(istioOnlyMessages);

/** True if the name (or URL) is one of meshc's istio-proxy-only message types. */
export function isIstioOnlyType(typeUrlOrName: string): boolean {
  return istioOnly.has(typeNameOf(typeUrlOrName));
}

/** True if the flavor can read and write messages of this name (or URL). */
export function isKnownType(typeUrlOrName: string, flavor: Flavor = "stock"): boolean {
  const name = typeNameOf(typeUrlOrName);
  return Object.hasOwn(messageCodecs, name) && (flavor === "istio" || !istioOnly.has(name));
}

/** Thrown for a type the flavor does not know (callers wrap it into a MeshcError). */
export class UnknownEnvoyTypeError extends Error {
  constructor(readonly typeName: string, flavor: Flavor) {
    super(
      istioOnly.has(typeName) && flavor === "stock"
        ? `"${typeName}" is an istio-proxy-only extension; it needs flavor "istio"`
        : `"${typeName}" is not a known Envoy message type`,
    );
    this.name = "UnknownEnvoyTypeError";
  }
}

/** The ts-proto binary codec of a message type; throws UnknownEnvoyTypeError. */
export function codecOf<K extends EnvoyTypeName>(typeName: K, flavor?: Flavor): MessageCodec<EnvoyMessages[K]>;
export function codecOf(typeUrlOrName: string, flavor?: Flavor): MessageCodec<unknown>;
export function codecOf(typeUrlOrName: string, flavor: Flavor = "stock"): MessageCodec<unknown> {
  const name = typeNameOf(typeUrlOrName);
  if (!isKnownType(name, flavor)) throw new UnknownEnvoyTypeError(name, flavor);
  return messageCodecs[name as EnvoyTypeName] as MessageCodec<unknown>;
}

/** Every message name the flavor knows, sorted. */
export function knownTypeNames(flavor: Flavor = "stock"): string[] {
  return Object.keys(messageCodecs).filter((name) => isKnownType(name, flavor));
}

const descriptorRegistries = new Map<Flavor, FileRegistry>();

/**
 * The @bufbuild/protobuf registry of the flavor, built on first use (~50 ms) from the descriptor
 * set embedded by the generator. Istio-only files are those named istio/*.
 */
export function descriptorRegistry(flavor: Flavor = "stock"): FileRegistry {
  let registry = descriptorRegistries.get(flavor);
  if (registry === undefined) {
    const set = fromBinary(FileDescriptorSetSchema, gunzipSync(Buffer.from(FILE_DESCRIPTOR_SET_GZ_BASE64, "base64")));
    if (flavor === "stock") set.file = set.file.filter((f) => !f.name.startsWith("istio/"));
    registry = createFileRegistry(set);
    descriptorRegistries.set(flavor, registry);
  }
  return registry;
}

/** The descriptor of a message type in the flavor; throws UnknownEnvoyTypeError. */
export function descriptorOf(typeUrlOrName: string, flavor: Flavor = "stock"): DescMessage {
  const name = typeNameOf(typeUrlOrName);
  const desc = isKnownType(name, flavor) ? descriptorRegistry(flavor).getMessage(name) : undefined;
  if (desc === undefined) throw new UnknownEnvoyTypeError(name, flavor);
  return desc;
}
