/**
 * Suppressions of `meshc analyze`: -S "CODE=RESOURCE" (as istioctl) and a checked-in file (.meshc.yaml, or
 * --config FILE) whose entries each carry a reason:
 *
 *   analyze:
 *     suppress:
 *       - code: IST0102            # exact code, or "*" for every code
 *         resource: "Namespace *"  # `Kind namespace/name` pattern, * matches anything; omitted: every message
 *         reason: "injection is enabled per workload, not per namespace"
 *
 * (The in-resource annotation galley.istio.io/analyze-suppress is applied by the engine itself.)
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { MESSAGES } from "../../analyze/messages.js";
import { resourceString, type AnalysisMessage } from "../../analyze/run.js";
import { UsageError } from "../../errors.js";

export interface Suppression {
  /** Exact code, or "*". */
  code: string;
  /** Whole-string pattern over `Kind namespace/name`; undefined matches every message (also those without a resource). */
  resource?: string;
  reason?: string;
  /** Where it was written: "-S" or "file:line". */
  from: string;
}

export const CONFIG_FILE = ".meshc.yaml";

/** -S values; an unknown code only warns (as istioctl). */
export function parseSuppressFlags(values: readonly string[], warn: (line: string) => void): Suppression[] {
  return values.map((v) => {
    const parts = v.split("=");
    if (parts.length !== 2) throw new UsageError(`${v} is not a valid suppression value. See meshc analyze --help`, { hint: 'write CODE=RESOURCE, e.g. -S "IST0102=Namespace *"' });
    const [code, resource] = parts as [string, string];
    if (!MESSAGES.has(code)) warn(`Warning: Supplied message code '${code}' is an unknown message code and will not have any effect.`);
    return { code, resource, from: "-S" };
  });
}

/** The suppression file: --config FILE, else .meshc.yaml in cwd when present. Every entry needs a reason. */
export async function loadSuppressionFile(configFlag: string | undefined, cwd: string, warn: (line: string) => void): Promise<Suppression[]> {
  const name = configFlag ?? CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(resolve(cwd, name), "utf8");
  } catch (e) {
    if (configFlag === undefined && (e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new UsageError(`--config ${name}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const { LineCounter, parseDocument, isMap, isSeq } = await import("yaml");
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lc.linePos(range[0]).line : 1;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new UsageError(`${name}:${e.linePos?.[0]?.line ?? 1}: not valid YAML: ${e.message.split("\n")[0]}`);
  }
  const analyze = isMap(doc.contents) ? doc.contents.get("analyze", true) : undefined;
  if (analyze === undefined) return [];
  const list = isMap(analyze) ? analyze.get("suppress", true) : undefined;
  if (list === undefined) return [];
  if (!isSeq(list)) throw new UsageError(`${name}:${lineOf(list)}: analyze.suppress must be a list of {code, resource, reason}`);
  return list.items.map((item) => {
    const line = lineOf(item);
    const where = `${name}:${line}`;
    if (!isMap(item)) throw new UsageError(`${where}: a suppression must be a mapping with code, resource and reason`);
    const get = (k: string) => {
      const v = item.get(k);
      if (v !== undefined && v !== null && typeof v !== "string") throw new UsageError(`${where}: ${k} must be a string`);
      return v === null ? undefined : v;
    };
    for (const pair of item.items) {
      const k = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
      if (!["code", "resource", "reason"].includes(k)) throw new UsageError(`${where}: unknown field "${k}" in a suppression (fields: code, resource, reason)`);
    }
    const code = get("code");
    const resource = get("resource");
    const reason = get("reason");
    if (!code) throw new UsageError(`${where}: suppression has no code`, { hint: 'e.g. code: IST0102 (or "*" for every code)' });
    if (!reason || reason.trim() === "") {
      throw new UsageError(`${where}: suppression of ${code}${resource ? ` for "${resource}"` : ""} has no reason`, { hint: "say why it is safe to ignore, in a reason: field" });
    }
    if (code !== "*" && !MESSAGES.has(code)) warn(`Warning: ${where}: '${code}' is an unknown message code and will not have any effect.`);
    return { code, ...(resource !== undefined ? { resource } : {}), reason, from: where };
  });
}

function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
}

/** Drops suppressed messages. */
export function applySuppressions(messages: readonly AnalysisMessage[], suppressions: readonly Suppression[]): AnalysisMessage[] {
  if (suppressions.length === 0) return [...messages];
  const compiled = suppressions.map((s) => ({ code: s.code, re: s.resource === undefined ? undefined : patternToRegExp(s.resource) }));
  return messages.filter((m) => {
    const res = m.resource ? resourceString(m.resource) : undefined;
    return !compiled.some((s) => (s.code === "*" || s.code === m.code) && (s.re === undefined || (res !== undefined && s.re.test(res))));
  });
}
