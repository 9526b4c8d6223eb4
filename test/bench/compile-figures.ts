/**
 * The compile figures of `npm run bench` (measure.ts mode "compile", one fresh process): on the
 * synthetic mesh (generate-mesh.ts), next to the model build of the same input as a baseline:
 *  - one sidecar with no Sidecar scoping (a namespace without a Sidecar, no root-namespace Sidecar:
 *    it sees every service), with its size as Envoy JSON and its resource counts;
 *  - one sidecar under its namespace's Sidecar (`./*`, the next namespace, istio-system), in a
 *    namespace that has services;
 *  - every workload of one namespace, with the time per proxy.
 * Each compile is the best of a few runs after a first one (which also builds the per-model indexes).
 */
import { compileProxy, type CompileResult } from "../../src/compile/compile.js";
import { ENVOY_TYPES, toEnvoyJson } from "../../src/compile/envoy/index.js";
import { compileOptionsFor, DEFAULT_FEATURES, type CompileOptions } from "../../src/compile/options.js";
import { buildModel, type MeshModel } from "../../src/model/mesh-model.js";
import { loadFiles } from "../../src/sources/load.js";

export interface CompileFigures {
  /** Best unscoped compile (the row's time). */
  ms: number;
  rssMb: number;
  /** Visible services of the unscoped proxy. */
  count: number;
  services: number;
  modelMs: number;
  firstCompileMs: number;
  unscoped: { ms: number; jsonBytes: number; listeners: number; routes: number; clusters: number; endpoints: number };
  scoped: { ms: number; namespace: string; services: number; clusters: number };
  namespace: { name: string; workloads: number; totalMs: number; perProxyMs: number };
}

function best(fn: () => void, runs = 3): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

/** A proxy in a namespace with no Sidecar (nothing in the input lives there). */
function unscopedOptions(): CompileOptions {
  return { proxy: { id: "bench.unscoped", namespace: "bench-unscoped", labels: { app: "bench" }, ips: ["10.255.0.1"], serviceAccount: "bench", type: "sidecar" }, flavor: "stock", features: { ...DEFAULT_FEATURES } };
}

function jsonBytes(r: CompileResult): number {
  let n = 0;
  for (const l of r.xds.listeners) n += JSON.stringify(toEnvoyJson(ENVOY_TYPES.listener, l)).length;
  for (const x of r.xds.routes) n += JSON.stringify(toEnvoyJson(ENVOY_TYPES.routeConfiguration, x)).length;
  for (const x of r.xds.clusters) n += JSON.stringify(toEnvoyJson(ENVOY_TYPES.cluster, x)).length;
  for (const x of r.xds.endpoints ?? []) n += JSON.stringify(toEnvoyJson(ENVOY_TYPES.clusterLoadAssignment, x)).length;
  return n;
}

export async function measureCompile(files: readonly string[]): Promise<CompileFigures> {
  const loaded = await loadFiles(files, { maxFileBytes: 1 << 30 });
  let model!: MeshModel;
  const modelMs = best(() => void (model = buildModel(loaded.resources)), 1);

  let t = performance.now();
  let unscoped = compileProxy(model, unscopedOptions());
  const firstCompileMs = performance.now() - t;
  const unscopedMs = best(() => void (unscoped = compileProxy(model, unscopedOptions())));

  // The first namespace with workloads: its default Sidecar scopes each proxy.
  const ns = [...new Set(model.workloads.map((w) => w.namespace))].sort()[0]!;
  const workloads = model.workloads.filter((w) => w.namespace === ns);
  const w0 = workloads[0]!;
  let scoped = compileProxy(model, compileOptionsFor(model, w0), w0);
  const scopedMs = best(() => void (scoped = compileProxy(model, compileOptionsFor(model, w0), w0)), 5);
  const visible = (r: CompileResult) => new Set(r.ir.clusters.map((c) => /^outbound\|\d+\|[^|]*\|(.+)$/.exec(c.name)?.[1]).filter(Boolean)).size;

  t = performance.now();
  for (const w of workloads) compileProxy(model, compileOptionsFor(model, w), w);
  const totalMs = performance.now() - t;

  return {
    ms: unscopedMs,
    rssMb: process.resourceUsage().maxRSS / 1024,
    count: visible(unscoped),
    services: [...model.serviceHosts()].length,
    modelMs,
    firstCompileMs,
    unscoped: { ms: unscopedMs, jsonBytes: jsonBytes(unscoped), listeners: unscoped.xds.listeners.length, routes: unscoped.xds.routes.length, clusters: unscoped.xds.clusters.length, endpoints: (unscoped.xds.endpoints ?? []).length },
    scoped: { ms: scopedMs, namespace: ns, services: visible(scoped), clusters: scoped.xds.clusters.length },
    namespace: { name: ns, workloads: workloads.length, totalMs, perProxyMs: totalMs / workloads.length },
  };
}
