/** The body of `meshc analyze`, loaded only when the command runs. */
import type { Analyzer } from "../../analyze/define.js";
import { analyze, selectAnalyzers } from "../../analyze/run.js";
import { levelAtLeast, type Diagnostic } from "../../diagnostic.js";
import { EXIT_CODES } from "../../errors.js";
import { defaultMeshConfig, type MeshConfig } from "../../model/mesh-config.js";
import { buildModel } from "../../model/mesh-model.js";
import type { LoadedResource } from "../../sources/source.js";
import { colorLevel } from "../color.js";
import type { Io } from "../io.js";
import { ISTIO_ANALYSIS_DOCS, type AnalysisReporter } from "../reporters/analysis-data.js";
import type { AnalysisFormat, AnalyzeFlags } from "./analyze.js";
import { inputKinds, loadClusterSources, loadFileSources, readMeshConfigFile, type FileSources } from "./analyze-sources.js";
import { applySuppressions, loadSuppressionFile, parseSuppressFlags } from "./analyze-suppress.js";

let analyzersForTests: readonly Analyzer[] | undefined;

/** Tests: run `meshc analyze` (through main()) with these analyzers instead of the registry's; undefined restores. */
export function useAnalyzersForTests(list: readonly Analyzer[] | undefined): void {
  analyzersForTests = list;
}

const REPORTERS: Record<AnalysisFormat, () => Promise<AnalysisReporter>> = {
  log: async () => (await import("../reporters/analysis-log.js")).reportLog,
  json: async () => (await import("../reporters/analysis-json.js")).reportJson,
  yaml: async () => (await import("../reporters/analysis-yaml.js")).reportYaml,
  sarif: async () => (await import("../reporters/analysis-sarif.js")).reportSarif,
  github: async () => (await import("../reporters/analysis-github.js")).reportGithub,
};

export async function runAnalyze(paths: string[], flags: AnalyzeFlags, io: Io, analyzers?: readonly Analyzer[]): Promise<number> {
  const err = (line: string) => io.stderr.write(line + "\n");
  if (flags.recursive) {
    io.stdout.write("The recursive flag has been removed and is hardcoded to true without explicitly specifying it.\n");
    return EXIT_CODES.ok;
  }
  const all = analyzers ?? analyzersForTests ?? (await import("../../analyze/registry.js")).ANALYZERS;
  if (flags.listAnalyzers) {
    io.stdout.write(listAnalyzers(all));
    return EXIT_CODES.ok;
  }
  const suppressions = [...parseSuppressFlags(flags.suppress ?? [], err), ...(await loadSuppressionFile(flags.config, io.cwd, err))];
  for (const name of flags.analyzer ?? []) if (!all.some((a) => a.meta.name === name)) err(`Warning: --analyzer ${name} matches no analyzer (see meshc analyze -L)`);
  const selected = selectAnalyzers(all, flags.analyzer);

  const files: FileSources = paths.length > 0 ? await loadFileSources(paths, io, err) : { resources: [], files: [], parseErrors: [] };
  let meshConfig: MeshConfig | undefined = flags.meshConfigFile ? await readMeshConfigFile(flags.meshConfigFile, io) : undefined;
  let namespace = flags.namespace || "default";
  const clusterResources: LoadedResource[] = [];
  const skipped = new Map<string, string[]>();
  const useCluster = flags.useKube ?? paths.length === 0;
  if (useCluster) {
    const cluster = await loadClusterSources(inputKinds(selected), { kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, istioNamespace: flags.istioNamespace, revision: flags.revision, timeoutMs: flags.timeout, wantMeshConfig: !meshConfig }, io);
    if (!flags.allNamespaces && cluster.namespaceNames && !cluster.namespaceNames.has(cluster.namespace)) {
      err(`namespace "${flags.namespace ?? ""}" not found`);
      return EXIT_CODES.ok;
    }
    namespace = cluster.namespace;
    meshConfig ??= cluster.meshConfig;
    clusterResources.push(...cluster.resources);
    for (const a of selected) {
      const denied = cluster.forbidden.filter((k) => a.meta.inputs.includes(k.id)).map((k) => `${k.plural}${k.group ? `.${k.group}` : ""}`);
      if (denied.length > 0) skipped.set(a.meta.name, denied);
    }
    if (skipped.size > 0) {
      const kinds = [...new Set([...skipped.values()].flat())].sort();
      err(`Info: not allowed to list ${kinds.join(", ")} in context "${cluster.context}"; skipped the analyzers that need them: ${[...skipped.keys()].join(", ")}`);
    }
  }
  // Files only and no -n: report on every namespace the files use (istioctl would show only "default",
  // hiding findings about resources that name their own namespace). Namespace-less files still get "default".
  const filesOnlyAllNs = !useCluster && !flags.namespace && paths.length > 0;
  const selectedNs = flags.allNamespaces || filesOnlyAllNs ? undefined : namespace;
  meshConfig ??= defaultMeshConfig();
  // -i: the synthetic mesh objects live in the Istio namespace (unless the mesh config names a root namespace).
  if (flags.istioNamespace !== "istio-system" && meshConfig.rootNamespace === "istio-system") meshConfig = { ...meshConfig, rootNamespace: flags.istioNamespace };
  const model = buildModel([...clusterResources, ...files.resources], { ...(flags.allNamespaces ? { allNamespaces: true } : { defaultNamespace: namespace }), meshConfig });
  const runnable = selected.filter((a) => !skipped.has(a.meta.name));
  const result = runnable.length > 0 ? analyze(model, runnable, { analyzers: runnable.map((a) => a.meta.name), ...(selectedNs !== undefined ? { namespace: selectedNs } : {}) }) : { messages: [], executed: [] };
  const target = selectedNs !== undefined ? `namespace: ${selectedNs}` : filesOnlyAllNs && !flags.allNamespaces ? "the given files" : "all namespaces";

  if (flags.verbose) {
    err(selectedNs === undefined ? "Analyzed resources in all namespaces" : `Analyzed resources in namespace: ${selectedNs}`);
    if (skipped.size > 0) err(`Skipped analyzers:\n${[...skipped.keys()].map((n) => `\t ${n}`).join("\n")}`);
    err(`Executed analyzers:\n${selected.map((a) => `\t ${a.meta.name}`).join("\n")}\n`);
  }
  if (files.parseErrors.length > 0) err(`Error(s) adding files: ${parseErrorText(files.parseErrors)}`);

  const messages = applySuppressions(result.messages, suppressions);
  const failing = messages.some((m) => levelAtLeast(m.level, flags.failureThreshold));
  const shown = messages.filter((m) => levelAtLeast(m.level, flags.outputThreshold));
  const color = flags.output === "log" && colorLevel(flags.color, io.env, io.stdout) === 1;
  io.stdout.write(await (await REPORTERS[flags.output]())(shown, { cwd: io.cwd, color }));

  if (shown.length === 0) err(successLine(files, target));
  if (failing) {
    err(`Error: Analyzers found issues when analyzing ${target}.`);
    err(`See ${ISTIO_ANALYSIS_DOCS} for more information about causes and resolutions.`);
    return EXIT_CODES.findings;
  }
  if (files.parseErrors.length > 0 && !flags.ignoreUnknown) {
    err("Error: Some files couldn't be parsed.");
    return EXIT_CODES.input;
  }
  return EXIT_CODES.ok;
}

function parseErrorText(errors: readonly Diagnostic[]): string {
  const lines = errors.map((d) => {
    const o = d.origin;
    const where = o ? `${o.file}${o.line ? `:${o.line}:${o.column}` : ""}: ` : "";
    return `\t* ${where}${d.message}`;
  });
  return `${errors.length === 1 ? "1 error occurred" : `${errors.length} errors occurred`}:\n${lines.join("\n")}\n`;
}

function successLine(files: FileSources, target: string): string {
  if (files.parseErrors.length > 0) return `No validation issues found when analyzing ${target} (but 1 file could not be parsed).`;
  if (files.files.length === 1) return `\u2714 No validation issues found when analyzing ${files.files[0]}.`;
  if (files.files.length > 1) return `\u2714 No validation issues found when analyzing:\n${files.files.map((f) => `  - ${f}`).join("\n")}`;
  return `\u2714 No validation issues found when analyzing ${target}.`;
}

/** `-L`: istioctl's `* name:` and indented description, sorted by name, with what differs from istioctl. */
function listAnalyzers(all: readonly Analyzer[]): string {
  const sorted = [...all].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  return sorted
    .map((a) => {
      const notes = [
        a.meta.istioctlNeedsCluster ? "(istioctl skips it without a cluster; meshc runs it on files too)" : "",
        a.meta.defaultOff ? `(off by default: run it with --analyzer ${a.meta.name})` : "",
      ].filter(Boolean);
      return `* ${a.meta.name}:\n    ${a.meta.description}\n${notes.map((n) => `    ${n}\n`).join("")}`;
    })
    .join("");
}
