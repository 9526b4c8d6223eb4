/**
 * `meshc diff` as text: per changed resource a unified diff of its canonical JSON, headed
 * `--- old/<type>/<name>` `+++ new/<type>/<name>`; added and removed resources as one line each
 * (`+ added cluster …`, `- removed route …`), or as whole-file diffs with --full; then a summary
 * line per proxy. Red and green only when the chalk has colour.
 */
import type { ChalkInstance } from "chalk";
import { structuredPatch, type StructuredPatchHunk } from "diff";
import { jsonLinePaths, type ResourceChange, type XdsDiff } from "../../compile/diff.js";
import type { JsonValue } from "../../compile/envoy/index.js";
import type { ProxyDiff } from "../commands/diff-run.js";

export interface DiffTextOptions {
  all: boolean;
  full: boolean;
  /** Lines of context around each change. */
  context: number;
  chalk: ChalkInstance;
}

function hunks(c: ResourceChange, options: DiffTextOptions): string {
  const ch = options.chalk;
  const oldName = c.change === "added" ? "/dev/null" : `old/${c.type}/${c.name}`;
  const newName = c.change === "removed" ? "/dev/null" : `new/${c.type}/${c.name}`;
  const patch = structuredPatch(oldName, newName, c.oldText === undefined ? "" : c.oldText + "\n", c.newText === undefined ? "" : c.newText + "\n", undefined, undefined, { context: options.context });
  const out = [ch.bold(`--- ${oldName}`), ch.bold(`+++ ${newName}`)];
  const lines = c.change === "changed" ? { old: linePaths(c.oldText!), new: linePaths(c.newText!) } : undefined;
  for (const h of patch.hunks) {
    const where = lines ? firstChangePath(h, lines) : undefined;
    // As diff -u and git: an empty range starts at the line before it.
    const range = (start: number, count: number) => `${count === 0 ? start - 1 : start},${count}`;
    out.push(ch.cyan(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`) + (where ? ` ${where}` : ""));
    for (const line of h.lines) out.push(line.startsWith("+") ? ch.green(line) : line.startsWith("-") ? ch.red(line) : line.startsWith("\\") ? ch.dim(line) : line);
  }
  return out.join("\n") + "\n";
}

function linePaths(text: string): string[] | undefined {
  try {
    return jsonLinePaths(JSON.parse(text) as JsonValue);
  } catch {
    return undefined;
  }
}

/** The JSON path of a hunk's first changed line: the hunk's "function name", as git shows it. */
function firstChangePath(h: StructuredPatchHunk, lines: { old: string[] | undefined; new: string[] | undefined }): string | undefined {
  let o = h.oldStart;
  let n = h.newStart;
  for (const line of h.lines) {
    if (line.startsWith("-")) return lines.old?.[o - 1];
    if (line.startsWith("+")) return lines.new?.[n - 1];
    if (line.startsWith(" ")) {
      o++;
      n++;
    }
  }
  return undefined;
}

function renderChange(c: ResourceChange, options: DiffTextOptions): string {
  const ch = options.chalk;
  if (c.change === "changed" || options.full) return hunks(c, options);
  return c.change === "added" ? ch.green(`+ added ${c.type} ${c.name}`) + "\n" : ch.red(`- removed ${c.type} ${c.name}`) + "\n";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function summary(proxy: string, change: ProxyDiff["change"], diff: XdsDiff): string {
  const count = (k: ResourceChange["change"]) => diff.changes.filter((c) => c.change === k).length;
  const where = change === "added" ? " (a new workload)" : change === "removed" ? " (workload removed)" : "";
  if (diff.changes.length === 0) return `${proxy}: no changes (${plural(diff.unchanged, "resource")} compared)`;
  return `${proxy}${where}: ${count("changed")} changed, ${count("added")} added, ${count("removed")} removed; ${diff.unchanged} unchanged`;
}

export function renderDiffText(results: readonly ProxyDiff[], options: DiffTextOptions): string {
  const ch = options.chalk;
  const parts: string[] = [];
  for (const r of results) {
    if (options.all && r.diff.changes.length === 0) continue;
    if (options.all) parts.push(ch.bold.underline(`proxy ${r.proxy}`) + "\n");
    for (const c of r.diff.changes) parts.push(renderChange(c, options));
    parts.push(ch.bold(summary(r.proxy, r.change, r.diff)) + "\n");
    if (options.all) parts.push("\n");
  }
  if (options.all) {
    const changed = results.filter((r) => r.diff.changes.length > 0).length;
    const proxies = `${results.length} ${results.length === 1 ? "proxy" : "proxies"}`;
    parts.push(ch.bold(changed === 0 ? `no changes in ${proxies}` : `${changed} of ${proxies} changed`) + "\n");
  }
  return parts.join("");
}
