import { test } from "node:test";
import assert from "node:assert/strict";
import { naturalLess, toGoYaml } from "../../src/inject/yaml-emit.js";
import { canonicalQuantity } from "../../src/inject/quantity.js";
import { formatGoFloat, goJson } from "../../src/inject/go-format.js";
import { parseYamlDocument, splitDocuments, YFloat } from "../../src/inject/yaml-input.js";
import { encodeStruct } from "../../src/inject/k8s-codec.js";

test("natural key order: punctuation and digits before letters, numbers compared as numbers", () => {
  assert.equal(naturalLess("a-b", "aB"), true);
  assert.equal(naturalLess("item9", "item10"), true);
  assert.equal(naturalLess("A", "a"), true);
  assert.equal(naturalLess("ab", "abc"), true);
  assert.equal(naturalLess("z_", "za"), true);
});

test("scalar styles follow go-yaml v2", () => {
  const y = toGoYaml({ a: "15020", b: "*", c: "true", d: "", e: "-p", f: "x: y", g: "{}\n", h: "a\nb", i: "2001-12-14", j: "1:20", k: "tab\there", l: "yes" });
  assert.equal(
    y,
    [
      'a: "15020"', "b: '*'", 'c: "true"', 'd: ""', "e: -p", "f: 'x: y'", "g: |", "  {}", "h: |-", "  a", "  b",
      'i: "2001-12-14"', 'j: "1:20"', 'k: "tab\\there"', 'l: "yes"', "",
    ].join("\n"),
  );
});

test("sequences in mappings are not indented; empty collections are flow", () => {
  assert.equal(toGoYaml({ list: [{ name: "x", v: [] }, [1, 2]], m: {} }), "list:\n- name: x\n  v: []\n- - 1\n  - 2\nm: {}\n");
});

test("long single-quoted values fold at column 80", () => {
  const value = '[{"name": "alt_cni"}, {"name": "more_cni", "namespace": "kube-system"}, {"name": "istio-cni", "namespace": "default"}]';
  const out = toGoYaml({ metadata: { annotations: { "k8s.v1.cni.cncf.io/networks": value } } });
  assert.equal(
    out,
    "metadata:\n  annotations:\n    k8s.v1.cni.cncf.io/networks: '[{\"name\": \"alt_cni\"}, {\"name\": \"more_cni\", \"namespace\":\n      \"kube-system\"}, {\"name\": \"istio-cni\", \"namespace\": \"default\"}]'\n",
  );
});

test("quantities are canonical", () => {
  const cases: [string, string][] = [
    ["2000m", "2"], ["1024Mi", "1Gi"], ["1536Mi", "1536Mi"], ["0.5Gi", "512Mi"], ["100m", "100m"], ["1500000", "1500k"],
    ["0.5", "500m"], ["0", "0"], ["1e3", "1e3"], ["512", "512"], ["1.5Ki", "1536"],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, input);
});

test("Go float and JSON formatting", () => {
  assert.equal(formatGoFloat(1.1, 32), "1.1");
  assert.equal(formatGoFloat(1e6, 64), "1e+06");
  assert.equal(goJson({ p: "/a?x=1&y=<2>" }), '{"p":"/a?x=1\\u0026y=\\u003c2\\u003e"}');
});

test("YAML 1.1 input semantics and coercion to strings", () => {
  const v = parseYamlDocument("a: yes\nb: 1.10\nc: 010\nd: ~\ne: '1'\nf: 0x1F\n") as Record<string, unknown>;
  assert.equal(v.a, true);
  assert.ok(v.b instanceof YFloat);
  assert.equal(v.c, 8);
  assert.equal(v.d, null);
  assert.equal(v.e, "1");
  assert.equal(v.f, 31);
  const meta = encodeStruct({ labels: v }, "m.ObjectMeta", "");
  assert.deepEqual(meta.labels, { a: "true", b: "1.1", c: "8", d: "", e: "1", f: "31" });
});

test("document splitting follows Istio's line reader", () => {
  assert.deepEqual(splitDocuments("---\na: 1\n---\n\n--- # c\nb: 2").map((d) => d.text), ["a: 1\n", "\n", "b: 2\n"]);
  assert.throws(() => splitDocuments("a: 1\n--- !tag\n"), /invalid Yaml document separator/);
});

test("Go JSON decoding: unknown fields dropped, structs kept, empties omitted", () => {
  const d = encodeStruct(
    { metadata: { name: "x", bogus: 1 }, spec: { template: { spec: { containers: [{ name: "c", Image: "i" }] } } } },
    "a.Deployment",
    "",
  );
  assert.deepEqual(d, {
    metadata: { name: "x" },
    spec: { selector: null, template: { metadata: {}, spec: { containers: [{ name: "c", image: "i", resources: {} }] } }, strategy: {} },
    status: {},
  });
});
