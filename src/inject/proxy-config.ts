/**
 * meshconfig.ProxyConfig handling (inject.md 5.2, 14.4): merging, validation of the
 * `proxy.istio.io/config` annotation, and the PROXY_CONFIG JSON the sidecar receives.
 */
import { PROXY_CONFIG_FIELDS, type ProxyConfigFieldKind } from "../model/proxy-config-fields.js";
import { InputError } from "../errors.js";
import { DEFAULT_PROXY_CONFIG } from "./defaults.js";
import { goJson, sortedKeys } from "./go-format.js";
import type { Json, JsonObject } from "./k8s-codec.js";
import { parseYamlDocument, toPlain } from "./yaml-input.js";

type Kind = ProxyConfigFieldKind;

const FIELDS = PROXY_CONFIG_FIELDS;
const KIND = new Map(FIELDS);
const SNAKE = new Map(FIELDS.map(([name]) => [name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()), name]));

const ENUMS: Record<string, string[]> = {
  interceptionMode: ["REDIRECT", "TPROXY", "NONE"],
  controlPlaneAuthPolicy: ["NONE", "MUTUAL_TLS"],
  tracingServiceName: ["APP_LABEL_AND_NAMESPACE", "CANONICAL_NAME_ONLY", "CANONICAL_NAME_AND_NAMESPACE"],
  statsCompression: ["NONE", "GZIP", "BROTLI", "ZSTD"],
};

function isObj(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Parses a Go or protobuf-JSON duration into nanoseconds. */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-")) {
    sign = -1;
    rest = rest.slice(1);
  } else if (rest.startsWith("+")) rest = rest.slice(1);
  if (rest === "") return undefined;
  let total = 0;
  let pos = 0;
  re.lastIndex = 0;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
    pos = re.lastIndex;
  }
  return sign * Math.round(total);
}

/** Protobuf JSON form of a duration: seconds with 0, 3, 6 or 9 fractional digits. */
export function formatProtoDuration(ns: number): string {
  const neg = ns < 0;
  const abs = Math.abs(ns);
  const secs = Math.floor(abs / 1e9);
  const frac = abs % 1e9;
  let f = "";
  if (frac !== 0) {
    const s9 = String(frac).padStart(9, "0");
    f = "." + (s9.endsWith("000000") ? s9.slice(0, 3) : s9.endsWith("000") ? s9.slice(0, 6) : s9);
  }
  return `${neg ? "-" : ""}${secs}${f}s`;
}

function fail(where: string, msg: string): never {
  throw new InputError(`${where}: ${msg}`);
}

/** Normalises one ProxyConfig (from YAML/JSON); `strict` rejects unknown fields and bad types. */
export function normalizeProxyConfig(raw: JsonObject, where: string, strict: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key0, value] of Object.entries(raw)) {
    const key = KIND.has(key0) ? key0 : (SNAKE.get(key0) ?? key0);
    const kind = KIND.get(key);
    if (!kind) {
      if (strict) fail(where, `unknown field "${key0}" in ProxyConfig`);
      continue;
    }
    if (value === null) continue;
    switch (kind) {
      case "string":
        if (typeof value !== "string") fail(where, `${key}: expected a string`);
        out[key] = value;
        break;
      case "int":
        if (typeof value !== "number" || !Number.isInteger(value)) fail(where, `${key}: expected an integer`);
        out[key] = value;
        break;
      case "enum": {
        const names = ENUMS[key] ?? [];
        if (typeof value === "number" && names[value] !== undefined) out[key] = names[value]!;
        else if (typeof value === "string" && (names.includes(value) || (key === "controlPlaneAuthPolicy" && value === "INHERIT"))) out[key] = value;
        else fail(where, `${key}: invalid value ${JSON.stringify(value)}`);
        break;
      }
      case "duration": {
        const ns = typeof value === "string" ? parseDuration(value) : undefined;
        if (ns === undefined) fail(where, `${key}: invalid duration ${JSON.stringify(value)}`);
        out[key] = formatProtoDuration(ns);
        break;
      }
      case "wrapper":
        if (key === "concurrency" && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
          fail(where, "concurrency: expected a non-negative integer");
        }
        if (key === "holdApplicationUntilProxyStarts" && typeof value !== "boolean") fail(where, `${key}: expected a boolean`);
        out[key] = value;
        break;
      case "message":
        if (!isObj(value)) fail(where, `${key}: expected an object`);
        out[key] = value;
        break;
      case "map":
        if (!isObj(value)) fail(where, `${key}: expected a map`);
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : String(v)]));
        break;
      case "list":
        if (!Array.isArray(value)) fail(where, `${key}: expected a list`);
        out[key] = value;
        break;
    }
  }
  return out;
}

/** Merges `over` onto `base`: fields replace, proxyMetadata merges key by key. */
export function mergeProxyConfig(base: JsonObject, over: JsonObject, where: string, strict = false): JsonObject {
  const norm = normalizeProxyConfig(over, where, strict);
  const out: JsonObject = { ...base, ...norm };
  if (isObj(norm.proxyMetadata)) {
    out.proxyMetadata = { ...(isObj(base.proxyMetadata) ? base.proxyMetadata : {}), ...norm.proxyMetadata };
  }
  return out;
}

/** Applies the `proxy.istio.io/config` annotation (YAML or JSON) over the mesh default. */
export function applyProxyConfigAnnotation(base: JsonObject, text: string, where: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = toPlain(parseYamlDocument(text));
  } catch (e) {
    fail(where, `cannot parse proxy.istio.io/config: ${(e as Error).message}`);
  }
  if (parsed === null) return base;
  if (!isObj(parsed)) fail(where, "proxy.istio.io/config must be a mapping");
  return mergeProxyConfig(base, parsed, `${where}: annotation proxy.istio.io/config`, true);
}

function isZeroScalar(v: Json, kind: Kind, key: string): boolean {
  if (kind === "string") return v === "";
  if (kind === "int") return v === 0;
  if (kind === "enum") return v === (ENUMS[key]?.[0] ?? "");
  if (kind === "duration") return false;
  if (kind === "map") return isObj(v) && Object.keys(v).length === 0;
  if (kind === "list") return Array.isArray(v) && v.length === 0;
  return false;
}

/** PROXY_CONFIG: proto-JSON of the fields that differ from Istio's defaults. */
export function proxyConfigJson(pc: JsonObject): string {
  const out: JsonObject = {};
  for (const [key, kind] of FIELDS) {
    const v = pc[key];
    if (v === undefined || v === null) continue;
    if (key in DEFAULT_PROXY_CONFIG && DEFAULT_PROXY_CONFIG[key] === v) continue;
    if (isZeroScalar(v, kind, key)) continue;
    out[key] = kind === "map" && isObj(v) ? sortedKeys(v) : v;
  }
  return goJson(out);
}

/** Effective interception mode name. */
export function interceptionModeOf(pc: JsonObject): string {
  return typeof pc.interceptionMode === "string" ? pc.interceptionMode : "REDIRECT";
}

export function proxyMetadataOf(pc: JsonObject): Record<string, string> {
  return isObj(pc.proxyMetadata) ? (pc.proxyMetadata as Record<string, string>) : {};
}
