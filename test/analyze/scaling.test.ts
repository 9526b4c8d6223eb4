/**
 * No analyzer may be quadratic in the number of resources: each one runs on a mesh and on one four times
 * its size, and the pairwise comparisons it makes (selector against labels, host against host; counted
 * by src/analyze/common/comparisons.ts) may grow about four times, not sixteen. Counts, not wall time,
 * so the test is deterministic.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resetComparisons, comparisons } from "../../src/analyze/common/comparisons.js";
import { ANALYZERS } from "../../src/analyze/registry.js";
import { analyze } from "../../src/analyze/run.js";
import { buildModel } from "../../src/model/mesh-model.js";
import { parseSourceText } from "../../src/sources/documents.js";
import type { LoadedResource } from "../../src/sources/source.js";
import { generateMesh } from "../bench/generate-mesh.js";

/** Per service, besides the bench mesh: a Pod, a Sidecar and a Telemetry selecting it, a namespace-scoped VirtualService. */
function extras(services: number, namespaces: number): string {
  const docs: string[] = [];
  for (let i = 0; i < services; i++) {
    const ns = `team-${i % namespaces}`;
    const labels = `app: svc-${i}\n      version: v1`;
    docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: svc-${i}-pod
  namespace: ${ns}
  labels:
    app: svc-${i}
    version: v1
spec:
  containers:
  - name: app
    image: app
`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: svc-${i}
  namespace: ${ns}
spec:
  workloadSelector:
    labels:
      ${labels}
`);
    docs.push(`apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: svc-${i}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      ${labels}
`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: svc-${i}-local
  namespace: ${ns}
spec:
  exportTo: ["."]
  hosts: ["svc-${i}-local.${ns}.svc.cluster.local", "*.local-${i}.example.com"]
  http:
  - route:
    - destination:
        host: svc-${i}
`);
  }
  return docs.join("---\n");
}

function load(services: number, namespaces: number): LoadedResource[] {
  const text = `${generateMesh({ services, namespaces })}---\n${extras(services, namespaces)}`;
  const r = parseSourceText("mesh.yaml", text, { ignoreUnknown: true });
  assert.deepEqual(r.diagnostics.filter((d) => d.level === "Error"), []);
  return r.resources;
}

/** Comparisons each analyzer makes on these resources (a fresh model per analyzer, so shared indexes count where built). */
function countComparisons(resources: readonly LoadedResource[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of ANALYZERS) {
    const model = buildModel(resources, { allNamespaces: true });
    resetComparisons();
    analyze(model, [a], { analyzers: [a.meta.name] });
    out.set(a.meta.name, comparisons.selector + comparisons.host);
  }
  return out;
}

function assertLinear(small: Map<string, number>, large: Map<string, number>, what: string): void {
  const superlinear: string[] = [];
  for (const [name, n] of small) {
    const m = large.get(name)!;
    // Linear growth is ~4×; quadratic would be ~16×. The constant absorbs per-run setup.
    if (m > 6 * n + 100) superlinear.push(`${name}: ${n} comparisons on the mesh, ${m} on 4× the ${what}`);
  }
  assert.deepEqual(superlinear, [], "analyzers whose work grows faster than linearly");
}

test("no analyzer's comparisons grow faster than linearly with the services of a namespace", () => {
  assertLinear(countComparisons(load(40, 2)), countComparisons(load(160, 2)), "services (same namespaces)");
});

test("no analyzer's comparisons grow faster than linearly with the namespaces", () => {
  assertLinear(countComparisons(load(40, 8)), countComparisons(load(160, 32)), "services and namespaces");
});
