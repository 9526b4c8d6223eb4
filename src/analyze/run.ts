/**
 * Running analyzers over a model: select them, give each a context, collect reports into messages with
 * rendered text, apply in-resource suppressions (and the namespace filter), look up the positions of the
 * messages kept, de-duplicate and sort as istioctl does.
 */
import type { Level, Position } from "../diagnostic.js";
import { formatPath } from "../diagnostic.js";
import type { MeshModel, Resource } from "../model/mesh-model.js";
import type { Analyzer, AnalysisContext, ReportOptions, ReportTarget } from "./define.js";
import { goSprintf } from "./go-format.js";
import { messageType } from "./messages.js";
import { Positions } from "./positions.js";

export interface AnalysisMessage {
  code: string;
  level: Level;
  /** The rendered text (the code's template filled with args). */
  message: string;
  args: readonly unknown[];
  /** The analyzer that reported it. */
  analyzer: string;
  /** What it is about (absent for messages about nothing in particular). */
  resource?: { kind: string; namespace?: string; name: string; id?: string };
  /** Where: file, line (field line or document line), column. Absent for cluster and synthetic resources. */
  origin?: Position;
  /** The source is JSON (istioctl prints no line for those). */
  json?: boolean;
  path?: string;
  /** The resource's own annotations (for suppression and reporters); not printed. */
  annotations?: Readonly<Record<string, string>>;
}

export interface AnalyzeOptions {
  /** Analyzer names to run (`--analyzer`); names matching nothing are ignored; if none match, all run. */
  analyzers?: readonly string[];
  /**
   * Keep only messages about this namespace, about cluster-scoped resources, or about nothing in
   * particular (`-n`). Applied before positions are looked up, so dropped messages cost nothing.
   */
  namespace?: string;
}

export interface AnalysisResult {
  messages: AnalysisMessage[];
  executed: string[];
}

const SUPPRESS_ANNOTATION = "galley.istio.io/analyze-suppress";

export function selectAnalyzers(all: readonly Analyzer[], names: readonly string[] | undefined): Analyzer[] {
  const wanted = new Set(names ?? []);
  const chosen = all.filter((a) => wanted.has(a.meta.name));
  return chosen.length > 0 ? chosen : all.filter((a) => !a.meta.defaultOff);
}

function isResource(t: ReportTarget): t is Resource {
  return !("synthetic" in t);
}

/** A report as an analyzer made it; its position is looked up only if the message is kept. */
interface Report {
  msg: AnalysisMessage;
  target: ReportTarget;
  path: readonly (string | number)[] | undefined;
}

/** Whether a message about `resource` is about `namespace` (or about something cluster-scoped, or nothing). */
export function aboutNamespace(resource: AnalysisMessage["resource"], namespace: string): boolean {
  if (!resource) return true;
  const own = resource.kind === "Namespace" ? resource.name : resource.namespace;
  return own === undefined || own === namespace;
}

export function analyze(model: MeshModel, analyzers: readonly Analyzer[], options: AnalyzeOptions = {}): AnalysisResult {
  const selected = selectAnalyzers(analyzers, options.analyzers);
  const reports: Report[] = [];
  for (const analyzer of selected) {
    const codes = new Set(analyzer.meta.codes);
    const ctx: AnalysisContext = {
      model,
      report(code: string, target: ReportTarget, args: readonly unknown[], opts: ReportOptions = {}) {
        if (!codes.has(code)) throw new Error(`analyzer ${analyzer.meta.name} reported ${code}, which its meta does not declare`);
        const type = messageType(code);
        const msg: AnalysisMessage = { code, level: type.level, message: goSprintf(type.template, args), args, analyzer: analyzer.meta.name };
        if (isResource(target)) {
          msg.resource = { kind: target.kind, ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name, id: target.id };
          if (target.origin.type === "file" && target.origin.file.format === "json") msg.json = true;
          if (opts.path) msg.path = formatPath(opts.path);
          const annotations = target.object.metadata.annotations;
          if (annotations) msg.annotations = annotations;
        } else {
          msg.resource = { kind: target.kind, ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name };
        }
        reports.push({ msg, target, path: opts.path });
      },
    };
    analyzer.run(ctx);
  }
  const ns = options.namespace;
  const kept = reports.filter((r) => !suppressedByAnnotation(r.msg) && (ns === undefined || aboutNamespace(r.msg.resource, ns)));
  const positions = new Positions();
  for (const r of kept) {
    if (!isResource(r.target)) continue;
    const pos = positions.of(r.target, r.path);
    if (pos) r.msg.origin = pos;
  }
  return { messages: sortMessages(dedupe(kept.map((r) => r.msg))), executed: selected.map((a) => a.meta.name) };
}

function suppressedByAnnotation(m: AnalysisMessage): boolean {
  const value = m.annotations?.[SUPPRESS_ANNOTATION];
  if (value === undefined) return false;
  return value === "*" || value.split(",").includes(m.code);
}

/** `Kind namespace/name`, or `Kind name` without a namespace. */
export function resourceString(r: { kind: string; namespace?: string; name: string }): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

/** The log line istioctl prints (without colour): `Error [IST0101] (VirtualService ns/name file.yaml:14) text`. */
export function logLine(m: AnalysisMessage): string {
  let where = "";
  if (m.resource) {
    const ref = m.origin ? ` ${m.origin.file}${m.json ? "" : `:${m.origin.line}`}` : "";
    where = ` (${resourceString(m.resource)}${ref})`;
  }
  return `${m.level} [${m.code}]${where} ${m.message}`;
}

function dedupe(list: AnalysisMessage[]): AnalysisMessage[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    const k = logLine(m);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const LEVEL_ORDER: Record<Level, number> = { Error: 0, Warning: 1, Info: 2 };

/** istioctl's order: level, code, resource (Kind/name/namespace), then the whole line. */
export function sortMessages(list: AnalysisMessage[]): AnalysisMessage[] {
  const key = (m: AnalysisMessage) => (m.resource ? `${m.resource.kind}/${m.resource.name}/${m.resource.namespace ?? ""}` : "");
  return list
    .map((m) => ({ m, k: key(m), line: logLine(m) }))
    .sort((a, b) => LEVEL_ORDER[a.m.level] - LEVEL_ORDER[b.m.level] || cmp(a.m.code, b.m.code) || cmp(a.k, b.k) || cmp(a.line, b.line))
    .map((x) => x.m);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
