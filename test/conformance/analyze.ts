/**
 * analyze conformance: replays ../shared/conformance/analyze/cases.json through the analysis engine with
 * the harness rules of that folder's README (only the case's analyzer; no default namespace; kube-system-like
 * namespaces dropped; the built-in ingress gateway Pod and Service; multiset comparison of {code, resource}).
 *
 *   node --import tsx test/conformance/analyze.ts [substring]     prints "analyze: N/105 passed" and failures
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, resourceString } from "../../src/analyze/run.js";
import { ANALYZERS } from "../../src/analyze/registry.js";
import { lookupKind } from "../../src/model/kinds.js";
import { applyMeshConfig, defaultMeshConfig } from "../../src/model/mesh-config.js";
import { buildModel, buildMultiClusterModel } from "../../src/model/mesh-model.js";
import { meshNetworksFrom } from "../../src/model/mesh-networks.js";
import { loadFiles } from "../../src/sources/load.js";
import type { KubeObject, LoadedResource } from "../../src/sources/source.js";
import { load } from "js-yaml";
import { SHARED_DIR } from "../helpers/shared.js";

export const ANALYZE_SUITE = join(SHARED_DIR, "conformance", "analyze");

export interface AnalyzeCase {
  id: string;
  name: string;
  inputFiles: string[];
  meshConfigFile?: string;
  meshNetworksFile?: string;
  analyzer: string;
  analyzerName: string;
  expected: { code: string; resource: string }[];
  skipAll?: boolean;
  multiCluster?: boolean;
  clusters?: Record<string, string[]>;
  cliArgs?: string[];
}

export interface ConformanceResult {
  passed: number;
  total: number;
  failures: { name: string; firstDiff: string }[];
  skipped?: string;
}

export const DROPPED_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"]);

/** The harness's built-in ingress gateway: a Pod and a Service in istio-system named after the mesh's ingress service. */
export function builtinIngressGateway(ingressService: string): LoadedResource[] {
  const make = (object: KubeObject): LoadedResource => {
    const found = lookupKind(object.apiVersion, object.kind);
    if (found.status !== "known") throw new Error("builtin kind");
    return { object, info: found.info, version: found.version, origin: { type: "cluster", context: "builtin" } };
  };
  return [
    make({ apiVersion: "v1", kind: "Pod", metadata: { name: `${ingressService}-dummypod`, namespace: "istio-system", labels: { istio: "ingressgateway" } }, spec: { containers: [{ name: "istio-proxy" }] } }),
    make({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: ingressService, namespace: "istio-system" },
      spec: {
        selector: { istio: "ingressgateway" },
        ports: [
          { name: "http2", port: 80, targetPort: 80, protocol: "TCP" },
          { name: "https", port: 443, targetPort: 443, protocol: "TCP" },
          { name: "tcp", port: 31400, targetPort: 31400, protocol: "TCP" },
          { name: "tls", port: 15443, targetPort: 15443, protocol: "TCP" },
        ],
      },
    }),
  ];
}

/** The case's files, loaded and without the dropped namespaces. */
async function loadCaseFiles(files: readonly string[]): Promise<LoadedResource[]> {
  const loaded = await loadFiles(files.map((f) => join(ANALYZE_SUITE, f)), { ignoreUnknown: true });
  return loaded.resources.filter((r) => {
    const ns = r.info.namespaced ? r.object.metadata.namespace : r.info.kind === "Namespace" ? r.object.metadata.name : undefined;
    return !(ns && DROPPED_NAMESPACES.has(ns));
  });
}

export async function produced(c: AnalyzeCase): Promise<string[]> {
  let meshConfig = defaultMeshConfig();
  if (c.meshConfigFile) meshConfig = applyMeshConfig(meshConfig, (load(readFileSync(join(ANALYZE_SUITE, c.meshConfigFile), "utf8")) ?? {}) as Record<string, unknown>);
  const meshNetworks = c.meshNetworksFile ? meshNetworksFrom(load(readFileSync(join(ANALYZE_SUITE, c.meshNetworksFile), "utf8"))) : undefined;
  const options = { allNamespaces: true, meshConfig, ...(meshNetworks ? { meshNetworks } : {}) };
  let model;
  if (c.multiCluster) {
    // Each cluster's files are one cluster's resources (Istio's multi-cluster test table has no built-in gateway).
    const byCluster: Record<string, LoadedResource[]> = {};
    for (const [id, files] of Object.entries(c.clusters ?? {})) byCluster[id] = await loadCaseFiles(files);
    model = buildMultiClusterModel(byCluster, options);
  } else {
    const resources = await loadCaseFiles(c.inputFiles);
    if (meshConfig.ingressControllerMode !== "OFF") resources.push(...builtinIngressGateway(meshConfig.ingressService));
    model = buildModel(resources, options);
  }
  const result = analyze(model, ANALYZERS, { analyzers: [c.analyzerName] });
  if (!result.executed.includes(c.analyzerName)) throw new Error(`analyzer ${c.analyzerName} is not implemented`);
  return result.messages.map((m) => `${m.code} ${m.resource ? resourceString(m.resource) : ""}`);
}

function multisetDiff(expected: string[], actual: string[]): string | undefined {
  const count = new Map<string, number>();
  for (const e of expected) count.set(e, (count.get(e) ?? 0) + 1);
  for (const a of actual) count.set(a, (count.get(a) ?? 0) - 1);
  const missing = [...count].filter(([, n]) => n > 0).map(([k]) => k);
  const extra = [...count].filter(([, n]) => n < 0).map(([k]) => k);
  if (missing.length === 0 && extra.length === 0) return undefined;
  return `${missing.length ? `missing ${JSON.stringify(missing)}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `unexpected ${JSON.stringify(extra)}` : ""}`;
}

export function loadCases(): AnalyzeCase[] {
  return JSON.parse(readFileSync(join(ANALYZE_SUITE, "cases.json"), "utf8")) as AnalyzeCase[];
}

export async function runAnalyzeConformance(filter?: string): Promise<ConformanceResult> {
  if (!existsSync(join(ANALYZE_SUITE, "cases.json"))) return { passed: 0, total: 0, failures: [], skipped: "conformance suite not found at ../shared/conformance/analyze" };
  const cases = loadCases().filter((c) => !filter || c.id.includes(filter) || c.analyzerName.includes(filter));
  const failures: { name: string; firstDiff: string }[] = [];
  let passed = 0;
  for (const c of cases) {
    try {
      const diff = multisetDiff(c.expected.map((e) => `${e.code} ${e.resource}`), await produced(c));
      if (diff) failures.push({ name: `${c.id} (${c.analyzerName})`, firstDiff: diff });
      else passed++;
    } catch (e) {
      failures.push({ name: `${c.id} (${c.analyzerName})`, firstDiff: (e as Error).message });
    }
  }
  return { passed, total: cases.length, failures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runAnalyzeConformance(process.argv[2]);
  if (r.skipped) console.log(`analyze: skipped (${r.skipped})`);
  else {
    console.log(`analyze: ${r.passed}/${r.total} passed`);
    for (const f of r.failures) console.log(`  ✘ ${f.name}: ${f.firstDiff}`);
  }
}
