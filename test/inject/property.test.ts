/** Property tests over generated workloads: injection never drops an input field, and is idempotent. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeStruct, type Json, type JsonObject } from "../../src/inject/k8s-codec.js";
import { injectManifests } from "../../src/inject/inject.js";
import { buildSettings } from "../../src/inject/settings.js";
import { parseYamlDocument, splitDocuments, toPlain } from "../../src/inject/yaml-input.js";
import { toGoYaml } from "../../src/inject/yaml-emit.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(r: () => number, i: number): JsonObject {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const word = (): string => pick(["alpha", "beta", "gamma", "delta", "x1", "web", "db", "a-b", "c.d"]);
  const n = (max: number): number => Math.floor(r() * max);
  const labels: JsonObject = { app: `app${i}` };
  for (let k = 0; k < n(3); k++) labels[`example.com/${word()}`] = pick([word(), "1.10", "true", "", "v2"]);
  const annotations: JsonObject = {};
  for (let k = 0; k < n(3); k++) annotations[`note/${word()}`] = pick([word(), "a: b", "*", "line1\nline2", "15020"]);
  if (r() < 0.3) annotations["prometheus.io/scrape"] = "true";
  if (r() < 0.3) annotations["prometheus.io/port"] = String(8000 + n(100));
  const containers: JsonObject[] = [];
  const count = 1 + n(3);
  for (let c = 0; c < count; c++) {
    const ctr: JsonObject = { name: `c${c}`, image: `example/${word()}:${n(9)}` };
    if (r() < 0.6) ctr.ports = [{ name: `p${c}`, containerPort: 8000 + c }];
    if (r() < 0.5) ctr.env = [{ name: `E_${c}`, value: pick([word(), "1", "yes"]) }];
    if (r() < 0.5) ctr.resources = { limits: { cpu: pick(["100m", "1", "2000m"]), memory: pick(["64Mi", "1Gi", "1024Mi"]) } };
    if (r() < 0.4) ctr.volumeMounts = [{ name: "data", mountPath: `/data${c}` }];
    if (r() < 0.3) ctr.args = ["--flag", word()];
    containers.push(ctr);
  }
  const spec: JsonObject = { containers };
  if (containers.some((c) => c.volumeMounts)) spec.volumes = [{ name: "data", emptyDir: {} }];
  if (r() < 0.3) spec.nodeSelector = { zone: word() };
  if (r() < 0.3) spec.serviceAccountName = word();
  if (r() < 0.2) spec.tolerations = [{ key: word(), operator: "Exists" }];
  const kind = pick(["Deployment", "StatefulSet", "DaemonSet", "Pod", "Job"]);
  const podMeta: JsonObject = { labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
  if (kind === "Pod") return { apiVersion: "v1", kind, metadata: { name: `w${i}`, ...podMeta }, spec };
  return {
    apiVersion: kind === "Job" ? "batch/v1" : "apps/v1",
    kind,
    metadata: { name: `w${i}`, namespace: pick(["", "shop"]) || undefined } as JsonObject,
    spec: { selector: { matchLabels: { app: `app${i}` } }, template: { metadata: podMeta, spec } },
  };
}

const TYPES: Record<string, string> = { Deployment: "a.Deployment", StatefulSet: "a.StatefulSet", DaemonSet: "a.DaemonSet", Pod: "c.Pod", Job: "b.Job" };

/** Every field of `input` is present, with the same value, in `output` (keyed lists matched by name). */
function contains(output: Json | undefined, input: Json, path: string, problems: string[]): void {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return void problems.push(`${path}: list missing`);
    input.forEach((item, i) => {
      const key = item && typeof item === "object" && !Array.isArray(item) ? (item as JsonObject).name : undefined;
      const candidates = key !== undefined ? output.filter((o) => o && typeof o === "object" && (o as JsonObject).name === key) : [output[i]];
      const ok = candidates.some((cand) => {
        const p: string[] = [];
        contains(cand, item, `${path}[${i}]`, p);
        return p.length === 0;
      });
      if (!ok) problems.push(`${path}[${i}]: element missing or changed`);
    });
    return;
  }
  if (input && typeof input === "object") {
    if (!output || typeof output !== "object" || Array.isArray(output)) return void problems.push(`${path}: object missing`);
    for (const [k, v] of Object.entries(input)) {
      if (/prometheus\.io\/(port|scrape|path)$/.test(k)) continue; // merged into ISTIO_PROMETHEUS_ANNOTATIONS by design
      contains((output as JsonObject)[k], v, `${path}.${k}`, problems);
    }
    return;
  }
  if (output !== input) problems.push(`${path}: ${JSON.stringify(input)} became ${JSON.stringify(output)}`);
}

const settings = buildSettings({});

test("generated workloads: injection never drops an input field; twice equals once", () => {
  const r = rng(20240601);
  for (let i = 0; i < 150; i++) {
    const w = generate(r, i);
    const input = toGoYaml(w as Json);
    const native = r() < 0.5;
    const once = injectManifests(input, settings, { nativeSidecars: native }).output;
    const expected = encodeStruct(toPlain(parseYamlDocument(input)), TYPES[String(w.kind)]!, "");
    const got = toPlain(parseYamlDocument(splitDocuments(once)[0]!.text)) as Json;
    const problems: string[] = [];
    contains(got, expected, "", problems);
    assert.deepEqual(problems, [], `workload ${i}:\n${input}`);
    assert.equal(injectManifests(once, settings, { nativeSidecars: native }).output, once, `re-inject ${i}`);
    assert.equal(injectManifests(once, settings, { nativeSidecars: native, force: true }).output, once, `force ${i}`);
  }
});
