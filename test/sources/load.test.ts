import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFiles } from "../../src/sources/load.js";
import { locate } from "../../src/sources/source.js";

const H = "fixtures/hostile";

test("loads a directory recursively with origins for every resource and field", async () => {
  const r = await loadFiles(["fixtures/blog-app"]);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.resources.length, 22);
  const vs = r.resources.find((x) => x.info.kind === "VirtualService" && x.object.metadata.name === "posts")!;
  assert.equal(vs.origin.type, "file");
  const pos = locate(vs.origin, ["spec", "http", 0, "route", 1, "destination", "subset"]);
  assert.deepEqual(pos, { file: "fixtures/blog-app/routing.yaml", line: 48, column: 9 });
  assert.deepEqual(locate(vs.origin), { file: "fixtures/blog-app/routing.yaml", line: 31, column: 1 });
});

test("a malformed document is an error at its line; the other documents still load", async () => {
  const r = await loadFiles([`${H}/malformed.yaml`]);
  assert.deepEqual(r.resources.map((x) => x.object.metadata.name), ["ok-before", "ok-after"]);
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0]!.level, "Error");
  assert.equal(r.diagnostics[0]!.origin!.file, `${H}/malformed.yaml`);
  assert.ok(r.diagnostics[0]!.origin!.line >= 10 && r.diagnostics[0]!.origin!.line <= 12);
});

test("hostile and broken inputs each give one clear error with a position", async () => {
  const cases: [string, RegExp, number][] = [
    ["tabs.yaml", /tab character/, 4],
    ["duplicate-keys.yaml", /duplicate key/, 5],
    ["alias-bomb.yaml", /alias/, 0],
    ["missing-name.yaml", /no metadata.name/, 0],
    ["binary.yaml", /not a text file/, 0],
  ];
  for (const [file, message, line] of cases) {
    const r = await loadFiles([`${H}/${file}`]);
    const errors = r.diagnostics.filter((d) => d.level === "Error");
    assert.equal(errors.length, 1, `${file}: ${JSON.stringify(r.diagnostics)}`);
    assert.match(errors[0]!.message, message, file);
    assert.equal(errors[0]!.origin!.file, `${H}/${file}`);
    if (line) assert.equal(errors[0]!.origin!.line, line, file);
  }
});

test("unknown kinds and non-objects are warnings; an unknown version of a known kind is an error", async () => {
  const r = await loadFiles([`${H}/unknown.yaml`]);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.level, d.code, d.origin!.line]),
    [
      ["Warning", "unknown-kind", 1],
      ["Warning", "not-object", 6],
      ["Error", "unknown-version", 8],
    ],
  );
  const quiet = await loadFiles([`${H}/unknown.yaml`], { ignoreUnknown: true });
  assert.deepEqual(quiet.diagnostics.map((d) => d.code), ["unknown-version"]);
});

test("empty files warn; JSON Lists expand with positions inside the list", async () => {
  const empty = await loadFiles([`${H}/empty.yaml`]);
  assert.deepEqual(empty.diagnostics.map((d) => [d.level, d.message]), [["Warning", "file is empty"]]);
  const list = await loadFiles([`${H}/list.json`]);
  assert.deepEqual(list.resources.map((x) => x.object.metadata.name), ["r1", "r2"]);
  assert.deepEqual(locate(list.resources[1]!.origin, ["spec", "trafficPolicy", "tls", "mode"]), { file: `${H}/list.json`, line: 6, column: 168 });
});

test("stdin, nonexistent paths, directory loops, unreadable files, size limits", async () => {
  const stdin = await loadFiles(["-"], { readStdin: async () => new TextEncoder().encode("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-stdin\n") });
  assert.equal(stdin.resources[0]!.object.metadata.name, "from-stdin");
  assert.equal(locate(stdin.resources[0]!.origin).file, "<stdin>");

  const missing = await loadFiles(["no/such/file.yaml"]);
  assert.match(missing.diagnostics[0]!.message, /no such file or directory: no\/such\/file.yaml/);

  const dir = mkdtempSync(join(tmpdir(), "meshc-load-"));
  try {
    mkdirSync(join(dir, "a"));
    writeFileSync(join(dir, "a/ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
    symlinkSync(dir, join(dir, "a/loop"));
    const loop = await loadFiles([dir]);
    assert.equal(loop.resources.length, 1);
    assert.ok(loop.diagnostics.some((d) => /directory loop/.test(d.message)));

    writeFileSync(join(dir, "big.yaml"), "x".repeat(2048));
    const big = await loadFiles([join(dir, "big.yaml")], { maxFileBytes: 1024 });
    assert.equal(big.diagnostics[0]!.code, "limit");
    assert.match(big.diagnostics[0]!.message, /over the 1 KiB limit/);

    // Unreadable: as root, permissions do not stop reads, so use a file the kernel refuses to read.
    const secret = join(dir, "secret.yaml");
    writeFileSync(secret, "a: 1\n");
    chmodSync(secret, 0);
    const target = process.getuid?.() === 0 ? "/proc/self/mem" : secret;
    const unreadable = await loadFiles([target]);
    assert.equal(unreadable.diagnostics.length, 1);
    assert.equal(unreadable.diagnostics[0]!.level, "Error");
    assert.match(unreadable.diagnostics[0]!.message, /permission denied|cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a 100 MB file is refused by the default limit before it is read", async () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-huge-"));
  try {
    const p = join(dir, "huge.yaml");
    writeFileSync(p, Buffer.alloc(100 * 1024 * 1024, 0x61));
    const t0 = performance.now();
    const r = await loadFiles([p]);
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(r.diagnostics[0]!.code, "limit");
    assert.match(r.diagnostics[0]!.message, /100 MiB, over the 64 MiB limit/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
