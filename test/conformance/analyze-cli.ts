/**
 * analyze conformance through the command line: the cases of ../shared/conformance/analyze/cases.json that
 * carry `cliArgs` run as `meshc analyze <cliArgs> -o json` (in-process, main() with a memory Io whose cwd is
 * the suite folder). A case passes when the JSON's {code, origin} pairs are the expected multiset and the
 * exit code is 79 if an expected code has level Error, else 0 (meshc fails in every output format). An
 * analyzer that `meshc analyze -L` does not list fails its cases (else `--analyzer` would fall back to all).
 *
 *   node --import tsx test/conformance/analyze-cli.ts [substring]     prints "analyze-cli: N/51 passed"
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { ANALYZE_SUITE, loadCases, type ConformanceResult } from "./analyze.js";

interface Message {
  code: string;
  name: string;
  level: string;
}

async function meshc(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { ...memoryIo(), cwd: ANALYZE_SUITE };
  const code = await main(["analyze", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function multisetDiff(expected: string[], actual: string[]): string | undefined {
  const count = new Map<string, number>();
  for (const e of expected) count.set(e, (count.get(e) ?? 0) + 1);
  for (const a of actual) count.set(a, (count.get(a) ?? 0) - 1);
  const missing = [...count].filter(([, n]) => n > 0).map(([k]) => k);
  const extra = [...count].filter(([, n]) => n < 0).map(([k]) => k);
  if (missing.length === 0 && extra.length === 0) return undefined;
  return [missing.length ? `missing ${JSON.stringify(missing)}` : "", extra.length ? `unexpected ${JSON.stringify(extra)}` : ""].filter(Boolean).join("; ");
}

export async function runAnalyzeCliConformance(filter?: string): Promise<ConformanceResult> {
  if (!existsSync(join(ANALYZE_SUITE, "cases.json"))) return { passed: 0, total: 0, failures: [], skipped: "conformance suite not found at ../shared/conformance/analyze" };
  const levels = new Map((JSON.parse(readFileSync(join(ANALYZE_SUITE, "messages.json"), "utf8")) as Message[]).map((m) => [m.code, m.level]));
  const listed = new Set([...(await meshc(["-L"])).out.matchAll(/^\* (\S+):$/gm)].map((m) => m[1]!));
  const cases = loadCases().filter((c) => c.cliArgs && (!filter || c.id.includes(filter) || c.analyzerName.includes(filter)));
  const failures: { name: string; firstDiff: string }[] = [];
  let passed = 0;
  for (const c of cases) {
    const name = `${c.id} (${c.analyzerName})`;
    try {
      if (!listed.has(c.analyzerName)) throw new Error(`analyzer ${c.analyzerName} is not listed by meshc analyze -L`);
      const r = await meshc([...c.cliArgs!, "-o", "json"]);
      const wantExit = c.expected.some((e) => levels.get(e.code) === "Error") ? 79 : 0;
      let data: { code: string; origin?: string }[];
      try {
        data = JSON.parse(r.out) as { code: string; origin?: string }[];
      } catch {
        throw new Error(`stdout is not JSON (exit ${r.code}): ${(r.out + r.err).trim().split("\n")[0]}`);
      }
      const diff = multisetDiff(c.expected.map((e) => `${e.code} ${e.resource}`), data.map((m) => `${m.code} ${m.origin ?? ""}`));
      if (diff) failures.push({ name, firstDiff: diff });
      else if (r.code !== wantExit) failures.push({ name, firstDiff: `exit ${r.code}, expected ${wantExit}${r.err ? `: ${r.err.trim().split("\n").pop()}` : ""}` });
      else passed++;
    } catch (e) {
      failures.push({ name, firstDiff: (e as Error).message });
    }
  }
  return { passed, total: cases.length, failures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runAnalyzeCliConformance(process.argv[2]);
  if (r.skipped) console.log(`analyze-cli: skipped (${r.skipped})`);
  else {
    console.log(`analyze-cli: ${r.passed}/${r.total} passed`);
    for (const f of r.failures) console.log(`  ✘ ${f.name}: ${f.firstDiff}`);
  }
}
