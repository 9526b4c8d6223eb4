/**
 * Run one analyzer on YAML text (or fixture files) the way `meshc analyze` would, and get back
 * `CODE Kind ns/name` strings (and the full messages) to assert on.
 *
 *   const r = await runAnalyzer(myAnalyzer, `apiVersion: ...`);
 *   assert.deepEqual(r.found, ["IST0101 VirtualService default/reviews"]);
 */
import type { Analyzer } from "../../src/analyze/define.js";
import { analyze, resourceString, type AnalysisMessage } from "../../src/analyze/run.js";
import { applyMeshConfig, defaultMeshConfig } from "../../src/model/mesh-config.js";
import { buildModel, type ModelOptions } from "../../src/model/mesh-model.js";
import { parseSourceText } from "../../src/sources/documents.js";
import { loadFiles } from "../../src/sources/load.js";
import type { LoadedResource } from "../../src/sources/source.js";

export interface TesterOptions {
  /** Files to load instead of (or besides) the text. */
  files?: string[];
  /** Mesh config fields overlaid on Istio's defaults. */
  meshConfig?: Record<string, unknown>;
  /** Default namespace of namespace-less resources (default "default"); `allNamespaces` keeps them empty. */
  defaultNamespace?: string;
  allNamespaces?: boolean;
  /** Extra resources (e.g. a built-in ingress gateway). */
  extra?: LoadedResource[];
}

export async function runAnalyzer(analyzer: Analyzer, yaml = "", options: TesterOptions = {}): Promise<{ found: string[]; messages: AnalysisMessage[] }> {
  const resources: LoadedResource[] = [];
  if (yaml) {
    const r = parseSourceText("test.yaml", yaml, { ignoreUnknown: true });
    const errors = r.diagnostics.filter((d) => d.level === "Error");
    if (errors.length) throw new Error(`test YAML does not load: ${errors.map((d) => d.message).join("; ")}`);
    resources.push(...r.resources);
  }
  if (options.files) resources.push(...(await loadFiles(options.files, { ignoreUnknown: true })).resources);
  if (options.extra) resources.push(...options.extra);
  const modelOptions: ModelOptions = {
    meshConfig: applyMeshConfig(defaultMeshConfig(), options.meshConfig ?? {}),
    ...(options.allNamespaces ? { allNamespaces: true } : { defaultNamespace: options.defaultNamespace ?? "default" }),
  };
  const result = analyze(buildModel(resources, modelOptions), [analyzer], { analyzers: [analyzer.meta.name] });
  return { found: result.messages.map((m) => `${m.code} ${m.resource ? resourceString(m.resource) : ""}`.trim()), messages: result.messages };
}
