/**
 * How an analyzer is written: `meta` is data (istioctl name, description, input kinds, codes it may emit),
 * `run` is behaviour. Analyzers are pure: they read the model and report; they never throw for user
 * mistakes and do no I/O. One analyzer per file under src/analyze/analyzers/<area>/.
 *
 *   export default defineAnalyzer({
 *     meta: { name: "virtualservice.GatewayAnalyzer", description: "…", inputs: ["VirtualService", "Gateway"], codes: ["IST0101"] },
 *     run(ctx) {
 *       for (const vs of ctx.model.list("VirtualService")) ctx.report("IST0101", vs, ["gateway", "foo"], { path: ["spec", "gateways", 0] });
 *     },
 *   });
 */
import type { MeshModel, Resource } from "../model/mesh-model.js";

/** Inputs are meshc kind ids (src/model/kinds.ts) or the synthetic mesh objects. */
export type AnalyzerInput = string;

export interface AnalyzerMeta<C extends string = string> {
  /** The name `istioctl analyze -L` prints (or meshc's own, for MSH analyzers). */
  name: string;
  /** One sentence, our own words. */
  description: string;
  inputs: readonly AnalyzerInput[];
  codes: readonly C[];
  /**
   * istioctl skips this analyzer without a cluster (it reads Pods, Services, Namespaces, Nodes or
   * Secrets); meshc runs it on files too, reading those kinds (and workload pod templates) from files.
   */
  istioctlNeedsCluster?: boolean;
  /** Not in the default set (run only when named with --analyzer). */
  defaultOff?: boolean;
}

/** Something a message can be about that is not a loaded resource: the mesh config, mesh networks. */
export interface SyntheticTarget {
  synthetic: true;
  kind: string;
  namespace?: string;
  name: string;
}

export type ReportTarget = Resource | SyntheticTarget;

export interface ReportOptions {
  /**
   * Field path the message is about (["spec", "http", 0, "route", 1, "destination", "subset"]). The line
   * printed is that field's when the path ends at a scalar, else the document's first line (as istioctl).
   */
  path?: readonly (string | number)[];
}

export interface AnalysisContext<C extends string = string> {
  readonly model: MeshModel;
  report(code: C, target: ReportTarget, args: readonly unknown[], options?: ReportOptions): void;
}

export interface Analyzer<C extends string = string> {
  meta: AnalyzerMeta<C>;
  run(ctx: AnalysisContext<C>): void;
}

export function defineAnalyzer<const C extends string>(analyzer: Analyzer<C>): Analyzer {
  return analyzer as unknown as Analyzer;
}

/** The synthetic resources istioctl reports mesh-wide problems on. */
export function meshConfigTarget(model: MeshModel): SyntheticTarget {
  return { synthetic: true, kind: "MeshConfig", namespace: model.meshConfig.rootNamespace, name: "meshconfig" };
}

export function meshNetworksTarget(model: MeshModel): SyntheticTarget {
  return { synthetic: true, kind: "MeshNetworks", namespace: model.meshConfig.rootNamespace, name: "meshnetworks" };
}
