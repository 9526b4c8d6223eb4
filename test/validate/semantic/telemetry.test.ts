import { test } from "node:test";
import assert from "node:assert/strict";
import { celSyntaxError, rule } from "../../../src/validate/semantic/telemetry.js";

const ctx = { namespace: "default", name: "t" };
const brief = (spec: object) => rule(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);

test("Telemetry: sound resources have no issues", () => {
  assert.deepEqual(brief({}), []);
  assert.deepEqual(
    brief({
      tracing: [{ providers: [{ name: "zipkin" }], randomSamplingPercentage: 10, customTags: { a: { literal: { value: "x" } }, b: { header: { name: "x-id" } } } }],
      metrics: [{ overrides: [{ match: { metric: "REQUEST_COUNT" }, tagOverrides: { x: { operation: "REMOVE" } } }] }],
      accessLogging: [{ filter: { expression: "response.code >= 400 && request.headers['x-debug'] == \"1\"" } }],
    }),
    [],
  );
});

test("Telemetry: scope checks", () => {
  assert.deepEqual(brief({ selector: {} }), ["warning spec.selector"]);
  assert.deepEqual(brief({ targetRefs: [{ kind: "HTTPRoute", group: "gateway.networking.k8s.io", name: "r" }] }), ["error spec.targetRefs.0.kind"]);
});

test("Telemetry: several tracing entries or providers are warnings", () => {
  assert.deepEqual(brief({ tracing: [{}, {}] }), ["warning spec.tracing.1"]);
  assert.deepEqual(brief({ tracing: [{ providers: [{ name: "a" }, { name: "b" }] }] }), ["warning spec.tracing.0.providers.1"]);
});

test("Telemetry: custom tags need a name and exactly one source", () => {
  assert.deepEqual(brief({ tracing: [{ customTags: { "": { literal: { value: "v" } } } }] }), ["error spec.tracing.0.customTags."]);
  assert.deepEqual(brief({ tracing: [{ customTags: { t: { literal: { value: "v" }, header: { name: "h" } } } }] }), ["error spec.tracing.0.customTags.t"]);
  assert.deepEqual(brief({ tracing: [{ customTags: { t: {} } }] }), ["warning spec.tracing.0.customTags.t"]);
});

test("Telemetry: metric selector names metric or customMetric, not both", () => {
  assert.deepEqual(brief({ metrics: [{ overrides: [{ match: { metric: "REQUEST_COUNT", customMetric: "m" } }] }] }), ["error spec.metrics.0.overrides.0.match"]);
  assert.deepEqual(brief({ metrics: [{ overrides: [{ match: { customMetric: "m" } }] }] }), []);
});

test("Telemetry: an empty tag override name is a warning", () => {
  assert.deepEqual(brief({ metrics: [{ overrides: [{ tagOverrides: { "": { operation: "REMOVE" } } }] }] }), ["warning spec.metrics.0.overrides.0.tagOverrides"]);
});

test("Telemetry: access log filters must look like CEL", () => {
  const at = ["error spec.accessLogging.0.filter.expression"];
  assert.deepEqual(brief({ accessLogging: [{ filter: {} }] }), at);
  assert.deepEqual(brief({ accessLogging: [{ filter: { expression: "response.code = 500" } }] }), at);
  assert.deepEqual(brief({ accessLogging: [{ filter: { expression: "(response.code >= 400" } }] }), at);
  assert.deepEqual(brief({ accessLogging: [{ filter: { expression: "request.path == '/x" } }] }), at);
  assert.deepEqual(brief({ accessLogging: [{ filter: { expression: "a & b" } }] }), at);
  for (const ok of ["true", "size(request.headers) > 2", "r'\\d' != ''", "'''multi\nline''' == x", "[1, 2].exists(x, x > 1) ? {\"a\": 1}['a'] == 1 : false", "!(a || b)"]) {
    assert.equal(celSyntaxError(ok), undefined, ok);
  }
  for (const bad of ["", "a]", "{1: 2", "x # comment", "'a\\'"]) assert.ok(celSyntaxError(bad), bad);
});

test("Telemetry: never throws on odd input", () => {
  assert.doesNotThrow(() => rule(null, ctx));
  assert.doesNotThrow(() => rule({ tracing: [null], metrics: [{ overrides: [null] }], accessLogging: [null] }, ctx));
});
