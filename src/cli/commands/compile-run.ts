/** The body of `meshc compile`, loaded only when the command runs; also the YAML input of proxy-config and simulate. */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { compileProxy, type CompileResult } from "../../compile/compile.js";
import { proxyConfigFromXds, toConfigDump, type ProxyConfig } from "../../compile/config-dump.js";
import { ENVOY_TYPES, XDS_TYPE_URLS, anyOf, toEnvoyJson, type Flavor } from "../../compile/envoy/index.js";
import { compileOptionsFor } from "../../compile/options.js";
import { EXIT_CODES, InputError, UsageError } from "../../errors.js";
import { parseMeshConfig, type MeshConfig } from "../../model/mesh-config.js";
import { buildModel, type MeshModel, type Workload } from "../../model/mesh-model.js";
import { loadFiles } from "../../sources/load.js";
import { writeFileAtomic, type Io } from "../io.js";
import { renderData } from "../reporters/diagnostics-data.js";
import { formatDiagnosticLine } from "../reporters/diagnostics-text.js";
import { makeChalk } from "../color.js";
import { findWorkload } from "./bootstrap-run.js";
import type { CompileFlags } from "./compile.js";
import { readFile } from "node:fs/promises";

export async function loadModel(inputs: readonly string[], opts: { meshConfigFile?: string; namespace?: string }, io: Io): Promise<MeshModel> {
  if (inputs.length === 0) throw new UsageError("no input: give files or directories (or -f - for stdin)", { hint: "meshc compile fixtures/blog-app --proxy frontend.blog-app" });
  const loaded = await loadFiles(inputs, { readStdin: io.readStdin });
  const errors = loaded.diagnostics.filter((d) => d.level === "Error");
  if (errors.length > 0) {
    const c = makeChalk(0);
    for (const d of errors) io.stderr.write(formatDiagnosticLine(d, c) + "\n");
    throw new InputError(`cannot read the input: ${errors.length} error${errors.length === 1 ? "" : "s"}`);
  }
  let meshConfig: MeshConfig | undefined;
  if (opts.meshConfigFile) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, opts.meshConfigFile), "utf8");
    } catch (e) {
      throw new InputError(`--meshConfigFile ${opts.meshConfigFile}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    meshConfig = parseMeshConfig(opts.meshConfigFile, text);
  }
  return buildModel(loaded.resources, { ...(opts.namespace ? { defaultNamespace: opts.namespace } : {}), ...(meshConfig ? { meshConfig } : {}) });
}

export function compileWorkload(model: MeshModel, workload: Workload, flavor: Flavor, ip?: string): CompileResult {
  return compileProxy(model, compileOptionsFor(model, workload, { flavor, ...(ip ? { ip } : {}) }), workload);
}

export function toProxyConfig(r: CompileResult, flavor: Flavor): ProxyConfig {
  return proxyConfigFromXds(r.xds, { ...(r.bootstrap ? { bootstrap: r.bootstrap } : {}), secrets: r.secrets, flavor });
}

function reportDiagnostics(r: CompileResult, io: Io): void {
  const c = makeChalk(0);
  for (const d of r.diagnostics) io.stderr.write(formatDiagnosticLine(d, c) + "\n");
}

/** The files of one proxy for --emit, name → text. */
async function render(r: CompileResult, flags: CompileFlags): Promise<Record<string, string>> {
  const opts = { flavor: flags.flavor };
  const ext = flags.output;
  if (flags.emit === "ir") return { [`ir.${ext}`]: await renderData(r.ir, flags.output) };
  if (flags.emit === "dump") return { [`config_dump.${ext}`]: await renderData(toEnvoyJson(ENVOY_TYPES.configDump, toConfigDump(toProxyConfig(r, flags.flavor)), opts), flags.output) };
  const response = (typeUrl: string, resources: ReturnType<typeof anyOf>[]) => toEnvoyJson(ENVOY_TYPES.discoveryResponse, { versionInfo: "meshc", typeUrl, resources }, opts);
  const files: Record<string, string> = {
    [`lds.${ext}`]: await renderData(response(XDS_TYPE_URLS.listener, r.xds.listeners.map((l) => anyOf(ENVOY_TYPES.listener, l))), flags.output),
    [`rds.${ext}`]: await renderData(response(XDS_TYPE_URLS.route, r.xds.routes.map((x) => anyOf(ENVOY_TYPES.routeConfiguration, x))), flags.output),
    [`cds.${ext}`]: await renderData(response(XDS_TYPE_URLS.cluster, r.xds.clusters.map((x) => anyOf(ENVOY_TYPES.cluster, x))), flags.output),
    [`eds.${ext}`]: await renderData(response(XDS_TYPE_URLS.endpoint, (r.xds.endpoints ?? []).map((x) => anyOf(ENVOY_TYPES.clusterLoadAssignment, x))), flags.output),
  };
  if (r.bootstrap) files[`bootstrap.${ext}`] = await renderData(toEnvoyJson(ENVOY_TYPES.bootstrap, r.bootstrap, opts), flags.output);
  return files;
}

export async function runCompile(paths: string[], flags: CompileFlags, io: Io): Promise<number> {
  const model = await loadModel([...paths, ...(flags.filename ?? [])], flags, io);
  if (flags.all) {
    if (!flags.outDir) throw new UsageError("--all needs --out-dir");
    const ids = [...new Set(model.workloads.map((w) => w.id))].sort();
    for (const id of ids) {
      const r = compileWorkload(model, findWorkload(model, id), flags.flavor, flags.ip);
      reportDiagnostics(r, io);
      const dir = join(resolve(io.cwd, flags.outDir), id);
      await mkdir(dir, { recursive: true });
      for (const [name, text] of Object.entries(await render(r, flags))) await writeFileAtomic(join(dir, name), text);
    }
    return EXIT_CODES.ok;
  }
  if (!flags.proxy) throw new UsageError("give --proxy <name>.<namespace> (or --all)", { hint: "meshc compile fixtures/blog-app --proxy frontend.blog-app" });
  const r = compileWorkload(model, findWorkload(model, flags.proxy), flags.flavor, flags.ip);
  reportDiagnostics(r, io);
  const files = await render(r, flags);
  if (flags.emit === "xds" && !flags.outDir) throw new UsageError("--emit xds writes several files: give --out-dir");
  if (flags.outDir) {
    const dir = resolve(io.cwd, flags.outDir);
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFileAtomic(join(dir, name), text);
  } else io.stdout.write(Object.values(files)[0]!);
  return EXIT_CODES.ok;
}
