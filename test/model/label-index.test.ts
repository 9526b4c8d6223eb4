import { test } from "node:test";
import assert from "node:assert/strict";
import { LabelIndex, SelectorIndex, type Labels } from "../../src/model/label-index.js";

const matches = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => k in labels && labels[k] === v);

interface Item {
  id: string;
  ns: string;
  labels: Record<string, unknown>;
}

const items: Item[] = [
  { id: "a", ns: "x", labels: { app: "web", version: "v1" } },
  { id: "b", ns: "y", labels: { app: "web", version: "v2" } },
  { id: "c", ns: "x", labels: { app: "db" } },
  { id: "d", ns: "x", labels: { app: "web", version: 1 } },
  { id: "e", ns: "y", labels: {} },
];

test("LabelIndex answers like a scan, in input order, mesh-wide or per scope", () => {
  const index = new LabelIndex(items, (i) => i.labels, matches, (i) => i.ns);
  const scan = (selector: Labels, ns?: string) => items.filter((i) => (ns === undefined || i.ns === ns) && matches(selector, i.labels)).map((i) => i.id);
  const selectors: Labels[] = [{}, { app: "web" }, { app: "web", version: "v1" }, { version: "1" }, { version: 1 }, { app: "none" }, { app: "web", other: "x" }];
  for (const s of selectors) {
    assert.deepEqual(index.select(s).map((i) => i.id), scan(s), JSON.stringify(s));
    for (const ns of ["x", "y", "z"]) assert.deepEqual(index.select(s, ns).map((i) => i.id), scan(s, ns), `${JSON.stringify(s)} in ${ns}`);
    assert.equal(index.some(s), scan(s).length > 0);
    assert.equal(index.first(s)?.id, scan(s)[0]);
  }
  assert.deepEqual(index.select(undefined).map((i) => i.id), ["a", "b", "c", "d", "e"]);
  // A selector value no label can have as a string (undefined): answered by scanning, still exactly.
  assert.deepEqual(index.select({ app: undefined }).map((i) => i.id), scan({ app: undefined }));
});

test("SelectorIndex finds the non-empty selectors that select a label set, in input order", () => {
  const selectors = [
    { id: "s1", ns: "x", selector: { app: "web" } },
    { id: "s2", ns: "x", selector: { version: "v1", app: "web" } },
    { id: "s3", ns: "x", selector: {} },
    { id: "s4", ns: "y", selector: { app: "web" } },
    { id: "s5", ns: "x", selector: { app: "db" } },
  ];
  const index = new SelectorIndex(selectors, (s) => s.selector, matches, (s) => s.ns);
  assert.deepEqual(index.selecting({ app: "web", version: "v1" }, "x").map((s) => s.id), ["s1", "s2"]);
  assert.deepEqual(index.selecting({ version: "v1", app: "web" }, "y").map((s) => s.id), ["s4"]);
  assert.deepEqual(index.selecting({ app: "db" }, "x").map((s) => s.id), ["s5"]);
  assert.deepEqual(index.selecting({}, "x"), []);
});
