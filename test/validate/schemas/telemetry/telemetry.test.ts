import { test } from "node:test";
import assert from "node:assert/strict";
import { Telemetry, TelemetrySpec } from "../../../../src/validate/schemas/istio/telemetry/telemetry.js";
import { harness, ids } from "../security/harness.js";

const h = harness(TelemetrySpec);
const override = (tagOverrides: object) => ({ metrics: [{ overrides: [{ tagOverrides }] }] });

test("Telemetry: definition names its kind", () => assert.equal(Telemetry.kind, "Telemetry"));

test("Telemetry: valid specs pass", () => {
  for (const spec of [
    {},
    {
      selector: { matchLabels: { app: "a" } },
      tracing: [
        {
          match: { mode: "CLIENT" },
          providers: [{ name: "zipkin" }],
          randomSamplingPercentage: 12.5,
          disableSpanReporting: null,
          useRequestIdForTraceSampling: true,
          enableIstioTags: false,
          disableContextPropagation: null,
          customTags: { env: { environment: { name: "POD", defaultValue: "x" } }, lit: { literal: { value: "v" } }, hdr: { header: { name: "x-id" } }, f: { formatter: { value: "%REQ(:PATH)%" } } },
        },
      ],
      metrics: [
        {
          providers: [{ name: "prometheus" }],
          reportingInterval: "15s",
          overrides: [
            { match: { metric: "REQUEST_COUNT", mode: "SERVER" }, disabled: true, tagOverrides: { request_host: { operation: "REMOVE" }, x: { value: "request.host" } } },
            { match: { customMetric: "my_metric" }, tagOverrides: { y: { operation: "UPSERT", value: "1" } } },
          ],
        },
      ],
      accessLogging: [{ providers: [{ name: "envoy" }], disabled: false, match: { mode: "CLIENT_AND_SERVER" }, filter: { expression: "response.code >= 400" } }],
    },
    { targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw" }], tracing: [{ randomSamplingPercentage: null }] },
  ]) {
    assert.deepEqual(h.errors(spec), [], JSON.stringify(spec));
    assert.deepEqual(h.checks(spec), [], JSON.stringify(spec));
  }
});

test("Telemetry: unknown fields, wrong types, bad enums and ranges are rejected", () => {
  assert.deepEqual(h.errors({ tracing: [{ sampling: 1 }] }), ["/tracing/0 additionalProperties"]);
  assert.deepEqual(h.errors({ tracing: [{ randomSamplingPercentage: 101 }] }), ["/tracing/0/randomSamplingPercentage maximum"]);
  assert.deepEqual(h.errors({ tracing: [{ randomSamplingPercentage: -1 }] }), ["/tracing/0/randomSamplingPercentage minimum"]);
  assert.deepEqual(h.errors({ tracing: [{ randomSamplingPercentage: "50" }] }), ["/tracing/0/randomSamplingPercentage type"]);
  assert.deepEqual(h.errors({ tracing: [{ match: { mode: "BOTH" } }] }), ["/tracing/0/match/mode enum"]);
  assert.deepEqual(h.errors({ tracing: [{ customTags: { a: { literal: {} } } }] }), ["/tracing/0/customTags/a/literal required"]);
  assert.deepEqual(h.errors({ tracing: [{ customTags: { a: { env: {} } } }] }), ["/tracing/0/customTags/a additionalProperties"]);
  assert.deepEqual(h.errors({ metrics: [{ overrides: [{ match: { metric: "REQUESTS" } }] }] }), ["/metrics/0/overrides/0/match/metric enum"]);
  assert.deepEqual(h.errors(override({ a: { operation: "DELETE" } })), ["/metrics/0/overrides/0/tagOverrides/a/operation enum"]);
  assert.deepEqual(h.errors({ accessLogging: [{ providers: [{}] }] }), ["/accessLogging/0/providers/0 required"]);
  assert.deepEqual(h.errors({ accessLogging: [{ providers: [{ name: "" }] }] }), ["/accessLogging/0/providers/0/name minLength"]);
  assert.deepEqual(h.errors({ accessLogging: [{ disabled: "no" }] }), ["/accessLogging/0/disabled type"]);
});

test("Telemetry: checks are attached where the CRD puts its rules", () => {
  assert.deepEqual(h.idsAt(""), ["selector-or-target-refs"]);
  assert.deepEqual(h.idsAt("metrics.[].reportingInterval"), ["duration-min-1ms"]);
  assert.deepEqual(h.idsAt("metrics.[].overrides.[].tagOverrides.{}"), ["tag-override-upsert-needs-value", "tag-override-remove-no-value"]);
});

test("Telemetry check tag-override-upsert-needs-value", () => {
  assert.deepEqual(ids(h.checks(override({ a: { operation: "UPSERT" } }))), ["tag-override-upsert-needs-value"]);
  assert.deepEqual(ids(h.checks(override({ a: { operation: "UPSERT", value: "" } }))), ["tag-override-upsert-needs-value"]);
  assert.deepEqual(h.checks(override({ a: { operation: "UPSERT", value: "x" } })), []);
});

test("Telemetry check tag-override-remove-no-value", () => {
  const found = h.checks(override({ a: { operation: "REMOVE", value: "" } }));
  assert.deepEqual(ids(found), ["tag-override-remove-no-value"]);
  assert.equal(found[0]!.path, "metrics.0.overrides.0.tagOverrides.a.value");
  assert.deepEqual(h.checks(override({ a: { operation: "REMOVE" } })), []);
});

test("Telemetry: selector-or-target-refs and reportingInterval", () => {
  assert.deepEqual(ids(h.checks({ selector: { matchLabels: { a: "b" } }, targetRef: { kind: "Service", name: "s" } })), ["selector-or-target-refs"]);
  assert.deepEqual(ids(h.checks({ metrics: [{ reportingInterval: "0s" }] })), ["duration-min-1ms"]);
});
