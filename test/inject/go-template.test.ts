import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGoTemplate, TemplateError } from "../../src/inject/go-template.js";

const render = (src: string, data: unknown): string => compileGoTemplate(src).render(data as never);

test("fields, range with variables, trim markers", () => {
  const data = { Spec: { containers: [{ name: "a" }, { name: "b" }] }, Values: { global: { tag: "1.0" } } };
  assert.equal(render("{{- range $i, $c := .Spec.Containers }}\n- {{ $i }}:{{ $c.Name }}{{ end }} {{ .Values.global.tag }}", data), "\n- 0:a\n- 1:b 1.0");
});

test("if / else if / else, with, index, default, quote, toJson", () => {
  const data = { m: { "a.b": "x" }, n: 0, s: "" };
  assert.equal(render(`{{ if .n }}one{{ else if .s }}two{{ else }}three{{ end }}`, data), "three");
  assert.equal(render("{{ index .m `a.b` }}|{{ .s | default \"d\" }}|{{ quote .m }}|{{ toJson .m }}", data), 'x|d|"map[a.b:x]"|{"a.b":"x"}');
  assert.equal(render("{{ with .m }}{{ index . `a.b` }}{{ end }}", data), "x");
  assert.equal(render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", data), "2");
});

test("unsupported syntax is named in the error", () => {
  assert.throws(() => render("{{ sha256sum .x }}", {}), (e: unknown) => e instanceof TemplateError && /function "sha256sum" not defined/.test((e as Error).message));
  assert.throws(() => compileGoTemplate(`{{ define "x" }}{{ end }}`), /unsupported template action \{\{define\}\}/);
  assert.throws(() => compileGoTemplate("{{ if .x }}"), /missing \{\{end\}\}/);
});
