import { test } from "node:test";
import assert from "node:assert/strict";
import { locateInJson, parseJson } from "../../src/sources/json.js";

test("parses JSON and reports the offset of a syntax error", () => {
  assert.deepEqual(parseJson('{"a": [1]}'), { ok: true, value: { a: [1] } });
  const r = parseJson('{"a": [1,}');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /invalid JSON/);
    assert.ok(r.offset > 0);
  }
});

test("locates members and items, skipping strings with brackets and escapes", () => {
  const text = '{"x": "a]\\"}", "items": [ {"n": 1}, {"spec": {"host": "h"}} ]}';
  assert.equal(text.slice(locateInJson(text, ["items", 1, "spec", "host"]), locateInJson(text, ["items", 1, "spec", "host"]) + 6), '"host"');
  assert.equal(text[locateInJson(text, ["items", 1])], "{");
  assert.equal(text.slice(locateInJson(text, ["items", 9]), locateInJson(text, ["items", 9]) + 7), '"items"');
});

test("deep JSON does not overflow the stack when located", () => {
  const text = "[".repeat(50000) + "]".repeat(50000);
  assert.equal(locateInJson(text, [0, 0, 0]), 3);
});
