/**
 * What every analysis reporter shares: the reporter signature, documentation URLs, and one message as a
 * record (istioctl's JSON fields plus structured position).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { logLine, resourceString, type AnalysisMessage } from "../../analyze/run.js";

export interface ReportContext {
  /** Directory the input paths are relative to. */
  cwd: string;
  /** Colour the log output (never the machine formats). */
  color: boolean;
}

/** A reporter turns the (filtered, sorted) messages into the text written to stdout. */
export type AnalysisReporter = (messages: readonly AnalysisMessage[], ctx: ReportContext) => string | Promise<string>;

/** Istio's pages for IST codes; meshc's README (section per code) for MSH codes. */
export const ISTIO_ANALYSIS_DOCS = "https://istio.io/latest/docs/reference/config/analysis";
export const MESHC_MESSAGES_DOCS = "https://www.npmjs.com/package/meshc";

export function documentationUrl(code: string): string {
  return code.startsWith("IST") ? `${ISTIO_ANALYSIS_DOCS}/${code.toLowerCase()}/?ref=meshc` : `${MESHC_MESSAGES_DOCS}#${code.toLowerCase()}`;
}

/** `file:line` as istioctl prints it (no line for JSON sources); undefined for cluster and synthetic resources. */
export function reference(m: AnalysisMessage): string | undefined {
  if (!m.origin) return undefined;
  return m.json ? m.origin.file : `${m.origin.file}:${m.origin.line}`;
}

/** One message as data; keys in alphabetical order, as istioctl's encoder writes them. */
export function messageRecord(m: AnalysisMessage): Record<string, unknown> {
  const rec: Record<string, unknown> = { code: m.code };
  if (m.origin && m.origin.column) rec.column = m.origin.column;
  rec.documentationUrl = documentationUrl(m.code);
  if (m.origin) rec.file = m.origin.file;
  rec.level = m.level;
  if (m.origin && m.origin.line) rec.line = m.origin.line;
  rec.message = m.message;
  if (m.resource) rec.origin = resourceString(m.resource);
  if (m.path) rec.path = m.path;
  const ref = reference(m);
  if (ref) rec.reference = ref;
  return rec;
}

/** The directory file paths in code-scanning output are relative to: the git work tree around cwd, else cwd. */
export function repositoryRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

/** A message's file as a repository-relative, forward-slash path; undefined for stdin and non-file resources. */
export function repoRelativePath(file: string, cwd: string, root: string): string | undefined {
  if (file === "-" || file === "<stdin>") return undefined;
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(root, abs);
  if (rel.startsWith("..") || isAbsolute(rel)) return abs.split(sep).join("/");
  return rel.split(sep).join("/");
}

export { logLine };
