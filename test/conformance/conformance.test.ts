/**
 * Every conformance suite over ../shared/conformance, each against its recorded baseline
 * (test/conformance/baselines.json): a pass count below the baseline fails. Prints "suite: N/M passed".
 * Without ../shared (a user's fresh clone) each suite skips with a one-line notice.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runAnalyzeCliConformance } from "./analyze-cli.js";
import { runAnalyzeConformance } from "./analyze.js";
import { runInjectConformance } from "./inject.js";
import { runSimulateConformance } from "./simulate.js";

const baselines = JSON.parse(readFileSync(new URL("./baselines.json", import.meta.url), "utf8")) as Record<string, number>;

interface SuiteResult {
  passed: number;
  total: number;
  failures: { name: string; firstDiff: string }[];
  skipped?: string;
  /** Per group (simulate): calls passed. */
  groups?: Record<string, { passed: number; total: number }>;
}

const suites: [string, () => Promise<SuiteResult>][] = [
  ["analyze", () => runAnalyzeConformance()],
  ["analyze-cli", () => runAnalyzeCliConformance()],
  ["inject", () => runInjectConformance()],
  ["simulate", () => runSimulateConformance()],
];

for (const [name, run] of suites) {
  test(`conformance: ${name}`, async (t) => {
    const r = await run();
    if (r.skipped) {
      console.log(`${name}: skipped (${r.skipped})`);
      t.skip(r.skipped);
      return;
    }
    for (const [g, c] of Object.entries(r.groups ?? {})) console.log(`${name}: ${g} ${c.passed}/${c.total} calls passed`);
    console.log(`${name}: ${r.passed}/${r.total} passed`);
    for (const f of r.failures.slice(0, 20)) console.log(`  ✘ ${f.name}: ${f.firstDiff}`);
    const baseline = baselines[name] ?? 0;
    assert.ok(r.passed >= baseline, `${name}: ${r.passed} passed, below the recorded baseline of ${baseline}`);
  });
}
