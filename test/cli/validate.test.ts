import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";

async function run(args: string[], stdin = "", env: Record<string, string> = {}) {
  const io = memoryIo(stdin, env);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

test("valid input: exit 0 and a summary line", async () => {
  const r = await run(["validate", "-x", "-f", "fixtures/blog-app/"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /✔ 22 resources in 6 files: 0 invalid, 0 errors, 0 warnings/);
});

test("unknown fields, bad enums, wrong types, bad durations, CEL rules: one line each with file:line:col and path", async () => {
  const r = await run(["validate", "fixtures/validate/bad-vs.yaml"]);
  assert.equal(r.code, 65);
  const lines = r.out.trim().split("\n");
  assert.deepEqual(lines.slice(0, -1).map((l) => l.split(": error: ")[0]), [
    "fixtures/validate/bad-vs.yaml:9:3",
    "fixtures/validate/bad-vs.yaml:12:7",
    "fixtures/validate/bad-vs.yaml:18:7",
    "fixtures/validate/bad-vs.yaml:19:5",
    "fixtures/validate/bad-vs.yaml:29:7",
    "fixtures/validate/bad-vs.yaml:31:7",
  ]);
  assert.match(lines[1]!, /VirtualService blog-app\/reviews: spec\.http\[0\]\.match\[0\]\.sourcelabels: unknown field "sourcelabels" \(did you mean "sourceLabels"\?\)/);
  assert.match(lines[4]!, /ISTIO_MUTUAL_TYPO/);
  assert.match(lines[5]!, /at least 1ms/);
  assert.match(lines.at(-1)!, /2 invalid, 6 errors/);
  assert.doesNotMatch(r.out + r.err, /\bat .*\.ts:\d+/, "no stack trace");
});

test("-o json carries only data, with structured positions", async () => {
  const r = await run(["validate", "-o", "json", "fixtures/validate/bad-vs.yaml"]);
  assert.equal(r.code, 65);
  const data = JSON.parse(r.out);
  assert.equal(data.errors, 6);
  assert.deepEqual(
    { file: data.diagnostics[0].file, line: data.diagnostics[0].line, column: data.diagnostics[0].column, path: data.diagnostics[0].path, code: data.diagnostics[0].code },
    { file: "fixtures/validate/bad-vs.yaml", line: 9, column: 3, path: "spec.bad", code: "schema" },
  );
});

test("stdin with -f -", async () => {
  const r = await run(["validate", "-f", "-"], "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  servers: 3\n");
  assert.equal(r.code, 65);
  assert.match(r.out, /<stdin>:6:3: error: Gateway default\/g|<stdin>:6:3: error: Gateway g/);
});

test("every hostile input: exit 65, a message with its file, never a stack trace", async () => {
  for (const f of ["tabs.yaml", "duplicate-keys.yaml", "malformed.yaml", "alias-bomb.yaml", "missing-name.yaml", "binary.yaml", "unknown.yaml"]) {
    const r = await run(["validate", `fixtures/hostile/${f}`]);
    assert.equal(r.code, 65, f);
    assert.match(r.out, new RegExp(`fixtures/hostile/${f.replace(".", "\\.")}`), f);
    assert.doesNotMatch(r.out + r.err, /\n\s+at /, `${f}: no stack trace`);
  }
  const missing = await run(["validate", "nope.yaml"]);
  assert.equal(missing.code, 65);
  assert.match(missing.out, /nope.yaml: error: no such file or directory/);
});

test("usage errors exit 64; --help and --version exit 0 with examples", async () => {
  assert.equal((await run(["validate"])).code, 64);
  assert.equal((await run(["validate", "--bogus"])).code, 64);
  assert.equal((await run(["nosuchcommand"])).code, 64);
  assert.equal((await run(["validate", "-o", "xml", "x.yaml"])).code, 64);
  assert.equal((await run(["validate", "--max-file-size", "lots", "x.yaml"])).code, 64);
  const help = await run(["validate", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /Examples:/);
  const top = await run(["--help"]);
  assert.match(top.out, /Examples:/);
  const v = await run(["--version"]);
  assert.equal(v.code, 0);
  assert.match(v.out, /^\d+\.\d+\.\d+\n$/);
});

test("colour: never when NO_COLOR is set or output is not a TTY; forced with --color", async () => {
  const plain = await run(["validate", "fixtures/validate/bad-vs.yaml"], "", { FORCE_COLOR: "1", NO_COLOR: "1" });
  assert.doesNotMatch(plain.out, /\x1b\[/);
  const forced = await run(["validate", "--color", "fixtures/validate/bad-vs.yaml"]);
  assert.match(forced.out, /\x1b\[/);
  const json = await run(["validate", "--color", "-o", "json", "fixtures/validate/bad-vs.yaml"]);
  assert.doesNotMatch(json.out, /\x1b\[/);
});

test("--use-kube validates what the cluster stores, through a real kubeconfig", async () => {
  const { startFakeCluster } = await import("../helpers/fake-kube-api.js");
  const cluster = await startFakeCluster({
    objects: [
      { apiVersion: "networking.istio.io/v1", kind: "VirtualService", metadata: { name: "ok", namespace: "blog-app" }, spec: { hosts: ["a"] } },
      { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "bad", namespace: "blog-app" }, spec: { host: "a", trafficPolicy: { tls: { mode: "NOPE" } } } },
      { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "elsewhere", namespace: "other" }, spec: { host: "b" } },
    ],
    forbidden: ["Sidecar"],
  });
  try {
    const r = await run(["validate", "--use-kube", "--kubeconfig", cluster.kubeconfig.path, "-n", "blog-app"]);
    assert.equal(r.code, 65);
    assert.match(r.out, /DestinationRule blog-app\/bad: spec\.trafficPolicy\.tls\.mode/);
    assert.match(r.out, /not allowed to list sidecars/);
    assert.doesNotMatch(r.out, /elsewhere/);
    assert.match(r.out, /2 resources/);
  } finally {
    await cluster.close();
  }
});
