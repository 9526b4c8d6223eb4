/**
 * The fast paths agree with the reference ones: the js-yaml event loader with the `yaml`-package
 * loader (or declines), the one-pass stream loader with per-document loading, and a reused
 * YamlEmitter with a fresh one per document.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { YamlEmitter, toGoYaml } from "../../src/inject/yaml-emit.js";
import { loadFromEvents, loadStreamFromEvents } from "../../src/inject/yaml-events.js";
import { loadDocuments, parseYamlDocument, splitDocuments } from "../../src/inject/yaml-input.js";
import { loadReference } from "../../src/inject/yaml-reference.js";
import { YFloat, type YValue } from "../../src/inject/yaml-scalars.js";
import type { Json } from "../../src/inject/k8s-codec.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/inject/${name}`, import.meta.url), "utf8");

/** Values with floats and key order made visible. */
const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof YFloat ? { float: String(x.value) } : x));

function reference(text: string): string {
  try {
    return show(loadReference(text));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** The fast loader either declines or gives exactly what the reference loader gives. */
function assertAgrees(text: string): void {
  const fast = loadFromEvents(text);
  if (fast !== undefined) assert.equal(show(fast), reference(text), JSON.stringify(text));
}

const SAMPLES = [
  "a: 'it''s'\nb: \"\\x41\\u00e9\\/\"\nc: >\n  folded\n  text\n\n  para\ne: |+\n  keep\n\nf: plain\n  continued\n",
  "a: yes\nb: 1.10\nc: 010\nd: ~\ne: '1'\nf: 0x1F\ng: -.inf\nh: 1_000\ni: .5\nj: 1e3\n",
  "a: &x {p: 1}\nb:\n  <<: *x\n  q: 2\nc:\n  <<: [*x, {r: 3}]\n  p: 9\n",
  "a: &x 1\nb: &x 2\nc: *x\nd: [*x, &y [1], *y]\n",
  "a: 1\na: 2\nb: 3\n__proto__: 4\n",
  "- !!str 1\n- ! 2\n- !<tag:yaml.org,2002:str> 3\n- !!int 4\n- !custom 5\n",
  "a: |1\n  \nb: |2\n   x\n", "a:\tb\n", "a: b\r\nc: d\r\n", "? [a]\n: 1\n", ": x:\n", "%YAML 1.1\n---\na: 1\n",
  "a: b: c\n", "a: [b\n", "a: *nope\n", "a: &x [1, *x]\n", "a: 1\n...\nb: 2\n", "# only a comment\n", "",
  fixture("deployment.yaml"),
];

test("event loader: same values as the reference loader, or declines", () => {
  for (const s of SAMPLES) for (const d of s.includes("---") ? splitDocuments(s) : [{ text: s }]) assertAgrees(d.text);
  assert.ok(loadFromEvents(fixture("deployment.yaml").split("---\n")[0]!) !== undefined, "ordinary manifests take the fast path");
  assert.equal(loadFromEvents("a: b: c\n"), undefined, "errors are declined");
});

test("event loader: mutated manifests (deterministic fuzz)", () => {
  let seed = 20240601;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pieces = [" ", "\n", ":", "- ", "'", '"', "#", "&a ", "*a", "!", "[", "]", "{", "}", ",", "? ", "|", ">", "\t", "<<: ", "  ", "x", "0", "\\", "|2", "..."];
  const corpus = SAMPLES.filter((s) => s.length > 0);
  for (let n = 0; n < 1500; n++) {
    let t = corpus[Math.floor(rnd() * corpus.length)]!;
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      const p = Math.floor(rnd() * (t.length + 1));
      t = rnd() < 0.6 ? t.slice(0, p) + pieces[Math.floor(rnd() * pieces.length)] + t.slice(p) : t.slice(0, p) + t.slice(p + 1 + Math.floor(rnd() * 3));
    }
    assertAgrees(t);
  }
});

test("stream loader: one pass gives what document-by-document loading gives", () => {
  const stream = ["a: 1", "--- # second", "# only comments", "---", "", "---", "&x b: [*x]", "---", "c: |\n  text\n", "---", "- !tag x\n- y\n"].join("\n");
  const docs = splitDocuments(stream);
  const pre = loadStreamFromEvents(stream, docs);
  assert.ok(pre, "the stream lines up with Istio's documents");
  const load = loadDocuments(stream, docs);
  docs.forEach((d, i) => {
    if (pre[i] !== undefined) assert.equal(show(pre[i]), show(parseYamlDocument(d.text)), `document ${i + 1}`);
    assert.equal(show(load(i)), show(parseYamlDocument(d.text)));
  });
  assert.equal(pre[docs.length - 1], undefined, "a tagged document is left to the per-document path");
  // Istio splits on `---#c`, YAML does not; a last line without "\n" is completed by the splitter
  // only: the stream pass declines and the documents load one by one.
  for (const odd of ["a: 1\n---#c\nb: 2\n", "a: 1\n---\nb: 2"]) {
    assert.equal(loadStreamFromEvents(odd, splitDocuments(odd)), undefined);
    assert.equal(show(loadDocuments(odd, splitDocuments(odd))(1)), show({ b: 2 } as YValue));
  }
});

test("a reused emitter writes what a fresh one writes", () => {
  const values: Json[] = [
    { "a b": "x", long: "word ".repeat(30), quote: "it's", emoji: "😀 ".repeat(40), multi: "l1\nl2\n", key: "yes" },
    { "a b": ["x", "yes", "😀 ".repeat(40)], long: { nested: "word ".repeat(30) }, "": "", "1": 1.5, k: null },
    [{ name: "c", args: ["--x", "a: b", "#", "- x"] }, "word ".repeat(30)],
  ];
  const shared = new YamlEmitter();
  for (let round = 0; round < 2; round++) for (const v of values) assert.equal(shared.emit(v), toGoYaml(v));
});
