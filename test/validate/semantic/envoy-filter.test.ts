import { test } from "node:test";
import assert from "node:assert/strict";
import { rule } from "../../../src/validate/semantic/envoy-filter.js";

const all = (spec: unknown) => rule(spec, { namespace: "default", name: "ef" }).map((i) => `${i.level} ${i.path.join(".")}`);
/** Every EnvoyFilter carries the "internal API" warning at spec; leave it out. */
const brief = (spec: unknown) => all(spec).filter((s) => s !== "warning spec");
const patch = (cp: object) => ({ configPatches: [{ applyTo: "HTTP_FILTER", patch: { operation: "MERGE", value: {} }, ...cp }] });

test("EnvoyFilter: always warns that it uses internal APIs; a sound filter has nothing else", () => {
  const spec = patch({
    match: { context: "SIDECAR_INBOUND", proxy: { proxyVersion: "^1\\.2[0-9].*" }, listener: { filterChain: { filter: { name: "envoy.filters.network.http_connection_manager", subFilter: { name: "envoy.filters.http.router" } } } } },
  });
  assert.deepEqual(all(spec), ["warning spec"]);
});

test("EnvoyFilter: applyTo, patch and operation must be given", () => {
  assert.deepEqual(brief({ configPatches: [{ patch: { operation: "MERGE", value: {} } }] }), ["error spec.configPatches.0.applyTo"]);
  assert.deepEqual(brief({ configPatches: [{ applyTo: "CLUSTER" }] }), ["error spec.configPatches.0.patch"]);
  assert.deepEqual(brief({ configPatches: [{ applyTo: "CLUSTER", patch: { value: {} } }] }), ["error spec.configPatches.0.patch.operation"]);
  assert.deepEqual(brief({ configPatches: [{ applyTo: "CLUSTER", patch: { operation: "ADD" } }] }), ["error spec.configPatches.0.patch.value"]);
  assert.deepEqual(brief({ configPatches: [{ applyTo: "CLUSTER", patch: { operation: "REMOVE" } }] }), []);
});

test("EnvoyFilter: proxyVersion is RE2 and the match kind fits applyTo", () => {
  assert.deepEqual(brief(patch({ match: { proxy: { proxyVersion: "(?!1.2)" } } })), ["error spec.configPatches.0.match.proxy.proxyVersion"]);
  assert.deepEqual(brief(patch({ match: { cluster: {} } })), ["error spec.configPatches.0.match"]);
  assert.deepEqual(brief(patch({ applyTo: "VIRTUAL_HOST", match: { listener: {} } })), ["error spec.configPatches.0.match"]);
  assert.deepEqual(brief(patch({ applyTo: "CLUSTER", match: { routeConfiguration: {} } })), ["error spec.configPatches.0.match"]);
  const f = (filter: object, applyTo = "HTTP_FILTER") => brief(patch({ applyTo, match: { listener: { filterChain: { filter } } } }));
  assert.deepEqual(f({}), ["error spec.configPatches.0.match.listener.filterChain.filter.name"]);
  assert.deepEqual(f({ name: "x" }, "LISTENER"), ["warning spec.configPatches.0.match.listener.filterChain.filter"]);
  assert.deepEqual(f({ name: "envoy.filters.network.tcp_proxy", subFilter: { name: "a" } }), ["error spec.configPatches.0.match.listener.filterChain.filter.subFilter"]);
  assert.deepEqual(f({ name: "envoy.filters.network.http_connection_manager", subFilter: { name: "a" } }, "NETWORK_FILTER"), ["error spec.configPatches.0.match.listener.filterChain.filter.subFilter"]);
  assert.deepEqual(f({ name: "envoy.http_connection_manager", subFilter: { name: "envoy.router" } }), [
    "warning spec.configPatches.0.match.listener.filterChain.filter.name", "warning spec.configPatches.0.match.listener.filterChain.filter.subFilter.name",
  ]);
});

test("EnvoyFilter: selector keys and empty selectors", () => {
  assert.deepEqual(brief({ workloadSelector: { labels: { "": "x" } } }), ["error spec.workloadSelector.labels"]);
  assert.deepEqual(brief({ workloadSelector: {} }), ["warning spec.workloadSelector"]);
});
