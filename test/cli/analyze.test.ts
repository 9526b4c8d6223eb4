/**
 * meshc analyze: istioctl's CLI behaviour (log lines, order, success lines, thresholds, suppression,
 * namespaces, parse errors, exit codes) with small stand-in analyzers (test/cli/analyze-fakes.ts).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { useAnalyzersForTests } from "../../src/cli/commands/analyze-run.js";
import { normalizeBooleanFlags } from "../../src/cli/commands/analyze.js";
import { FAKE_ANALYZERS } from "./analyze-fakes.js";

before(() => useAnalyzersForTests(FAKE_ANALYZERS));
after(() => useAnalyzersForTests(undefined));

const F = "fixtures/analyze-cli";

async function analyzeCli(args: string[], options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const io = { ...memoryIo(options.stdin ?? "", options.env ?? {}), ...(options.cwd ? { cwd: options.cwd } : {}) };
  const code = await main(["analyze", ...args], io);
  return { code, out: io.out(), err: io.err() };
}
const run = analyzeCli;

test("log: istioctl's lines, sorted by level then code, file:line of the field; exit 79 with istioctl's closing lines", async () => {
  const r = await run(["-n", "blog-app", `${F}/app`]);
  assert.equal(r.code, 79);
  assert.equal(
    r.out,
    [
      `Error [IST0101] (VirtualService blog-app/reviews ${F}/app/reviews.yaml:15) Referenced host+subset in destinationrule not found: "reviews+v3"`,
      `Warning [IST0108] (VirtualService blog-app/reviews ${F}/app/reviews.yaml:7) Unknown annotation: sidecar.istio.io/bogus`,
      `Info [IST0102] (Namespace blog-app ${F}/app/namespace.yaml:1) The namespace is not enabled for Istio injection. Run 'kubectl label namespace blog-app istio-injection=enabled' to enable it, or 'kubectl label namespace blog-app istio-injection=disabled' to explicitly mark it as not needing injection.`,
      "",
    ].join("\n"),
  );
  assert.equal(
    r.err,
    "Error: Analyzers found issues when analyzing namespace: blog-app.\nSee https://istio.io/latest/docs/reference/config/analysis for more information about causes and resolutions.\n",
  );
});

test("files without a namespace get -n (default: default); the namespace only filters output; -A keeps them namespace-less", async () => {
  const other = await run(["-n", "other", `${F}/app`]);
  assert.match(other.out, /VirtualService other\/reviews/);
  assert.doesNotMatch(other.out, /IST0102/, "Namespace blog-app is reported only with -n blog-app or -A");
  const dflt = await run([`${F}/app`]);
  assert.match(dflt.out, /VirtualService default\/reviews/);
  const all = await run(["-A", `${F}/app`]);
  assert.match(all.out, /\(VirtualService reviews fixtures/);
  assert.match(all.out, /IST0102\] \(Namespace blog-app/);
  // a resource with its own namespace is analyzed, but filtered out of another namespace's report
  const json = await run(["-n", "elsewhere", `${F}/inputs/reviews.json`]);
  assert.equal(json.out, "\n");
  assert.equal(json.code, 0);
  assert.match(json.err, /✔ No validation issues found when analyzing fixtures\/analyze-cli\/inputs\/reviews\.json\./);
});

test("success lines (stderr): one file, several files, no files; an empty line on stdout", async () => {
  const one = await run([`${F}/inputs/clean.yaml`]);
  assert.deepEqual([one.code, one.out, one.err], [0, "\n", `✔ No validation issues found when analyzing ${F}/inputs/clean.yaml.\n`]);
  const two = await run([`${F}/inputs/clean.yaml`, `${F}/inputs/kube-system.yaml`]);
  assert.equal(two.err, `✔ No validation issues found when analyzing:\n  - ${F}/inputs/clean.yaml\n  - ${F}/inputs/kube-system.yaml\n`);
  const none = await run(["--use-kube=false"]);
  assert.deepEqual([none.code, none.err], [0, "✔ No validation issues found when analyzing namespace: default.\n"]);
  const all = await run(["--use-kube=false", "-A"]);
  assert.equal(all.err, "✔ No validation issues found when analyzing all namespaces.\n");
});

test("resources in kube-system-like namespaces are dropped", async () => {
  const r = await run(["-A", `${F}/inputs/kube-system.yaml`]);
  assert.equal(r.code, 0);
  assert.equal(r.out, "\n");
});

test("thresholds: --failure-threshold decides 79, --output-threshold what is printed (istioctl's quirk kept)", async () => {
  const warnOnly = ["-A", `${F}/app`, "-S", "IST0101=*"];
  assert.equal((await run(warnOnly)).code, 0);
  assert.equal((await run([...warnOnly, "--failure-threshold", "warning"])).code, 79);
  assert.equal((await run([...warnOnly, "--failure-threshold", "Info", "-S", "IST0108=*"])).code, 79);
  const quiet = await run([...warnOnly, "--output-threshold", "ERROR", "--failure-threshold", "Warning"]);
  assert.equal(quiet.code, 79);
  assert.equal(quiet.out, "\n");
  assert.match(quiet.err, /^✔ No validation issues found when analyzing:\n  - .*namespace\.yaml\n  - .*reviews\.yaml\nError: Analyzers found issues when analyzing all namespaces\./);
  const errorsOnly = await run(["-A", `${F}/app`, "--output-threshold", "Error"]);
  assert.equal(errorsOnly.out.trim().split("\n").length, 1);
  assert.equal((await run([...warnOnly, "--failure-threshold", "foo"])).code, 64);
});

test("-S CODE=RESOURCE with * wildcards over `Kind namespace/name`", async () => {
  const r = await run(["-A", `${F}/app`, "-S", "IST0102=Namespace *", "-S", "IST0108=VirtualService re*"]);
  assert.deepEqual(r.out.trim().split("\n").map((l) => l.split(" (")[0]), ["Error [IST0101]"]);
  const mesh = await run(["-A", `${F}/app`, "--meshConfigFile", `${F}/config/mesh-deprecated.yaml`, "-S", "IST0002=MeshConfig istio-system/*"]);
  assert.doesNotMatch(mesh.out, /IST0002/);
  const literal = await run(["-A", `${F}/app`, "-S", "IST0102=Namespace blog-app.default"]);
  assert.match(literal.out, /IST0102/, "istioctl's old name.namespace spelling matches nothing");
  const bad = await run(["-A", `${F}/app`, "-S", "IST0102"]);
  assert.equal(bad.code, 64);
  assert.match(bad.err, /IST0102 is not a valid suppression value/);
  const unknown = await run(["-A", `${F}/inputs/clean.yaml`, "-S", "IST9999=*"]);
  assert.equal(unknown.code, 0);
  assert.match(unknown.err, /Warning: Supplied message code 'IST9999' is an unknown message code and will not have any effect\./);
});

test("suppression file: --config FILE or .meshc.yaml in the current directory; each entry needs a reason", async () => {
  const r = await run(["-A", `${F}/app`, "--config", `${F}/config/meshc-suppress.yaml`]);
  assert.deepEqual(r.out.trim().split("\n").map((l) => l.split(" (")[0]), ["Error [IST0101]"]);
  const cwd = join(process.cwd(), F, "project");
  const found = await run(["-A", "."], { cwd });
  assert.deepEqual(found.out.trim().split("\n").map((l) => l.split(" (")[0]), ["Error [IST0101]"]);
  assert.match(found.out, /\(VirtualService reviews reviews\.yaml:15\)/, "paths relative to the current directory");
  const noReason = await run(["-A", `${F}/app`, "--config", `${F}/config/no-reason.yaml`]);
  assert.equal(noReason.code, 64);
  assert.match(noReason.err, /fixtures\/analyze-cli\/config\/no-reason\.yaml:6: suppression of IST0101 for "VirtualService blog-app\/\*" has no reason/);
  const missing = await run(["-A", `${F}/app`, "--config", `${F}/config/nope.yaml`]);
  assert.equal(missing.code, 64);
});

test("the galley.istio.io/analyze-suppress annotation drops the codes it lists", async () => {
  const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  annotations:
    sidecar.istio.io/bogus: "x"
    galley.istio.io/analyze-suppress: IST0108,IST0101
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v3}
`;
  const r = await run(["-A", "-"], { stdin: yaml });
  assert.deepEqual([r.code, r.out], [0, "\n"]);
  assert.equal(r.err, "✔ No validation issues found when analyzing -.\n");
});

test("stdin is named - (line references read -:N); JSON sources print no line", async () => {
  const yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: x}\n";
  const r = await run(["-"], { stdin: yaml });
  assert.equal(r.out, 'Error [IST0101] (VirtualService default/r -:9) Referenced host+subset in destinationrule not found: "r+x"\n');
  const j = await run(["-A", `${F}/inputs/reviews.json`]);
  assert.match(j.out, /\(VirtualService blog-app\/reviews-json fixtures\/analyze-cli\/inputs\/reviews\.json\) /);
});

test("parse errors: listed on stderr, exit 65 unless --ignore-unknown; findings (79) win", async () => {
  const r = await run([`${F}/inputs/broken.yaml`, `${F}/inputs/clean.yaml`]);
  assert.equal(r.code, 65);
  assert.match(r.err, /^Error\(s\) adding files: 1 error occurred:\n\t\* fixtures\/analyze-cli\/inputs\/broken\.yaml:\d+:\d+: .+\n\n/);
  assert.match(r.err, /No validation issues found when analyzing the given files \(but 1 file could not be parsed\)\.\nError: Some files couldn't be parsed\.\n$/);
  const ignored = await run([`${F}/inputs/broken.yaml`, "--ignore-unknown"]);
  assert.equal(ignored.code, 0);
  assert.match(ignored.err, /Error\(s\) adding files/);
  const both = await run([`${F}/inputs/broken.yaml`, `${F}/app`]);
  assert.equal(both.code, 79);
});

test("other extensions are skipped with istioctl's notice; a missing path fails", async () => {
  const r = await run([`${F}/inputs/notes.txt`]);
  assert.equal(r.code, 0);
  assert.match(r.err, /^Skipping file fixtures\/analyze-cli\/inputs\/notes\.txt, recognized file extensions are: \[\.json \.yaml \.yml\]\n/);
  const missing = await run([`${F}/nope.yaml`]);
  assert.equal(missing.code, 65);
  assert.match(missing.err, /no such file or directory: fixtures\/analyze-cli\/nope\.yaml/);
});

test("-L lists analyzers sorted, with what istioctl skips offline and what is off by default; exit 0", async () => {
  const r = await run(["-L"]);
  assert.equal(r.code, 0);
  const names = [...r.out.matchAll(/^\* (\S+):$/gm)].map((m) => m[1]);
  assert.deepEqual(names, [...FAKE_ANALYZERS.map((a) => a.meta.name)].sort());
  assert.match(r.out, /\* fake\.InjectionAnalyzer:\n {4}Namespaces not enabled for injection\.\n {4}\(istioctl skips it without a cluster; meshc runs it on files too\)\n/);
  assert.match(r.out, /\(off by default: run it with --analyzer fake\.OffAnalyzer\)/);
  assert.equal((await run(["-L", "-o", "xml"])).code, 64, "-o is checked before -L");
});

test("--analyzer runs only the named analyzers; names matching nothing warn and all run; off-by-default ones run when named", async () => {
  const one = await run(["-A", `${F}/app`, "--analyzer", "fake.AnnotationAnalyzer"]);
  assert.deepEqual(one.out.trim().split("\n").map((l) => l.split(" (")[0]), ["Warning [IST0108]"]);
  const none = await run(["-A", `${F}/app`, "--analyzer", "nope"]);
  assert.match(none.err, /Warning: --analyzer nope matches no analyzer/);
  assert.equal(none.out.trim().split("\n").length, 3);
  assert.doesNotMatch(none.out, /off analyzer/);
  const off = await run(["-A", `${F}/app`, "--analyzer", "fake.OffAnalyzer"]);
  assert.match(off.out, /Warning \[IST0002\] \(VirtualService reviews .*\) Deprecated: off analyzer/);
});

test("-v (also the root program's) prints istioctl's verbose lines", async () => {
  for (const args of [["-v", "-A", `${F}/inputs/clean.yaml`], ["-A", "--verbose", `${F}/inputs/clean.yaml`]]) {
    const r = await run(args);
    assert.match(r.err, /^Analyzed resources in all namespaces\nExecuted analyzers:\n\t fake\.SubsetAnalyzer\n\t fake\.AnnotationAnalyzer\n/);
  }
});

test("usage errors exit 64: -o, thresholds, unknown flags; -o is case-insensitive", async () => {
  const bad = await run(["-o", "xml", `${F}/app`]);
  assert.equal(bad.code, 64);
  assert.match(bad.err, /xml not a valid option for format/);
  assert.equal((await run(["--output-threshold", "loud", `${F}/app`])).code, 64);
  assert.equal((await run(["--bogus", `${F}/app`])).code, 64);
  assert.equal((await run(["-o", "JSON", "-A", `${F}/app`])).code, 79);
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /meshc reads every kind from files/);
  assert.match(help.out, /Exit codes/);
});

test("colour: --color / FORCE_COLOR colour the level word as istioctl; NO_COLOR and --color=false do not; machine formats never", async () => {
  const on = await run(["-A", `${F}/app`, "--color"]);
  assert.match(on.out, /^\u001b\[1;31mError\u001b\[0m \[IST0101\]/);
  assert.match(on.out, /\n\u001b\[33mWarning\u001b\[0m \[IST0108\]/);
  assert.match(on.out, /\nInfo \[IST0102\]/);
  assert.doesNotMatch((await run(["-A", `${F}/app`], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).out, /\u001b/);
  assert.match((await run(["-A", `${F}/app`], { env: { FORCE_COLOR: "1" } })).out, /\u001b/);
  assert.doesNotMatch((await run(["-A", `${F}/app`, "--color=false"], { env: { FORCE_COLOR: "1" } })).out, /\u001b/);
  for (const f of ["json", "yaml", "sarif", "github"]) assert.doesNotMatch((await run(["-A", `${F}/app`, "--color", "-o", f])).out, /\u001b/, f);
});

test("--meshConfigFile: mesh-wide messages have no location; an unreadable file fails", async () => {
  const r = await run(["--use-kube=false", "--meshConfigFile", `${F}/config/mesh-deprecated.yaml`, "-A"]);
  assert.equal(r.out, "Warning [IST0002] (MeshConfig istio-system/meshconfig) Deprecated: deprecatedField is deprecated\n");
  assert.equal(r.code, 0);
  assert.equal((await run(["--use-kube=false", "--meshConfigFile", `${F}/config/none.yaml`])).code, 65);
});

test("-R is istioctl's removed flag: a notice and exit 0", async () => {
  const r = await run(["-R", `${F}/app`]);
  assert.deepEqual([r.code, r.out], [0, "The recursive flag has been removed and is hardcoded to true without explicitly specifying it.\n"]);
});

test("cobra's --flag=value spelling of booleans", () => {
  assert.deepEqual(normalizeBooleanFlags(["--use-kube=false", "--use-kube=true", "--color=false", "--all-namespaces=1", "--namespace=x", "--use-kube=maybe"]), [
    "--no-use-kube",
    "--use-kube",
    "--no-color",
    "--all-namespaces",
    "--namespace=x",
    "--use-kube=maybe",
  ]);
});
