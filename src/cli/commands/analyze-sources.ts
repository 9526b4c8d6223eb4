/**
 * What `meshc analyze` analyzes: files and stdin (every kind, named as the user typed them), the cluster
 * (only the kinds the selected analyzers read; files override it), and the mesh config.
 */
import { readFile } from "node:fs/promises";
import { extname, join, relative, resolve } from "node:path";
import type { Analyzer } from "../../analyze/define.js";
import type { Diagnostic } from "../../diagnostic.js";
import { InputError } from "../../errors.js";
import { kindInfo, type KindInfo } from "../../model/kinds.js";
import { parseMeshConfig, type MeshConfig } from "../../model/mesh-config.js";
import { parseSourceText } from "../../sources/documents.js";
import { DEFAULT_MAX_FILE_BYTES, INPUT_EXTENSIONS, decodeText, expandPaths, readTextFile } from "../../sources/files.js";
import { LOAD_CODES, type LoadedResource } from "../../sources/source.js";
import type { Io } from "../io.js";

/** Namespaces istioctl never reads (nor does the conformance harness). */
export const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"]);

export interface FileSources {
  resources: LoadedResource[];
  /** Files read (after directory expansion), as named in messages. */
  files: string[];
  /** Documents or files that could not be parsed. */
  parseErrors: Diagnostic[];
}

function inSystemNamespace(r: LoadedResource): boolean {
  const ns = r.info.namespaced ? r.object.metadata.namespace : r.info.id === "Namespace" ? r.object.metadata.name : undefined;
  return ns !== undefined && SYSTEM_NAMESPACES.has(ns);
}

/** Files, directories and "-" (stdin, named "-"). Paths are relative to io.cwd and keep the spelling given. */
export async function loadFileSources(inputs: readonly string[], io: Io, notice: (line: string) => void): Promise<FileSources> {
  const out: FileSources = { resources: [], files: [], parseErrors: [] };
  const add = (name: string, text: string) => {
    const r = parseSourceText(name, text);
    for (const res of r.resources) if (!inSystemNamespace(res)) out.resources.push(res);
    // Unknown kinds are skipped silently (as istioctl); empty files are fine; anything else is a parse error.
    for (const d of r.diagnostics) if (d.code !== LOAD_CODES.unknownKind && d.message !== "file is empty") out.parseErrors.push(d);
  };
  let stdinRead = false;
  for (const input of inputs) {
    if (input === "-") {
      if (stdinRead) continue;
      stdinRead = true;
      const r = decodeText("-", await io.readStdin(), DEFAULT_MAX_FILE_BYTES);
      out.files.push("-");
      if (r.ok) add("-", r.text);
      else out.parseErrors.push(r.diagnostic);
      continue;
    }
    const abs = resolve(io.cwd, input);
    const expanded = await expandPaths([abs]);
    const fatal = expanded.diagnostics.find((d) => d.level === "Error");
    if (fatal && expanded.files.length === 0) throw new InputError(fatal.message.replace(abs, input), { file: input });
    for (const d of expanded.diagnostics) out.parseErrors.push({ ...d, message: d.message.replace(abs, input) });
    for (const file of expanded.files) {
      const name = file === abs ? input : join(input, relative(abs, file));
      if (file === abs && !INPUT_EXTENSIONS.includes(extname(file).toLowerCase())) {
        notice(`Skipping file ${input}, recognized file extensions are: [.json .yaml .yml]`);
        continue;
      }
      out.files.push(name);
      const r = await readTextFile(file, DEFAULT_MAX_FILE_BYTES);
      if (r.ok) add(name, r.text);
      else out.parseErrors.push({ ...r.diagnostic, message: r.diagnostic.message.replace(file, name), origin: { file: name, line: 0, column: 0 } });
    }
  }
  return out;
}

/** --meshConfigFile, relative to io.cwd (a MeshConfig document, or the istio ConfigMap). */
export async function readMeshConfigFile(path: string, io: Io): Promise<MeshConfig> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (e) {
    throw new InputError(`--meshConfigFile ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return parseMeshConfig(path, text);
}

export interface ClusterSources {
  resources: LoadedResource[];
  context: string;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
  /** Names of the cluster's namespaces, when it let us list them. */
  namespaceNames?: Set<string>;
  /** Kinds we may not list (RBAC). */
  forbidden: KindInfo[];
  /** From the `istio` ConfigMap (`mesh` key), if there is one. */
  meshConfig?: MeshConfig;
  diagnostics: Diagnostic[];
}

export interface ClusterRequest {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  istioNamespace: string;
  revision?: string;
  timeoutMs?: number;
  /** Read the mesh config from the cluster (no --meshConfigFile). */
  wantMeshConfig: boolean;
}

/** The kinds (meshc kind ids) the analyzers read, besides the synthetic mesh objects. */
export function inputKinds(analyzers: readonly Analyzer[]): KindInfo[] {
  const ids = new Set(analyzers.flatMap((a) => a.meta.inputs));
  return [...ids].flatMap((id) => kindInfo(id) ?? []);
}

/** Lists, in parallel: Namespaces (which also tells the context's namespace), the analyzers' kinds everywhere, and the mesh config. */
export async function loadClusterSources(kinds: readonly KindInfo[], req: ClusterRequest, io: Io): Promise<ClusterSources> {
  const { loadCluster } = await import("../../sources/cluster.js");
  const base = { kubeconfig: req.kubeconfig, context: req.context, env: io.env, ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}) };
  const nsInfo = kindInfo("Namespace")!;
  const cmInfo = kindInfo("ConfigMap")!;
  const rest = kinds.filter((k) => k.id !== "Namespace");
  const [nsList, all, cms] = await Promise.all([
    loadCluster({ ...base, namespace: req.namespace, kinds: [nsInfo] }),
    rest.length > 0 ? loadCluster({ ...base, allNamespaces: true, kinds: rest }) : undefined,
    req.wantMeshConfig ? loadCluster({ ...base, namespace: req.istioNamespace, kinds: [cmInfo] }) : undefined,
  ]);
  const forbidden = [...nsList.forbidden, ...(all?.forbidden ?? [])];
  const wantNamespaces = kinds.some((k) => k.id === "Namespace");
  const resources = [...(wantNamespaces ? nsList.resources : []), ...(all?.resources ?? [])].filter((r) => !inSystemNamespace(r));
  const result: ClusterSources = {
    resources,
    context: nsList.context,
    namespace: nsList.namespace ?? "default",
    forbidden: wantNamespaces ? forbidden : forbidden.filter((k) => k.id !== "Namespace"),
    diagnostics: [...nsList.diagnostics, ...(all?.diagnostics ?? [])],
  };
  if (nsList.forbidden.length === 0) result.namespaceNames = new Set(nsList.resources.map((r) => r.object.metadata.name));
  const cmName = req.revision && req.revision !== "default" ? `istio-${req.revision}` : "istio";
  const cm = cms?.resources.find((r) => r.object.metadata.name === cmName);
  const mesh = (cm?.object.data as Record<string, unknown> | undefined)?.mesh;
  if (typeof mesh === "string") result.meshConfig = parseMeshConfig(`ConfigMap ${req.istioNamespace}/${cmName} (mesh)`, mesh);
  return result;
}

