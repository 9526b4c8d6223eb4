import { test } from "node:test";
import assert from "node:assert/strict";
import { goQuote, goSprintf } from "../../src/analyze/go-format.js";
import { logLine, sortMessages, type AnalysisMessage } from "../../src/analyze/run.js";

test("Go verbs: %s %v %d %q, lists and maps as Go prints them", () => {
  assert.equal(goSprintf("Referenced %s not found: %q", ["host+subset in destinationrule", "reviews+v3"]), 'Referenced host+subset in destinationrule not found: "reviews+v3"');
  assert.equal(goSprintf("%v and %d%%", [["a", "b"], 7]), "[a b] and 7%");
  assert.equal(goSprintf("%s", [{ b: 1, a: "x" }]), "map[a:x b:1]");
  assert.equal(goSprintf("%s %s", ["only"]), "only %!s(MISSING)");
  assert.equal(goQuote('a"b\\c\n'), '"a\\"b\\\\c\\n"');
});

test("log lines and istioctl's order: level, code, Kind/name/namespace", () => {
  const m = (level: AnalysisMessage["level"], code: string, name: string, ns?: string): AnalysisMessage => ({ code, level, message: "x", args: [], analyzer: "a", resource: { kind: "VirtualService", name, ...(ns ? { namespace: ns } : {}) } });
  const withOrigin = { ...m("Error", "IST0101", "reviews", "blog-app"), origin: { file: "reviews.yaml", line: 14, column: 9 } };
  assert.equal(logLine(withOrigin), "Error [IST0101] (VirtualService blog-app/reviews reviews.yaml:14) x");
  assert.equal(logLine({ ...withOrigin, json: true }), "Error [IST0101] (VirtualService blog-app/reviews reviews.yaml) x");
  assert.equal(logLine(m("Info", "IST0102", "bar")), "Info [IST0102] (VirtualService bar) x");
  const sorted = sortMessages([m("Info", "IST0102", "a"), m("Warning", "IST0101", "b", "z"), m("Warning", "IST0101", "b", "a"), m("Error", "IST0145", "a")]);
  assert.deepEqual(sorted.map((x) => `${x.level} ${x.code} ${x.resource!.namespace ?? ""}`), ["Error IST0145 ", "Warning IST0101 a", "Warning IST0101 z", "Info IST0102 "]);
});
