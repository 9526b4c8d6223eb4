/**
 * meshc analyze output formats: json, yaml, sarif (checked against the SARIF 2.1.0 JSON schema), github;
 * and the exit code of each (meshc fails in every format, unlike istioctl's json/yaml).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { parse as parseYaml } from "yaml";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { useAnalyzersForTests } from "../../src/cli/commands/analyze-run.js";
import { escapeData, escapeProperty } from "../../src/cli/reporters/analysis-github.js";
import { FAKE_ANALYZERS } from "./analyze-fakes.js";

before(() => useAnalyzersForTests(FAKE_ANALYZERS));
after(() => useAnalyzersForTests(undefined));

const F = "fixtures/analyze-cli";
const APP = ["-A", `${F}/app`, `${F}/inputs/reviews.json`, "--meshConfigFile", `${F}/config/mesh-deprecated.yaml`];

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(["analyze", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

test("exit codes are the same in every format: 79 findings, 0 clean, 65 unparseable, 64 usage", async () => {
  for (const format of ["log", "json", "yaml", "sarif", "github"]) {
    assert.equal((await run([...APP, "-o", format])).code, 79, `${format}: findings`);
    assert.equal((await run([`${F}/inputs/clean.yaml`, "-o", format])).code, 0, `${format}: clean`);
    assert.equal((await run([`${F}/inputs/broken.yaml`, "-o", format])).code, 65, `${format}: parse error`);
    assert.equal((await run([`${F}/inputs/broken.yaml`, "-o", format, "--ignore-unknown"])).code, 0, `${format}: --ignore-unknown`);
    assert.equal((await run([...APP, "-o", format, "--failure-threshold", "Info", "-S", "IST0101=*", "-S", "IST0108=*", "-S", "IST0002=*"])).code, 79, `${format}: Info threshold`);
    assert.equal((await run([...APP, "-o", format, "--bogus"])).code, 64, `${format}: usage`);
  }
});

test("json: istioctl's fields plus file, line, column, path; keys sorted; tab indent; stdout carries only the data", async () => {
  const r = await run([...APP, "-o", "json"]);
  const data = JSON.parse(r.out) as Record<string, unknown>[];
  assert.match(r.out, /^\[\n\t\{\n\t\t"code"/);
  assert.deepEqual(data[1], {
    code: "IST0101",
    column: 9,
    documentationUrl: "https://istio.io/latest/docs/reference/config/analysis/ist0101/?ref=meshc",
    file: `${F}/app/reviews.yaml`,
    level: "Error",
    line: 15,
    message: 'Referenced host+subset in destinationrule not found: "reviews+v3"',
    origin: "VirtualService reviews",
    path: "spec.http[0].route[0].destination.subset",
    reference: `${F}/app/reviews.yaml:15`,
  });
  for (const d of data) assert.deepEqual(Object.keys(d), Object.keys(d).sort());
  // JSON sources: the reference has no line (as istioctl), the structured line is there
  assert.equal(data[0]!.reference, `${F}/inputs/reviews.json`);
  assert.equal(data[0]!.line, 7);
  // mesh-wide: no position fields
  const mesh = data.find((d) => d.code === "IST0002")!;
  assert.deepEqual(Object.keys(mesh), ["code", "documentationUrl", "level", "message", "origin"]);
  assert.equal((await run([`${F}/inputs/clean.yaml`, "-o", "json"])).out, "[]\n");
  assert.doesNotMatch(r.out, /Error:|✔/);
});

test("json escapes <, > and & as Go's encoder does", async () => {
  const yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: '<a&b>'}\n";
  const r = await run(["-A", "-", "-o", "json"], yaml);
  assert.match(r.out, /\\u003ca\\u0026b\\u003e/);
  assert.equal((JSON.parse(r.out) as { message: string }[])[0]!.message, 'Referenced host+subset in destinationrule not found: "r+<a&b>"');
});

test("yaml: the same records as json, single-quoted where needed", async () => {
  const y = await run([...APP, "-o", "yaml"]);
  const j = await run([...APP, "-o", "json"]);
  assert.deepEqual(parseYaml(y.out), JSON.parse(j.out));
  assert.match(y.out, /^- code: IST0101\n/);
  assert.match(y.out, /message: 'Referenced host\+subset in destinationrule not found: "reviews\+v3"'/);
  assert.equal((await run([`${F}/inputs/clean.yaml`, "-o", "yaml"])).out, "[]\n");
});

/** The SARIF 2.1.0 schema (draft-04, from @microsoft/jest-sarif; see fixtures/analyze-cli/README.md), run with ajv 8. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(`${F}/sarif-2.1.0-rtm.5.schema.json`, "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // One pattern in the schema is not valid with the u flag ajv 8 uses.
  const regExp = Object.assign((source: string, flags: string) => new RegExp(source, flags.replace("u", "")), { code: "new RegExp" });
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, code: { regExp: regExp as never } });
  return ajv.compile<any>(schema);
}

test("sarif: valid SARIF 2.1.0 with what GitHub code scanning needs", async () => {
  const r = await run([...APP, "-o", "sarif"]);
  const log = JSON.parse(r.out) as any;
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(log.version, "2.1.0");
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, "meshc");
  const rules = run0.tool.driver.rules as { id: string; helpUri: string; defaultConfiguration: { level: string } }[];
  assert.deepEqual(rules.map((x) => x.id), ["IST0002", "IST0101", "IST0102", "IST0108"]);
  assert.equal(rules[1]!.helpUri, "https://istio.io/latest/docs/reference/config/analysis/ist0101/?ref=meshc");
  assert.deepEqual(rules.map((x) => x.defaultConfiguration.level), ["warning", "error", "note", "warning"]);
  const results = run0.results as any[];
  assert.deepEqual(results.map((x) => x.level), ["error", "error", "warning", "note"]);
  for (const x of results) {
    assert.equal(rules[x.ruleIndex]!.id, x.ruleId);
    const loc = x.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, "%SRCROOT%");
    assert.doesNotMatch(loc.artifactLocation.uri, /^\/|^file:|\\/, "repository-relative");
    assert.ok(loc.region.startLine >= 1);
    assert.match(Object.values(x.partialFingerprints)[0] as string, /^[0-9a-f]{32}$/);
  }
  assert.deepEqual(results[1].locations[0].physicalLocation, { artifactLocation: { uri: `${F}/app/reviews.yaml`, uriBaseId: "%SRCROOT%" }, region: { startLine: 15, startColumn: 9 } });
  assert.match(run0.originalUriBaseIds["%SRCROOT%"].uri, /^file:\/\/.*\/$/);
  // the mesh-wide message has no file: a notification, not an alert
  const notes = run0.invocations[0].toolExecutionNotifications;
  assert.equal(notes.length, 1);
  assert.match(notes[0].message.text, /^Warning \[IST0002\] \(MeshConfig istio-system\/meshconfig\)/);
  // fingerprints do not depend on the line
  const dir = await mkdtemp(join(tmpdir(), "meshc-sarif-"));
  try {
    const file = join(dir, "reviews.yaml");
    const text = readFileSync(`${F}/app/reviews.yaml`, "utf8");
    const fingerprints = async () => JSON.parse((await run(["-A", file, "-o", "sarif"])).out).runs[0].results.map((x: any) => [x.partialFingerprints, x.locations[0].physicalLocation.region.startLine]);
    await writeFile(file, text);
    const before = await fingerprints();
    await writeFile(file, "\n\n" + text);
    const moved = await fingerprints();
    assert.deepEqual(moved.map((x: any) => x[0]), before.map((x: any) => x[0]));
    assert.deepEqual(moved.map((x: any) => x[1]), before.map((x: any) => x[1] + 2));
    const outside = JSON.parse((await run(["-A", file, "-o", "sarif"])).out).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(outside, { uri: pathToFileURL(file).href }, "a file outside the repository: an absolute file URI");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const clean = JSON.parse((await run([`${F}/inputs/clean.yaml`, "-o", "sarif"])).out) as any;
  assert.ok(validate(clean));
  assert.deepEqual(clean.runs[0].results, []);
});

test("github: workflow commands, errors first, repository-relative files, escaped as GitHub requires", async () => {
  const r = await run([...APP, "-o", "github"]);
  const lines = r.out.trim().split("\n");
  assert.equal(lines[0], `::error file=${F}/inputs/reviews.json,line=7,col=64,title=IST0101 VirtualService blog-app/reviews-json::Referenced host+subset in destinationrule not found: "reviews+v9"`);
  assert.equal(lines[1], `::error file=${F}/app/reviews.yaml,line=15,col=9,title=IST0101 VirtualService reviews::Referenced host+subset in destinationrule not found: "reviews+v3"`);
  assert.deepEqual(lines.map((l) => l.split(" ")[0]), ["::error", "::error", "::warning", "::warning", "::notice"]);
  assert.ok(lines.some((l) => l.startsWith("::warning title=IST0002 MeshConfig istio-system/meshconfig::Deprecated")));
  assert.equal(escapeData("100% a\r\nb"), "100%25 a%0D%0Ab");
  assert.equal(escapeProperty("a:b,c%"), "a%3Ab%2Cc%25");
  assert.equal((await run([`${F}/inputs/clean.yaml`, "-o", "github"])).out, "");
});
