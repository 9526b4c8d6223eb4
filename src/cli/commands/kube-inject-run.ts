/** The body of `meshc kube-inject`, loaded only when the command runs. */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { EXIT_CODES, InputError, UsageError } from "../../errors.js";
import { injectManifests } from "../../inject/inject.js";
import { buildSettings, type SettingsInput } from "../../inject/settings.js";
import { writeFileAtomic, type Io } from "../io.js";
import type { KubeInjectFlags } from "./kube-inject.js";

async function readInput(path: string, io: Io, what: string): Promise<string> {
  if (path === "-") return new TextDecoder().decode(await io.readStdin());
  try {
    return await readFile(resolve(io.cwd, path), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${what}: open ${path}: ${code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
  }
}

async function settingsFromCluster(flags: KubeInjectFlags, io: Io, input: SettingsInput): Promise<void> {
  const { loadCluster } = await import("../../sources/cluster.js");
  const { kindInfo } = await import("../../model/kinds.js");
  const info = kindInfo("ConfigMap");
  if (!info) throw new UsageError("--use-kube: ConfigMap kind unknown");
  const r = await loadCluster({ kinds: [info], namespace: flags.istioNamespace, env: io.env, kubeconfig: flags.kubeconfig, context: flags.context });
  const suffix = flags.revision && flags.revision !== "default" ? `-${flags.revision}` : "";
  const find = (name: string): Record<string, string> | undefined => {
    const cm = r.resources.find((x) => x.object.metadata.name === name);
    return cm ? ((cm.object.data ?? {}) as Record<string, string>) : undefined;
  };
  const mesh = find(`istio${suffix}`);
  const injector = find(`istio-sidecar-injector${suffix}`);
  if (!mesh || !injector) throw new InputError(`--use-kube: ConfigMaps istio${suffix} and istio-sidecar-injector${suffix} not found in ${flags.istioNamespace}`);
  if (input.meshConfig === undefined && mesh.mesh !== undefined) input.meshConfig = mesh.mesh;
  if (input.values === undefined && injector.values !== undefined) input.values = injector.values;
  if (input.injectConfig === undefined && injector.config !== undefined) input.injectConfig = injector.config;
}

/** -f: a file, - for stdin, or a directory (its .yaml/.yml/.json files in name order, as one stream). */
async function readManifests(path: string, io: Io): Promise<string> {
  if (path === "-") return readInput(path, io, "-f");
  const full = resolve(io.cwd, path);
  const isDir = await stat(full).then((s) => s.isDirectory(), () => false);
  if (!isDir) return readInput(path, io, "-f");
  const { expandPaths } = await import("../../sources/files.js");
  const { files, diagnostics } = await expandPaths([full]);
  const problem = diagnostics.find((d) => d.level === "Error");
  if (problem) throw new InputError(`-f: ${problem.message}`);
  const texts = await Promise.all(files.map((f) => readInput(f, io, "-f")));
  return texts.map((t) => (t.endsWith("\n") ? t : t + "\n")).join("---\n");
}

export async function runKubeInject(flags: KubeInjectFlags, io: Io): Promise<number> {
  const files = flags.filename ?? [];
  if (files.length === 0) throw new UsageError("filename not specified (see --filename or -f)", { hint: "meshc kube-inject -f app.yaml" });
  // As istioctl: when -f is given several times, the last one wins.
  const manifest = await readManifests(files[files.length - 1]!, io);
  const nativeEnv = io.env.ENABLE_NATIVE_SIDECARS === "true";
  const input: SettingsInput = { revision: flags.revision ?? "", nativeSidecars: (flags.nativeSidecars ?? false) || nativeEnv };
  // With --dry-run, "-o json|text" picks the report format (as in other meshc commands).
  const reportFormat = flags.dryRun && (flags.output === "json" || flags.output === "text") ? flags.output : flags.format;
  const outputFile = flags.dryRun && reportFormat === flags.output ? undefined : flags.output;
  if (flags.operatorFileName) input.operator = await readInput(flags.operatorFileName, io, "--operatorFileName");
  if (flags.meshConfigFile) input.meshConfig = await readInput(flags.meshConfigFile, io, "--meshConfigFile");
  if (flags.valuesFile) input.values = await readInput(flags.valuesFile, io, "--valuesFile");
  if (flags.injectConfigFile) input.injectConfig = await readInput(flags.injectConfigFile, io, "--injectConfigFile");
  if (io.env.COMPLIANCE_POLICY) input.compliancePolicy = io.env.COMPLIANCE_POLICY;
  if (flags.useKube) await settingsFromCluster(flags, io, input);
  const settings = buildSettings(input);
  const patch = flags.patch === true ? "strategic" : flags.patch;
  const result = injectManifests(manifest, settings, {
    force: flags.force ?? false,
    ...(patch ? { patch } : {}),
  });
  if (flags.dryRun) {
    const text =
      reportFormat === "json"
        ? JSON.stringify(result.reports, null, 2) + "\n"
        : result.reports
            .map((r) => `${r.document}${r.item !== undefined ? `.${r.item}` : ""} ${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}: ${r.action}${r.reason ? ` (${r.reason})` : ""}\n`)
            .join("");
    if (outputFile) await writeFileAtomic(resolve(io.cwd, outputFile), text);
    else io.stdout.write(text);
    return EXIT_CODES.ok;
  }
  if (outputFile) await writeFileAtomic(resolve(io.cwd, outputFile), result.output);
  else io.stdout.write(result.output);
  if (result.warnings.length > 0) {
    io.stderr.write("\n");
    for (const w of result.warnings) io.stderr.write(`${w}\n\n`);
  }
  return EXIT_CODES.ok;
}
