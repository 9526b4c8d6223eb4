/**
 * meshc as a library. Data flows one way: sources → validate → model → {analyze, compile, inject}.
 *
 *   const loaded = await loadFiles(["manifests/"]);
 *   const problems = validateResources(loaded.resources);
 *   const model = buildModel(loaded.resources, { defaultNamespace: "blog-app" });
 */
export type { Diagnostic, Level, Position, ResourceRef } from "./diagnostic.js";
export { formatPath, parsePath, levelAtLeast } from "./diagnostic.js";
export { MeshcError, UsageError, InputError, ClusterError, InternalError, EXIT_CODES, exitCodeFor } from "./errors.js";
export { KINDS, lookupKind, kindInfo, apiVersionOf, splitApiVersion, type KindInfo } from "./model/kinds.js";
export { loadFiles, hasErrors, type LoadOptions } from "./sources/load.js";
export { parseSourceText } from "./sources/documents.js";
export { locate, SourceFile, type LoadedResource, type LoadResult, type Origin, type KubeObject } from "./sources/source.js";
export { YAML_LIMITS } from "./sources/yaml.js";
export { DEFAULT_MAX_FILE_BYTES } from "./sources/files.js";
export type { ClusterOptions, ClusterLoadResult } from "./sources/cluster.js";
export { validateResource, validateResources, VALIDATION_CODES, type ValidateOptions } from "./validate/validate.js";
export { buildModel, MeshModel, labelsMatch, type ModelOptions, type Resource, type Service, type ServicePort, type NamespaceInfo, type Workload } from "./model/mesh-model.js";
export { defaultMeshConfig, parseMeshConfig, type MeshConfig } from "./model/mesh-config.js";
export { resolveHost, hostsMatch, hostCovers, isExportedTo, serviceFqdn } from "./model/hosts.js";
export { servicePortProtocol, parseProtocol, type Protocol } from "./model/protocol.js";
export { checkReferences } from "./model/references.js";

/** Load resources from a cluster (imports @kubernetes/client-node only when called). */
export async function loadCluster(options: import("./sources/cluster.js").ClusterOptions) {
  const m = await import("./sources/cluster.js");
  return m.loadCluster(options);
}
export { injectManifests, type InjectOptions, type InjectResult, type WorkloadReport } from "./inject/inject.js";
export { buildSettings, type InjectSettings, type SettingsInput } from "./inject/settings.js";
export { analyze, logLine, resourceString, sortMessages, selectAnalyzers, type AnalysisMessage, type AnalyzeOptions, type AnalysisResult } from "./analyze/run.js";
export { ANALYZERS } from "./analyze/registry.js";
export { MESSAGES, messageType, type MessageType } from "./analyze/messages.js";
export { defineAnalyzer, type Analyzer, type AnalyzerMeta, type AnalysisContext } from "./analyze/define.js";
export { buildBootstrap, type BootstrapInput } from "./compile/to-xds/bootstrap.js";
export { bootstrapInputForWorkload } from "./compile/to-xds/bootstrap-workload.js";
export { resolveProxyConfig } from "./compile/proxy-config.js";
export { simulate, applyCallDefaults, type SimulatedCall, type SimulationResult, type XdsSnapshot } from "./compile/simulate.js";
export { parseConfigDump, parseConfigDumpText, toXdsSnapshot, toConfigDump, proxyConfigFromXds } from "./compile/config-dump.js";
export { compileProxy, type CompileResult } from "./compile/compile.js";
export { compileOptionsFor, proxyForWorkload, type CompileOptions } from "./compile/options.js";
export { diffXds, type XdsDiff } from "./compile/diff.js";
