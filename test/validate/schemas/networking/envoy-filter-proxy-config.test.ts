import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { compileForTest } from "../../../../src/validate/ajv-options.js";
import { collectCheckSites, runChecks } from "../../../../src/validate/check-paths.js";
import { CHECKS } from "../../../../src/validate/cel/index.js";
import { EnvoyFilter, EnvoyFilterSpec } from "../../../../src/validate/schemas/istio/networking/envoy-filter.js";
import { ProxyConfig, ProxyConfigSpec } from "../../../../src/validate/schemas/istio/networking/proxy-config.js";
import { VirtualService } from "../../../../src/validate/schemas/istio/networking/virtual-service.js";
import { DestinationRule } from "../../../../src/validate/schemas/istio/networking/destination-rule.js";
import { Gateway } from "../../../../src/validate/schemas/istio/networking/gateway.js";
import { ServiceEntry } from "../../../../src/validate/schemas/istio/networking/service-entry.js";
import { Sidecar } from "../../../../src/validate/schemas/istio/networking/sidecar.js";
import { WorkloadEntry } from "../../../../src/validate/schemas/istio/networking/workload-entry.js";
import { WorkloadGroup } from "../../../../src/validate/schemas/istio/networking/workload-group.js";

function harness(schema: object) {
  const validate = compileForTest(schema);
  const sites = collectCheckSites(schema);
  return {
    accepts: (spec: unknown) => assert.equal(validate(spec), true, JSON.stringify(validate.errors)),
    rejects: (spec: unknown, keyword: string) => {
      assert.equal(validate(spec), false);
      assert.ok(validate.errors!.some((e) => e.keyword === keyword), JSON.stringify(validate.errors));
    },
    checks: (spec: unknown) => runChecks(sites, spec).map((f) => f.path.join(".")),
  };
}

const ef = harness(EnvoyFilterSpec);
const filter = parse(`
workloadSelector: {labels: {app: reviews}}
priority: -1
configPatches:
- applyTo: HTTP_FILTER
  match:
    context: SIDECAR_INBOUND
    proxy: {proxyVersion: '^1\\.2.*'}
    listener:
      portNumber: 8080
      filterChain: {filter: {name: envoy.filters.network.http_connection_manager, subFilter: {name: envoy.filters.http.router}}}
  patch:
    operation: INSERT_BEFORE
    value: {name: envoy.lua, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua, inlineCode: "x"}}
- applyTo: CLUSTER
  match: {context: WAYPOINT, waypoint: {portNumber: 15008, filter: {name: a}}}
  patch: {operation: MERGE, value: {}}
`);

test("EnvoyFilter schema: accepts filters; the patch value is free-form; unknown fields, bad enums, wrong types rejected", () => {
  ef.accepts(filter);
  ef.accepts({ configPatches: [{ patch: { value: { anything: [1, { deep: true }] } } }] });
  ef.rejects({ ...filter, bad: 1 }, "additionalProperties");
  ef.rejects({ configPatches: [{ applyTo: "LISTENERS" }] }, "enum");
  ef.rejects({ configPatches: [{ patch: { operation: "UPSERT" } }] }, "enum");
  ef.rejects({ configPatches: [{ patch: { value: "text" } }] }, "type");
  ef.rejects({ configPatches: [{ match: { listener: {}, cluster: {} } }] }, "oneOf");
  ef.rejects({ targetRefs: [{ name: "x" }] }, "required");
  ef.rejects({ targetRefs: [{ kind: "9bad", name: "x" }] }, "pattern");
  assert.equal(EnvoyFilter.kind, "EnvoyFilter");
});

test("EnvoyFilter schema: selector/targetRefs, waypoint context, target namespace and port checks", () => {
  assert.deepEqual(ef.checks(filter), []);
  assert.deepEqual(ef.checks({ workloadSelector: { labels: { a: "b" } }, targetRefs: [{ kind: "Service", name: "s" }] }), [""]);
  assert.deepEqual(ef.checks({ targetRefs: [{ kind: "Service", name: "s", namespace: "other" }] }), ["targetRefs.0.namespace"]);
  assert.deepEqual(ef.checks({ targetRefs: [{ kind: "Service", name: "s", namespace: "" }] }), []);
  assert.deepEqual(ef.checks({ configPatches: [{ match: { context: "WAYPOINT" } }] }), ["configPatches.0.match"]);
  assert.deepEqual(ef.checks({ configPatches: [{ match: { waypoint: {} } }] }), ["configPatches.0.match"]);
  assert.deepEqual(ef.checks({ configPatches: [{ match: { context: "GATEWAY", waypoint: {} } }] }), ["configPatches.0.match"]);
  assert.deepEqual(ef.checks({ configPatches: [{ match: { context: "WAYPOINT", waypoint: { portNumber: 0 } } }] }), ["configPatches.0.match.waypoint.portNumber"]);
  assert.deepEqual(ef.checks({ workloadSelector: { labels: { a: "b*" } } }), ["workloadSelector.labels.a"]);
});

const pc = harness(ProxyConfigSpec);

test("ProxyConfig schema: accepts settings; rejects unknown fields, negative concurrency, long values", () => {
  pc.accepts({ concurrency: 0, environmentVariables: { A: "b" }, image: { imageType: "distroless" }, selector: { matchLabels: { app: "x" } } });
  pc.accepts({ concurrency: null });
  pc.rejects({ concurency: 2 }, "additionalProperties");
  pc.rejects({ concurrency: -1 }, "minimum");
  pc.rejects({ concurrency: "2" }, "type");
  pc.rejects({ environmentVariables: { A: "x".repeat(2049) } }, "maxLength");
  assert.equal(ProxyConfig.kind, "ProxyConfig");
});

test("ProxyConfig schema: selector keys and values", () => {
  assert.deepEqual(pc.checks({ selector: { matchLabels: { app: "x" } } }), []);
  assert.deepEqual(pc.checks({ selector: { matchLabels: { "a*": "x", b: "*" } } }).sort(), ["selector.matchLabels.a*", "selector.matchLabels.b"]);
  assert.deepEqual(pc.checks({ selector: { matchLabels: { "": "x" } } }), ["selector.matchLabels"]);
});

test("every check id used by the networking schemas is registered", () => {
  for (const def of [VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, WorkloadEntry, WorkloadGroup, EnvoyFilter, ProxyConfig])
    for (const site of collectCheckSites(def.spec)) for (const id of site.ids) assert.ok(CHECKS.has(id), `${def.kind}: ${id}`);
});
