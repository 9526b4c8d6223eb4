import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/telemetry-default-selector.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const tel = (name: string, ns: string, spec: string) => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
---
`;

test("finds several selector-less Telemetries in one namespace", async () => {
  const r = await runAnalyzer(analyzer, tel("b", "shop", "{tracing: [{}]}") + tel("a", "shop", "{metrics: [{}]}"));
  assert.deepEqual(r.found, ["IST0160 Telemetry shop/a", "IST0160 Telemetry shop/b"]);
  assert.equal(r.messages[0]!.message, 'The Telemetries [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.');
});

test("stays quiet with one per namespace or an explicit (even empty) selector", async () => {
  const yaml = tel("a", "shop", "{}") + tel("b", "shop", "{selector: {}}") + tel("c", "other", "{}");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
