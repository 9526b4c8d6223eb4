/**
 * Compile figures on the synthetic mesh (generate-mesh.ts): one sidecar without Sidecar scoping,
 * and one with a namespace-scoped Sidecar, next to a baseline (model build) in the same run.
 *   node --import tsx test/bench/compile-bench.ts
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProxy } from "../../src/compile/compile.js";
import { DEFAULT_FEATURES, type CompileOptions } from "../../src/compile/options.js";
import { buildModel, type MeshModel } from "../../src/model/mesh-model.js";
import { loadFiles } from "../../src/sources/load.js";
import { generateMesh } from "./generate-mesh.js";

export interface CompileFigures {
  services: number;
  modelMs: number;
  firstCompileMs: number;
  unscopedMs: number;
  scopedMs: number;
  clustersUnscoped: number;
  clustersScoped: number;
}

function options(namespace: string, labels: Record<string, string>): CompileOptions {
  return { proxy: { id: `bench.${namespace}`, namespace, labels, ips: ["10.1.1.1"], serviceAccount: "default", type: "sidecar" }, flavor: "stock", features: { ...DEFAULT_FEATURES } };
}

function time(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export async function measureCompile(): Promise<CompileFigures> {
  const dir = mkdtempSync(join(tmpdir(), "meshc-bench-"));
  const file = join(dir, "mesh.yaml");
  const sidecar = `\n---\napiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: scoped\n  namespace: scoped-ns\nspec:\n  egress:\n  - hosts: ["./*", "istio-system/*"]\n`;
  writeFileSync(file, generateMesh() + sidecar);
  const loaded = await loadFiles([file], { maxFileBytes: 1 << 30 });
  let model!: MeshModel;
  const modelMs = time(() => void (model = buildModel(loaded.resources)), 1);
  const ns = [...model.namespaces()].map((n) => n.name).find((n) => n !== "scoped-ns") ?? "default";
  const t0 = performance.now();
  const first = compileProxy(model, options(ns, {}));
  const firstCompileMs = performance.now() - t0;
  const unscopedMs = time(() => void compileProxy(model, options(ns, {})));
  let scoped = first;
  const scopedMs = time(() => void (scoped = compileProxy(model, options("scoped-ns", {}))));
  return { services: [...model.serviceHosts()].length, modelMs, firstCompileMs, unscopedMs, scopedMs, clustersUnscoped: first.xds.clusters.length, clustersScoped: scoped.xds.clusters.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await measureCompile();
  console.log(`compile: ${f.services} services; baseline model build ${f.modelMs.toFixed(0)} ms`);
  console.log(`compile: one sidecar, no Sidecar scoping: first ${f.firstCompileMs.toFixed(0)} ms (indexes), then ${f.unscopedMs.toFixed(0)} ms (${f.clustersUnscoped} clusters; budget 1000 ms)`);
  console.log(`compile: one sidecar, namespace-scoped Sidecar: ${f.scopedMs.toFixed(1)} ms (${f.clustersScoped} clusters; budget 100 ms)`);
}
