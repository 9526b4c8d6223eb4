/**
 * The line-scanning fast path of positions (src/analyze/fast-locate.ts) must give exactly what locate()
 * gives whenever it answers: checked on every scalar path of every YAML resource in the fixtures and on
 * hand-written awkward documents (it may decline; it may not differ).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fastLocate } from "../../src/analyze/fast-locate.js";
import { parseSourceText } from "../../src/sources/documents.js";
import { locate, type LoadedResource } from "../../src/sources/source.js";
import { REPO_ROOT } from "../helpers/shared.js";

type Path = (string | number)[];

function scalarPaths(v: unknown, p: Path = [], out: Path[] = [[]]): Path[] {
  if (v !== null && typeof v === "object") {
    if (Array.isArray(v)) v.forEach((x, i) => scalarPaths(x, [...p, i], out));
    else for (const [k, x] of Object.entries(v)) scalarPaths(x, [...p, k], out);
  } else out.push(p);
  return out;
}

/** [answered, mismatches] over every scalar path (and a few missing ones) of these resources. */
function crossCheck(resources: readonly LoadedResource[]): [number, string[]] {
  let answered = 0;
  const wrong: string[] = [];
  for (const res of resources) {
    if (res.origin.type !== "file") continue;
    for (const path of [...scalarPaths(res.object), ["spec", "missing"], ["metadata", 0], ["spec", "hosts", 99]]) {
      const offset = fastLocate(res.origin, path);
      if (offset === undefined) continue;
      answered++;
      const fast = res.origin.file.position(offset);
      const slow = locate(res.origin, path);
      if (fast.line !== slow.line || fast.column !== slow.column) wrong.push(`${slow.file} ${JSON.stringify(path)}: ${fast.line}:${fast.column}, locate ${slow.line}:${slow.column}`);
    }
  }
  return [answered, wrong];
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

test("fast positions equal locate() on every scalar path of the fixtures", () => {
  const resources = yamlFiles(join(REPO_ROOT, "fixtures")).flatMap((f) => parseSourceText(f, readFileSync(f, "utf8"), { ignoreUnknown: true }).resources);
  const [answered, wrong] = crossCheck(resources);
  assert.deepEqual(wrong, []);
  assert.ok(answered > 1000, `the fast path answered only ${answered} lookups`);
});

const AWKWARD = `# leading comment

apiVersion: v1
kind: ConfigMap
metadata:
    name: awkward-1
    labels: {a: b}
data:
    k: |
      - not: a key
      key: no
    list:
    -   a
    -    - nested
    -   b: c
        d: e
    -
      x: y
    - "quoted"
    - &anchor z
    - -dash: 1
    empty:
    after: 1
    seqmap:
      - a: 1
        b: [1, 2]
      -   c: 2
          d:
            - q
---   # marker comment
apiVersion: v1   # trailing
kind: ConfigMap
metadata:
  name: awkward-2
  annotations:
    "quoted/key": v
    plain: "v"
data:
  a: >
    folded
  b: plain
    continued
  c:
  # comment at another indent
        deep: 1
  compact:
  - one
  - two: 2
    three: 3
---
apiVersion: v1\r
kind: ConfigMap\r
metadata:\r
  name: awkward-3\r
data:\r
  x: "1"\r
  y:\r
  - a\r
`;

test("fast positions equal locate() (or decline) on awkward YAML", () => {
  const r = parseSourceText("awkward.yaml", AWKWARD, { ignoreUnknown: true });
  assert.equal(r.resources.length, 3, JSON.stringify(r.diagnostics));
  const [answered, wrong] = crossCheck(r.resources);
  assert.deepEqual(wrong, []);
  assert.ok(answered > 10);
});
