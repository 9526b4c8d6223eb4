/**
 * buildBootstrap against Istio's six bootstrap goldens (../shared/conformance/envoy/bootstrap).
 *
 * For each case: the `.proxycfg` (protobuf text format, read by ./proto-text.ts) is normalised as
 * a ProxyConfig, the harness overrides from inputs.json are applied (configPath
 * /tmp/bootstrap/<base>, customConfigFile envoy_bootstrap.json, statusPort 15020 when 0), and the
 * remaining facts (node id, instance IPs, env, annotations, PILOT_SAN, outlier log path, ports,
 * socket file) go into BootstrapInput. As Istio's harness does, the case's annotations are given
 * both as the pod's annotations file and as ISTIO_METAJSON_ANNOTATIONS, and the XDS socket is
 * /tmp/XDS (its normalised temporary path). Both sides are then parsed strictly as
 * envoy.config.bootstrap.v3.Bootstrap and printed canonically (proto3 JSON), so key order, default
 * values and whitespace do not matter, and compared field by field.
 *
 * Normalisation of the golden (from inputs.json): unless checkLocality, node.locality zone/region
 * become "". (The lightstep, customConfigFile, temp-dir and /XDS rewrites are already satisfied by
 * the inputs above.)
 *
 * Intentional differences: NONE. Every golden matches field for field; the table below is empty
 * and the test fails if a difference appears or a listed one stops occurring.
 *
 * | case | path | golden | meshc | why |
 * | ---- | ---- | ------ | ----- | --- |
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { ENVOY_TYPES, fromEnvoyJson, toEnvoyJson, toEnvoyJsonVerified, type JsonObject } from "../../src/compile/envoy/index.js";
import { mergeProxyConfig, normalizeProxyConfig } from "../../src/compile/proxy-config.js";
import { buildBootstrap, type BootstrapInput } from "../../src/compile/to-xds/bootstrap.js";
import { sharedPath, skipNotice } from "../helpers/shared.js";
import { parseTextProto } from "./proto-text.js";

const DIR = sharedPath("conformance", "envoy", "bootstrap");
const HAS_GOLDENS = existsSync(`${DIR}/inputs.json`);

interface Case {
  base: string;
  proxycfg: string;
  golden: string;
  env: Record<string, string>;
  annotations: Record<string, string>;
  checkLocality: boolean;
  expectedStatsMatcher?: { prefixes: string; suffixes: string; regexps: string };
}
interface Inputs {
  common: {
    istioVersion: string;
    nodeId: string;
    instanceIPs: string[];
    pilotSubjectAltNames: string[];
    outlierLogPath: string;
    envoyPrometheusPort: number;
    envoyStatusPort: number;
    workloadIdentitySocketFile: string;
    stsPort: number;
  };
  cases: Case[];
}

/** case → JSON path → why it may differ (must stay in sync with the table in the file comment). */
const INTENTIONAL_DIFFERENCES: Record<string, Record<string, string>> = {};

function inputFor(inputs: Inputs, c: Case): BootstrapInput {
  const written = normalizeProxyConfig(parseTextProto(readFileSync(`${DIR}/${c.proxycfg}`, "utf8")), c.proxycfg);
  const proxyConfig = mergeProxyConfig(written, {
    configPath: `/tmp/bootstrap/${c.base}`,
    customConfigFile: "envoy_bootstrap.json",
    ...(written.statusPort ? {} : { statusPort: 15020 }),
  });
  const hasAnnotations = Object.keys(c.annotations).length > 0;
  const k = inputs.common;
  return {
    nodeId: k.nodeId,
    instanceIps: k.instanceIPs,
    proxyConfig,
    istioVersion: k.istioVersion,
    env: { ...c.env, ...(hasAnnotations ? { ISTIO_METAJSON_ANNOTATIONS: JSON.stringify(c.annotations) } : {}) },
    ...(hasAnnotations ? { podAnnotations: c.annotations } : {}),
    pilotSubjectAltNames: k.pilotSubjectAltNames,
    outlierLogPath: k.outlierLogPath,
    envoyPrometheusPort: k.envoyPrometheusPort,
    envoyStatusPort: k.envoyStatusPort,
    workloadIdentitySocketFile: k.workloadIdentitySocketFile,
    xdsSocketPath: "/tmp/XDS",
    stsPort: k.stsPort,
  };
}

function normaliseGolden(json: JsonObject, c: Case): JsonObject {
  const copy = structuredClone(json) as { node?: { locality?: Record<string, string> } };
  const locality = copy.node?.locality;
  if (!c.checkLocality && locality) {
    for (const key of ["zone", "region"]) if (key in locality) locality[key] = "";
  }
  // Re-print so a value emptied above disappears as a default.
  return toEnvoyJson(ENVOY_TYPES.bootstrap, fromEnvoyJson(ENVOY_TYPES.bootstrap, copy));
}

/** Every path where a and b differ ("$.static_resources.clusters[4].name"). */
function differences(a: unknown, b: unknown, path = "$", out: string[] = []): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, out);
  } else if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
  } else if (!Object.is(a, b)) {
    out.push(`${path}: golden ${JSON.stringify(b)}, meshc ${JSON.stringify(a)}`);
  }
  return out;
}

if (!HAS_GOLDENS) {
  test("bootstrap goldens", { skip: skipNotice("bootstrap goldens") }, () => {});
} else {
  const inputs = JSON.parse(readFileSync(`${DIR}/inputs.json`, "utf8")) as Inputs;

  test("the six goldens are all covered", () => {
    assert.deepEqual(inputs.cases.map((c) => c.base).sort(), ["all", "auth", "default", "running", "stats_inclusion", "tracing_zipkin"]);
  });

  for (const c of inputs.cases) {
    test(`golden ${c.base}: structurally equal to ${c.golden}`, () => {
      const ours = toEnvoyJsonVerified(ENVOY_TYPES.bootstrap, buildBootstrap(inputFor(inputs, c)));
      const golden = normaliseGolden(JSON.parse(readFileSync(`${DIR}/${c.golden}`, "utf8")) as JsonObject, c);
      const expected = INTENTIONAL_DIFFERENCES[c.base] ?? {};
      const found = differences(ours, golden);
      const unexpected = found.filter((d) => !Object.keys(expected).some((p) => d.startsWith(`${p}:`)));
      assert.deepEqual(unexpected, [], `${c.base}: undocumented differences`);
      for (const p of Object.keys(expected)) assert.ok(found.some((d) => d.startsWith(`${p}:`)), `${c.base}: documented difference ${p} no longer occurs`);
    });
  }

  test("stats_inclusion: {pod_ip} expands once per distinct instance IP, annotation lists first", () => {
    const c = inputs.cases.find((x) => x.base === "stats_inclusion")!;
    const patterns = buildBootstrap(inputFor(inputs, c)).statsConfig!.statsMatcher!.inclusionList!.patterns!;
    const prefixes = patterns.map((p) => p.prefix).filter((p): p is string => p !== undefined);
    const suffixes = patterns.map((p) => p.suffix).filter((p): p is string => p !== undefined);
    const regexps = patterns.map((p) => p.safeRegex?.regex).filter((p): p is string => p !== undefined);
    const want = c.expectedStatsMatcher!;
    assert.equal(prefixes[0], "reporter=");
    assert.deepEqual(prefixes.slice(1, 1 + want.prefixes.split(",").length), want.prefixes.split(","));
    assert.deepEqual(suffixes.slice(0, want.suffixes.split(",").length), want.suffixes.split(","));
    assert.deepEqual(regexps.slice(0, 1), [want.regexps]);
  });

  test("the comparison is not vacuous: default's bootstrap differs from auth's golden exactly where the inputs differ", () => {
    const def = inputs.cases.find((x) => x.base === "default")!;
    const auth = inputs.cases.find((x) => x.base === "auth")!;
    const ours = toEnvoyJsonVerified(ENVOY_TYPES.bootstrap, buildBootstrap(inputFor(inputs, def)));
    const golden = normaliseGolden(JSON.parse(readFileSync(`${DIR}/${auth.golden}`, "utf8")) as JsonObject, auth);
    assert.deepEqual(differences(ours, golden).map((d) => d.split(":")[0]), [
      "$.node.metadata.PROXY_CONFIG.configPath",
      "$.node.metadata.PROXY_CONFIG.controlPlaneAuthPolicy",
      "$.node.metadata.PROXY_CONFIG.discoveryAddress",
    ]);
  });
}

test("ProxyConfig: snake_case and camelCase, Go durations, enum numbers; unknown fields rejected", () => {
  assert.deepEqual(normalizeProxyConfig({ drain_duration: "1m30s", controlPlaneAuthPolicy: 1, extra_stat_tags: ["a"] }, "t"), {
    drainDuration: "90s",
    controlPlaneAuthPolicy: "MUTUAL_TLS",
    extraStatTags: ["a"],
  });
  assert.throws(() => normalizeProxyConfig({ drainDurations: "1s" }, "w"), /w: unknown ProxyConfig field "drainDurations"/);
  assert.throws(() => normalizeProxyConfig({ proxyAdminPort: "x" }, "w"), /proxyAdminPort: expected an integer/);
});

test("runtime values: '' removes a default flag, true/false become booleans; IPv6 instance IPs use IPv6 loopback", () => {
  const b = buildBootstrap({
    nodeId: "sidecar~fd00::1~a.b~b.svc.cluster.local",
    instanceIps: ["fd00::1"],
    proxyConfig: { proxyAdminPort: 15000, statusPort: 15020, runtimeValues: { "re2.max_program_size.error_level": "", "x.y": "true", "x.z": "7" } },
    istioVersion: "1.28.0",
    pilotSubjectAltNames: [],
  });
  const layer = b.layeredRuntime!.layers![0]!.staticLayer!;
  assert.equal("re2.max_program_size.error_level" in layer, false);
  assert.equal(layer["x.y"], true);
  assert.equal(layer["x.z"], "7");
  assert.equal(b.admin!.address!.socketAddress!.address, "::1");
  assert.equal(b.staticResources!.listeners![0]!.name, "::_15090");
  toEnvoyJsonVerified(ENVOY_TYPES.bootstrap, b);
});
