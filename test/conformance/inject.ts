/**
 * kube-inject conformance: runs every runnable case of ../shared/conformance/inject/cases.json
 * through the same library calls the CLI makes (settings from file text, then injectManifests) and
 * compares the output bytes with Istio's goldens. Command-line error cases run the CLI command.
 * Golden cases use `alreadyInjected: "istio"` (istioctl merges a new injection onto an injected
 * workload; meshc's default is to leave it alone), which only `merge-probers.yaml` exercises.
 *
 *   node --import tsx test/conformance/inject.ts        prints "inject: N/132 passed" and failures
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runKubeInject } from "../../src/cli/commands/kube-inject-run.js";
import { memoryIo } from "../../src/cli/io.js";
import { MeshcError } from "../../src/errors.js";
import { injectManifests } from "../../src/inject/inject.js";
import { buildSettings, type SettingsInput } from "../../src/inject/settings.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const INJECT_SUITE = join(repoRoot, "..", "shared", "conformance", "inject");

interface Case {
  name: string;
  type: "golden" | "error" | "cli-error";
  input?: string;
  expected?: string;
  meshConfig?: string;
  values?: string;
  extraTemplates?: Record<string, string>;
  injectConfig?: string;
  operatorFile?: string;
  flags?: { revision?: string; nativeSidecars?: boolean; compliancePolicy?: string };
  expectError?: string;
  expectWarning?: string;
  cli?: string[];
  skip?: string;
}

export interface ConformanceResult {
  passed: number;
  total: number;
  failures: { name: string; firstDiff: string }[];
  skipped?: string;
}

function firstDiff(actual: string, expected: string): string {
  const a = actual.split("\n");
  const b = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}: expected ${JSON.stringify(b[i] ?? "<EOF>")}, got ${JSON.stringify(a[i] ?? "<EOF>")}`;
    }
  }
  return "outputs differ";
}

const read = (rel: string): string => readFileSync(join(INJECT_SUITE, rel), "utf8");

/** Command-line cases run the CLI command itself (in-process, cwd = the suite folder). */
async function runCliCase(c: Case): Promise<string | undefined> {
  const args = c.cli ?? [];
  const filename: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === "-f" || args[i] === "--filename") filename.push(args[++i]!);
  const io = { ...memoryIo(), cwd: INJECT_SUITE };
  try {
    await runKubeInject({ filename, istioNamespace: "istio-system" }, io);
  } catch (e) {
    const msg = (e as Error).message.toLowerCase();
    return msg.includes((c.expectError ?? "").toLowerCase()) ? undefined : `error ${JSON.stringify(msg)} lacks ${JSON.stringify(c.expectError)}`;
  }
  return "expected a command-line error";
}

function runCase(c: Case): string | undefined {
  const settingsInput: SettingsInput = {
    revision: c.flags?.revision ?? "",
    nativeSidecars: c.flags?.nativeSidecars ?? false,
  };
  if (c.flags?.compliancePolicy) settingsInput.compliancePolicy = c.flags.compliancePolicy;
  if (c.operatorFile) settingsInput.operator = read(c.operatorFile);
  else {
    if (c.meshConfig) settingsInput.meshConfig = read(c.meshConfig);
    if (c.values) settingsInput.values = read(c.values);
  }
  if (c.injectConfig) settingsInput.injectConfig = read(c.injectConfig);
  if (c.extraTemplates) settingsInput.extraTemplates = Object.fromEntries(Object.entries(c.extraTemplates).map(([k, f]) => [k, read(f)]));
  const input = read(c.input!);
  if (c.type === "error") {
    try {
      injectManifests(input, buildSettings(settingsInput), { alreadyInjected: "istio" });
    } catch (e) {
      if (!(e instanceof MeshcError)) return `unexpected ${(e as Error).stack}`;
      const msg = e.message.toLowerCase();
      return msg.includes((c.expectError ?? "").toLowerCase()) ? undefined : `error ${JSON.stringify(e.message)} lacks ${JSON.stringify(c.expectError)}`;
    }
    return "expected an error, got output";
  }
  let result;
  try {
    result = injectManifests(input, buildSettings(settingsInput), { alreadyInjected: "istio" });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
  const expected = read(c.expected!);
  if (result.output !== expected) return firstDiff(result.output, expected);
  if (c.expectWarning && !result.warnings.some((w) => w.includes(c.expectWarning!))) {
    return `missing warning ${JSON.stringify(c.expectWarning)} (got ${JSON.stringify(result.warnings)})`;
  }
  return undefined;
}

export async function runInjectConformance(filter?: string): Promise<ConformanceResult> {
  if (!existsSync(join(INJECT_SUITE, "cases.json"))) {
    return { passed: 0, total: 0, failures: [], skipped: `conformance suite not found at ${INJECT_SUITE}; skipped` };
  }
  const cases = (JSON.parse(read("cases.json")) as { cases: Case[] }).cases.filter((c) => !c.skip);
  const selected = filter ? cases.filter((c) => c.name.includes(filter)) : cases;
  const failures: ConformanceResult["failures"] = [];
  let passed = 0;
  for (const c of selected) {
    let problem: string | undefined;
    try {
      problem = c.type === "cli-error" ? await runCliCase(c) : runCase(c);
    } catch (e) {
      problem = `crash: ${(e as Error).stack?.split("\n").slice(0, 3).join(" | ")}`;
    }
    if (problem === undefined) passed++;
    else failures.push({ name: c.name, firstDiff: problem });
  }
  return { passed, total: selected.length, failures };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await runInjectConformance(process.argv[2]);
  if (r.skipped) console.log(`inject: ${r.skipped}`);
  else {
    console.log(`inject: ${r.passed}/${r.total} passed`);
    for (const f of r.failures) console.log(`  FAIL ${f.name}: ${f.firstDiff}`);
  }
}
