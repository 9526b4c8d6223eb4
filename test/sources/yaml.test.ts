import { test } from "node:test";
import assert from "node:assert/strict";
import { locateInYaml, parseYamlChunk, splitYamlDocuments } from "../../src/sources/yaml.js";
import { LineIndex } from "../../src/sources/text-position.js";

test("splits documents on --- and ... lines only", () => {
  const text = "a: 1\n---\nb: |\n  ---x\n  text\n---\n# only a comment\n---\nc: 3\n...\n";
  const chunks = splitYamlDocuments(text);
  assert.equal(chunks.length, 3);
  assert.deepEqual(chunks.map((c) => parseYamlChunk(text, c)).map((r) => (r.ok ? r.value : r.message)), [{ a: 1 }, { b: "---x\ntext\n" }, { c: 3 }]);
});

test("content on the --- line belongs to its document", () => {
  const text = "--- {a: 1}\n--- [2]\n";
  const values = splitYamlDocuments(text).map((c) => parseYamlChunk(text, c));
  assert.deepEqual(values.map((r) => r.ok && r.value), [{ a: 1 }, [2]]);
});

test("YAML 1.1 booleans as Kubernetes reads them; numbers like 1.10 stay numbers", () => {
  const text = "a: yes\nb: off\nc: 1.10\nd: '1.10'\ne: 2020-01-01\n";
  const r = parseYamlChunk(text, splitYamlDocuments(text)[0]!);
  assert.deepEqual(r.ok && r.value, { a: true, b: false, c: 1.1, d: "1.10", e: "2020-01-01" });
});

test("duplicate keys, tabs and syntax errors are reported with their offset", () => {
  for (const [text, expect] of [
    ["a: 1\na: 2\n", /duplicate key/],
    ["a:\n\tb: 1\n", /tab character/],
    ["a: [1, 2\n", /./],
  ] as const) {
    const r = parseYamlChunk(text, splitYamlDocuments(text)[0]!);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, expect);
      assert.ok(r.offset >= 0 && r.offset <= text.length);
    }
  }
});

test("alias bombs are refused quickly; ordinary aliases work", () => {
  const levels = ["a: &a [x,x,x,x,x,x,x,x,x]"];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
  }
  const bomb = levels.join("\n") + "\n";
  const t0 = performance.now();
  const r = parseYamlChunk(bomb, splitYamlDocuments(bomb)[0]!);
  assert.ok(performance.now() - t0 < 2000, "bounded time");
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /alias/);
  const fine = "base: &b {x: 1}\nother: *b\n";
  const ok = parseYamlChunk(fine, splitYamlDocuments(fine)[0]!);
  assert.deepEqual(ok.ok && ok.value, { base: { x: 1 }, other: { x: 1 } });
});

test("10,000-deep nesting is refused, not a stack overflow", () => {
  for (const text of ["[".repeat(10000) + "]".repeat(10000), Array.from({ length: 10000 }, (_, i) => " ".repeat(i) + "a:").join("\n") + " 1\n"]) {
    const r = parseYamlChunk(text, { start: 0, end: text.length });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /nested/);
  }
});

test("locates keys and list items by path", () => {
  const text = "x: 0\n---\nspec:\n  http:\n  - route:\n    - destination: {host: a}\n    - destination:\n        subset: v3\n";
  const chunk = splitYamlDocuments(text)[1]!;
  const lines = new LineIndex(text);
  const at = (path: (string | number)[]) => lines.position(locateInYaml(text, chunk, path));
  assert.deepEqual(at(["spec", "http", 0, "route", 1, "destination", "subset"]), { line: 8, column: 9 });
  assert.deepEqual(at(["spec", "http", 0, "route", 0, "destination", "host"]), { line: 6, column: 21 });
  // A path that does not exist points at its deepest existing ancestor.
  assert.deepEqual(at(["spec", "http", 0, "missing"]), { line: 5, column: 5 });
  assert.deepEqual(at([]), { line: 3, column: 1 });
});
