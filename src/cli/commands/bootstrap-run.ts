/** The body of `meshc bootstrap`, loaded only when the command runs. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ENVOY_TYPES, toEnvoyJsonVerified } from "../../compile/envoy/index.js";
import { buildBootstrap } from "../../compile/to-xds/bootstrap.js";
import { bootstrapInputForWorkload } from "../../compile/to-xds/bootstrap-workload.js";
import { EXIT_CODES, InputError, UsageError } from "../../errors.js";
import { parseMeshConfig, type MeshConfig } from "../../model/mesh-config.js";
import { buildModel, type MeshModel, type Workload } from "../../model/mesh-model.js";
import { loadFiles } from "../../sources/load.js";
import { writeFileAtomic, type Io } from "../io.js";
import { renderData } from "../reporters/diagnostics-data.js";
import { formatDiagnosticLine } from "../reporters/diagnostics-text.js";
import { makeChalk } from "../color.js";
import type { BootstrapFlags } from "./bootstrap.js";

async function readMeshConfig(path: string, io: Io): Promise<MeshConfig> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (e) {
    throw new InputError(`--meshConfigFile ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return parseMeshConfig(path, text);
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The workload named `id` (<name>.<namespace>); an InputError listing close names otherwise. */
export function findWorkload(model: MeshModel, id: string): Workload {
  const matches = model.workloads.filter((w) => w.id === id);
  // A Pod and its Deployment may share a name: prefer the Pod (it has an IP and real labels).
  const found = matches.find((w) => w.kind === "Pod") ?? matches[0];
  if (found) return found;
  const ids = [...new Set(model.workloads.map((w) => w.id))];
  if (ids.length === 0) throw new InputError(`no workload "${id}": the input has no Pods, workload controllers or WorkloadEntries`);
  const [name = ""] = id.split(".");
  const close = ids
    .map((w) => ({ w, d: Math.min(distance(id, w), w.startsWith(`${name}.`) || w.split(".")[0] === name ? 0 : Infinity) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(id.length / 3)))
    .sort((a, b) => a.d - b.d || a.w.localeCompare(b.w))
    .slice(0, 5)
    .map((x) => x.w);
  const hint = close.length > 0 ? `did you mean ${close.join(", ")}?` : `workloads: ${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", …" : ""}`;
  throw new InputError(`no workload "${id}"${id.includes(".") ? "" : " (name it <name>.<namespace>)"}`, undefined, { hint });
}

export async function runBootstrap(workloadId: string, paths: string[], flags: BootstrapFlags, io: Io): Promise<number> {
  const inputs = [...paths, ...(flags.filename ?? [])];
  if (inputs.length === 0) throw new UsageError("no input: give files or directories (or -f - for stdin)", { hint: "meshc bootstrap posts-v1.blog-app fixtures/blog-app" });
  const loaded = await loadFiles(inputs, { readStdin: io.readStdin });
  const errors = loaded.diagnostics.filter((d) => d.level === "Error");
  if (errors.length > 0) {
    const c = makeChalk(0);
    for (const d of errors) io.stderr.write(formatDiagnosticLine(d, c) + "\n");
    throw new InputError(`cannot read the input: ${errors.length} error${errors.length === 1 ? "" : "s"}`);
  }
  const meshConfig = flags.meshConfigFile ? await readMeshConfig(flags.meshConfigFile, io) : undefined;
  const model = buildModel(loaded.resources, { defaultNamespace: flags.namespace, ...(meshConfig ? { meshConfig } : {}) });
  const workload = findWorkload(model, workloadId);
  const result = bootstrapInputForWorkload(model, workload, {
    ...(flags.ip ? { ip: flags.ip } : {}),
    ...(flags.podName ? { podName: flags.podName } : {}),
    ...(flags.istioVersion ? { istioVersion: flags.istioVersion } : {}),
  });
  for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
  const json = toEnvoyJsonVerified(ENVOY_TYPES.bootstrap, buildBootstrap(result.input), { flavor: flags.flavor });
  const text = await renderData(json, flags.output);
  if (flags.out) await writeFileAtomic(resolve(io.cwd, flags.out), text);
  else io.stdout.write(text);
  return EXIT_CODES.ok;
}
