/**
 * Strict parsing of real Envoy JSON from ../shared/conformance/envoy: admin config dumps captured
 * from istio proxies, and the bootstrap goldens istio-agent writes. Parsing succeeds only if every
 * field and every `@type` is known, which is what makes it evidence that meshc's types (and so its
 * output) are valid Envoy config.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ENVOY_TYPES,
  fromEnvoyJson,
  isIstioOnlyType,
  isKnownType,
  toEnvoyJson,
  unpackAny,
  type EnvoyTypeName,
  type Flavor,
  type JsonObject,
} from "../../../src/compile/envoy/index.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/envoy/", import.meta.url));
const skip = existsSync(shared) ? false : "../shared is absent: Envoy conformance data not available";
const read = (path: string): JsonObject => JSON.parse(readFileSync(`${shared}${path}`, "utf8")) as JsonObject;

/** Dumps whose JSON Envoy printed canonically: parse then print gives back the same JSON. */
const CANONICAL = new Set([
  "gateway-https-routes.configdump.json",
  "sidecar-endpoints.configdump.json",
  "sidecar-listeners.configdump.yaml",
  "sidecar-secrets.configdump.json",
]);

/** Types the check file marks present in @grpc/grpc-js-xds's protos that meshc does not generate. */
const NOT_GENERATED: Record<string, string> = {
  "envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig":
    "its imports (opentelemetry/proto/common/v1) are not shipped in @grpc/grpc-js-xds",
};

/** Drops every list element (filter, cluster filter...) whose typed_config holds an istio-only `@type` anywhere. */
function withoutIstioOnly(json: unknown): unknown {
  if (Array.isArray(json)) {
    return json.filter((item) => !isIstioFilter(item)).map(withoutIstioOnly);
  }
  if (json !== null && typeof json === "object") {
    return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, withoutIstioOnly(value)]));
  }
  return json;
}

function isIstioFilter(item: unknown): boolean {
  return item !== null && typeof item === "object" && hasIstioType((item as { typed_config?: unknown }).typed_config);
}

function hasIstioType(json: unknown): boolean {
  if (Array.isArray(json)) return json.some(hasIstioType);
  if (json === null || typeof json !== "object") return false;
  const type = (json as { "@type"?: unknown })["@type"];
  return (typeof type === "string" && isIstioOnlyType(type)) || Object.values(json).some(hasIstioType);
}

function checkRoundTrip(type: EnvoyTypeName, json: unknown, flavor: Flavor, canonical: boolean): void {
  const message = fromEnvoyJson(type, json, { flavor });
  const printed = toEnvoyJson(type, message, { flavor });
  if (canonical) assert.deepEqual(printed, json);
  assert.deepEqual(fromEnvoyJson(type, printed, { flavor }), message);
  assert.deepEqual(toEnvoyJson(type, fromEnvoyJson(type, printed, { flavor }), { flavor }), printed);
}

if (!skip) test("typed-config-check.json: every stock @type is known, istio-proxy ones need the istio flavor", () => {
  const check = read("typed-config-check.json") as { sources: { atTypes: { type: string; status: string }[]; typedStructInnerTypeUrls: { type: string; status: string }[] }[] };
  const unknown: string[] = [];
  for (const source of check.sources) {
    for (const { type, status } of [...source.atTypes, ...source.typedStructInnerTypeUrls]) {
      const name = type.slice(type.lastIndexOf("/") + 1);
      if (NOT_GENERATED[name] !== undefined) continue;
      if (status === "present" || name.startsWith("google.protobuf.")) {
        if (!isKnownType(name, "stock")) unknown.push(name);
      } else if (status.includes("Istio-proxy")) {
        if (!isKnownType(name, "istio") || isKnownType(name, "stock")) unknown.push(`${name} (istio)`);
      }
    }
  }
  assert.deepEqual([...new Set(unknown)], []);
});

for (const file of skip ? [] : readdirSync(`${shared}configdump`).sort()) {
  const type: EnvoyTypeName = file === "bootstrapdump.json" ? ENVOY_TYPES.bootstrapConfigDump : ENVOY_TYPES.configDump;
  test(`config dump ${file} parses strictly (istio flavor) and round-trips`, () => {
    checkRoundTrip(type, read(`configdump/${file}`), "istio", CANONICAL.has(file));
  });
  test(`config dump ${file} parses strictly in the stock flavor once istio-only filters are skipped`, () => {
    // (not compared to the input text: skipping filters can leave empty lists, which print as nothing)
    checkRoundTrip(type, withoutIstioOnly(read(`configdump/${file}`)), "stock", false);
  });
}

if (!skip) test("the sidecar listener dump holds 29 listeners, readable through unpackAny", () => {
  const dump = fromEnvoyJson(ENVOY_TYPES.configDump, read("configdump/sidecar-listeners.configdump.yaml"), { flavor: "istio" });
  const listeners = unpackAny(dump.configs![0]!, ENVOY_TYPES.listenersConfigDump);
  assert.equal(listeners.staticListeners!.length + listeners.dynamicListeners!.length, 29);
  const names = listeners.dynamicListeners!.map((l) => unpackAny(l.activeState!.listener!, ENVOY_TYPES.listener).name);
  assert.ok(names.includes("virtualInbound") && names.includes("0.0.0.0_9080"), names.join(", "));
  assert.throws(
    () => fromEnvoyJson(ENVOY_TYPES.configDump, read("configdump/sidecar-listeners.configdump.yaml")),
    /\$\.configs\[0\]\.dynamic_listeners\[0\]\.active_state\.listener\..*is an istio-proxy-only extension/,
  );
});

for (const file of skip ? [] : readdirSync(`${shared}bootstrap`).filter((f) => f.endsWith("_golden.json")).sort()) {
  test(`bootstrap golden ${file} parses strictly as a Bootstrap and round-trips`, () => {
    checkRoundTrip(ENVOY_TYPES.bootstrap, read(`bootstrap/${file}`), "stock", false);
  });
}

// The one line shown when ../shared is not there.
if (skip) test("Envoy conformance data", { skip }, () => {});
