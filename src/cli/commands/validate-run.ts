/** The body of `meshc validate`, loaded only when the command runs. */
import type { Diagnostic } from "../../diagnostic.js";
import { EXIT_CODES, UsageError } from "../../errors.js";
import { loadFiles } from "../../sources/load.js";
import { KINDS } from "../../model/kinds.js";
import { validateResources } from "../../validate/validate.js";
import { checkReferences } from "../../model/references.js";
import { buildModel } from "../../model/mesh-model.js";
import { colorLevel, makeChalk } from "../color.js";
import type { Io } from "../io.js";
import { diagnosticRecord, renderData } from "../reporters/diagnostics-data.js";
import { formatDiagnosticLine, sortDiagnostics } from "../reporters/diagnostics-text.js";
import type { ValidateFlags } from "./validate.js";
import { parseMaxFileSize } from "./shared-flags.js";

export async function runValidate(paths: string[], flags: ValidateFlags, io: Io): Promise<number> {
  const inputs = [...paths, ...(flags.filename ?? [])];
  if (inputs.length === 0 && !flags.useKube) throw new UsageError("no input: give files or directories (or -f - for stdin), or --use-kube", { hint: "meshc validate -f app.yaml" });
  const loaded = await loadFiles(inputs, { readStdin: io.readStdin, ignoreUnknown: flags.ignoreUnknown, maxFileBytes: parseMaxFileSize(flags.maxFileSize) });
  if (flags.useKube) {
    const { loadCluster } = await import("../../sources/cluster.js");
    const cluster = await loadCluster({ kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, allNamespaces: flags.allNamespaces, kinds: KINDS.filter((k) => k.istio), env: io.env });
    loaded.resources.push(...cluster.resources);
    loaded.diagnostics.push(...cluster.diagnostics);
    for (const k of cluster.forbidden) loaded.diagnostics.push({ code: "forbidden", level: "Warning", message: `not allowed to list ${k.plural}.${k.group} in context ${cluster.context}; those resources were not checked`, origin: { file: `cluster:${cluster.context}`, line: 0, column: 0 } });
  }
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...validateResources(loaded.resources)];
  if (flags.referential) diagnostics.push(...checkReferences(buildModel(loaded.resources, { defaultNamespace: flags.namespace })));
  const sorted = sortDiagnostics(diagnostics);
  const invalid = new Set(sorted.filter((d) => d.level === "Error" && d.resource).map((d) => `${d.resource!.kind}/${d.resource!.namespace}/${d.resource!.name}/${d.origin?.file}`));
  const errors = sorted.filter((d) => d.level === "Error").length;
  const warnings = sorted.filter((d) => d.level === "Warning").length;
  const files = new Set(loaded.resources.map((r) => (r.origin.type === "file" ? r.origin.file.name : "")));
  if (flags.output === "text") {
    const c = makeChalk(colorLevel(flags.color, io.env, io.stdout));
    for (const d of sorted) io.stdout.write(formatDiagnosticLine(d, c) + "\n");
    const summary = `${loaded.resources.length} resource${loaded.resources.length === 1 ? "" : "s"} in ${files.size} file${files.size === 1 ? "" : "s"}: ${invalid.size} invalid, ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    io.stdout.write(errors === 0 ? `${c.green("✔")} ${summary}\n` : `${c.red("✘")} ${summary}\n`);
  } else {
    io.stdout.write(await renderData({ resources: loaded.resources.length, invalid: invalid.size, errors, warnings, diagnostics: sorted.map(diagnosticRecord) }, flags.output));
  }
  return errors > 0 ? EXIT_CODES.input : EXIT_CODES.ok;
}
