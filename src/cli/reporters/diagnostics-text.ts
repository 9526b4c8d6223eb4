/** Diagnostics as lines: `file:line:col: error: Kind ns/name: path: message`. */
import type { ChalkInstance } from "chalk";
import type { Diagnostic } from "../../diagnostic.js";

export function formatPosition(d: Diagnostic): string {
  const o = d.origin;
  if (!o) return "";
  if (!o.line) return o.file;
  return `${o.file}:${o.line}:${o.column}`;
}

export function formatDiagnosticLine(d: Diagnostic, c: ChalkInstance): string {
  const level = d.level === "Error" ? c.red("error") : d.level === "Warning" ? c.yellow("warning") : c.blue("info");
  const where = formatPosition(d);
  const res = d.resource ? `${d.resource.kind} ${d.resource.namespace ? `${d.resource.namespace}/` : ""}${d.resource.name}: ` : "";
  const path = d.path ? `${c.bold(d.path)}: ` : "";
  return `${where ? `${where}: ` : ""}${level}: ${res}${path}${d.message}`;
}

/** Stable order: by file, line, column, then message. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const fa = a.origin?.file ?? "";
    const fb = b.origin?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.origin?.line ?? 0;
    const lb = b.origin?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.origin?.column ?? 0;
    const cb = b.origin?.column ?? 0;
    if (ca !== cb) return ca - cb;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
