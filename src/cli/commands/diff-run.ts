/** The body of `meshc diff`, loaded only when the command runs. */
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { diffXds, type XdsDiff } from "../../compile/diff.js";
import type { XdsSnapshot } from "../../compile/simulate/types.js";
import type { Diagnostic } from "../../diagnostic.js";
import { EXIT_CODES, InputError, UsageError } from "../../errors.js";
import { parseMeshConfig, type MeshConfig } from "../../model/mesh-config.js";
import { buildModel, type MeshModel, type Workload } from "../../model/mesh-model.js";
import { parseSourceText } from "../../sources/documents.js";
import { DEFAULT_MAX_FILE_BYTES } from "../../sources/files.js";
import { loadFiles } from "../../sources/load.js";
import type { LoadResult } from "../../sources/source.js";
import { colorLevel, makeChalk } from "../color.js";
import type { Io } from "../io.js";
import { formatDiagnosticLine } from "../reporters/diagnostics-text.js";
import { findWorkload } from "./bootstrap-run.js";
import { compileWorkload } from "./compile-run.js";
import type { DiffFlags } from "./diff.js";

/** Exit code when the Envoy config changed (as diff(1) and `git diff --exit-code`, which use 1; 1 is meshc's internal error). */
export const EXIT_CHANGED = EXIT_CODES.changed;

type Side = "old" | "new";

/** One proxy's comparison; `change` when the workload exists on one side only. */
export interface ProxyDiff {
  proxy: string;
  change?: "added" | "removed";
  diff: XdsDiff;
}

const EMPTY: XdsSnapshot = { listeners: [], routes: [], clusters: [], endpoints: [] };

function printErrors(diagnostics: readonly Diagnostic[], side: Side, io: Io): number {
  const errors = diagnostics.filter((d) => d.level === "Error");
  const c = makeChalk(0);
  for (const d of errors) io.stderr.write(`${side}: ${formatDiagnosticLine(d, c)}\n`);
  return errors.length;
}

function modelOf(side: Side, label: string, loaded: LoadResult, opts: { namespace?: string; meshConfig?: MeshConfig }, io: Io): MeshModel {
  const n = printErrors(loaded.diagnostics, side, io);
  if (n > 0) throw new InputError(`cannot read the ${side} side (${label}): ${n} error${n === 1 ? "" : "s"}`);
  return buildModel(loaded.resources, { ...(opts.namespace ? { defaultNamespace: opts.namespace } : {}), ...(opts.meshConfig ? { meshConfig: opts.meshConfig } : {}) });
}

/** Both sides' resources: OLD NEW as paths (one may be -), or --git REV [paths] against the working tree. */
async function loadSides(paths: string[], flags: DiffFlags, io: Io): Promise<{ old: LoadResult; new: LoadResult; labels: [string, string] }> {
  const read = (p: string) => loadFiles([p], { readStdin: io.readStdin });
  if (flags.git === undefined) {
    if (paths.length !== 2) throw new UsageError(`give two inputs, OLD and NEW (got ${paths.length}), or --git <rev> [paths...]`, { hint: "meshc diff fixtures/blog-app fixtures/diff/weight-changed --proxy frontend.blog-app" });
    if (paths[0] === "-" && paths[1] === "-") throw new UsageError("only one side can be - (stdin)");
    return { old: await read(paths[0]!), new: await read(paths[1]!), labels: [paths[0]!, paths[1]!] };
  }
  const given = paths.length > 0 ? paths : ["."];
  if (given.includes("-")) throw new UsageError("--git compares files: - (stdin) cannot be one of its paths");
  const { readGitSides } = await import("./diff-git.js");
  const git = await readGitSides(flags.git, given, io.cwd, DEFAULT_MAX_FILE_BYTES);
  const old: LoadResult = { resources: [], diagnostics: [...git.old.diagnostics] };
  for (const f of git.old.files) {
    const r = parseSourceText(f.name, f.text);
    for (const x of r.resources) old.resources.push(x);
    for (const d of r.diagnostics) old.diagnostics.push(d);
  }
  for (const p of given) {
    const atRev = !git.old.missing.includes(p);
    const onDisk = !git.newMissing.includes(p);
    if (!atRev && !onDisk) throw new InputError(`no input files under ${p}, neither in the working tree nor at ${flags.git}`);
    if (!onDisk) io.stderr.write(`note: no input files under ${p} in the working tree: the new side has nothing there\n`);
    if (!atRev) io.stderr.write(`note: no input files under ${p} at ${flags.git}: the old side has nothing there\n`);
  }
  // Named relative to the working directory when that is where relative paths resolve.
  const names = git.newFiles.map((abs) => {
    const rel = relative(io.cwd, abs);
    return resolve(rel) === abs ? rel : abs;
  });
  const next = names.length > 0 ? await loadFiles(names) : { resources: [], diagnostics: [] };
  return { old, new: next, labels: [`${flags.git}:${given.join(" ")}`, `working tree ${given.join(" ")}`] };
}

async function readMeshConfig(path: string, io: Io): Promise<MeshConfig> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (e) {
    throw new InputError(`--meshConfigFile ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return parseMeshConfig(path, text);
}

function workloadIn(model: MeshModel, id: string): Workload | undefined {
  return model.workloads.some((w) => w.id === id) ? findWorkload(model, id) : undefined;
}

function compileSide(side: Side, model: MeshModel, workload: Workload | undefined, flags: DiffFlags, io: Io): XdsSnapshot {
  if (!workload) return EMPTY;
  const r = compileWorkload(model, workload, flags.flavor, flags.ip);
  printErrors(r.diagnostics, side, io);
  return r.xds;
}

function diffProxy(id: string, models: { old: MeshModel; new: MeshModel }, flags: DiffFlags, io: Io): ProxyDiff {
  const wOld = workloadIn(models.old, id);
  const wNew = workloadIn(models.new, id);
  if (!wOld && !wNew) findWorkload(models.new, id); // throws, naming close matches
  const diff = diffXds(compileSide("old", models.old, wOld, flags, io), compileSide("new", models.new, wNew, flags, io), { flavor: flags.flavor });
  return { proxy: id, ...(wOld ? (wNew ? {} : { change: "removed" as const }) : { change: "added" as const }), diff };
}

export async function runDiff(paths: string[], flags: DiffFlags, io: Io): Promise<number> {
  if (flags.all && flags.proxy) throw new UsageError("give --proxy or --all, not both");
  if (!flags.all && !flags.proxy) throw new UsageError("give --proxy <name>.<namespace> (or --all)", { hint: "meshc diff fixtures/blog-app fixtures/diff/weight-changed --proxy frontend.blog-app" });
  const context = Number(flags.unified);
  if (!Number.isInteger(context) || context < 0) throw new UsageError(`--unified must be a whole number of lines, not "${flags.unified}"`);
  const meshConfig = flags.meshConfigFile ? await readMeshConfig(flags.meshConfigFile, io) : undefined;
  const sides = await loadSides(paths, flags, io);
  const opts = { ...(flags.namespace ? { namespace: flags.namespace } : {}), ...(meshConfig ? { meshConfig } : {}) };
  const oldModel = modelOf("old", sides.labels[0], sides.old, opts, io);
  const newModel = modelOf("new", sides.labels[1], sides.new, opts, io);
  const models = { old: oldModel, new: newModel };

  const ids = flags.all ? [...new Set([...oldModel.workloads, ...newModel.workloads].map((w) => w.id))].sort() : [flags.proxy!];
  if (ids.length === 0) throw new InputError("--all: neither side has a workload (Pods, workload controllers or WorkloadEntries)");
  const results = ids.map((id) => diffProxy(id, models, flags, io));
  const changed = results.filter((r) => r.diff.changes.length > 0);

  if (flags.output === "json") {
    const { renderDiffJson } = await import("../reporters/diff-json.js");
    io.stdout.write(renderDiffJson(results, { all: flags.all === true }));
  } else {
    const { renderDiffText } = await import("../reporters/diff-text.js");
    const chalk = makeChalk(colorLevel(flags.color, io.env, io.stdout));
    io.stdout.write(renderDiffText(results, { all: flags.all === true, full: flags.full === true, context, chalk }));
  }
  return changed.length > 0 ? EXIT_CHANGED : EXIT_CODES.ok;
}
