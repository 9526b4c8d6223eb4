import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/envoy-patch.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const ef = (name: string, patches: string, priority?: number) => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: ${name}, namespace: shop}
spec:
${priority === undefined ? "" : `  priority: ${priority}\n`}  configPatches:
${patches}---
`;
const patch = (applyTo: string, operation: string, valueName = "envoy.lua", proxyVersion = "") => `  - applyTo: ${applyTo}
    match:
      context: SIDECAR_INBOUND
${proxyVersion ? `      proxy: {proxyVersion: '${proxyVersion}'}\n` : ""}    patch:
      operation: ${operation}
      value: {name: ${valueName}}
`;

test("finds operations ignored for their applyTo", async () => {
  const r = await runAnalyzer(analyzer, ef("add", patch("HTTP_ROUTE", "ADD")) + ef("remove", patch("ROUTE_CONFIGURATION", "REMOVE")) + ef("replace", patch("CLUSTER", "REPLACE"), 10));
  assert.deepEqual(r.found, ["IST0152 EnvoyFilter shop/replace", "IST0153 EnvoyFilter shop/add", "IST0154 EnvoyFilter shop/remove"]);
});

test("finds relative operations without a priority, and the proxyVersion variant for a name patched with a version before", async () => {
  const r = await runAnalyzer(analyzer, ef("a", patch("HTTP_FILTER", "INSERT_BEFORE", "envoy.lua", "^1\\.2.*")) + ef("b", patch("HTTP_FILTER", "INSERT_AFTER", "envoy.lua")));
  assert.deepEqual(r.found, ["IST0151 EnvoyFilter shop/a", "IST0155 EnvoyFilter shop/b"]);
  assert.equal(r.messages[0]!.origin!.line, 1); // patch.value is a map: document line
});

test("stays quiet for absolute operations and prioritised filters", async () => {
  const yaml = ef("abs", patch("HTTP_FILTER", "INSERT_FIRST") + patch("CLUSTER", "ADD") + patch("LISTENER", "MERGE")) + ef("prio", patch("HTTP_FILTER", "INSERT_BEFORE") + patch("VIRTUAL_HOST", "REPLACE"), 5);
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
