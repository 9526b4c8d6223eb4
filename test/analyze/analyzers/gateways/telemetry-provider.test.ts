import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/telemetry-provider.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const tel = (name: string, accessLogging: string) => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ${name}, namespace: istio-system}
spec:
  accessLogging: ${accessLogging}
---
`;

test("finds access logging without providers when the mesh has no default access-log provider", async () => {
  const r = await runAnalyzer(analyzer, tel("mesh-default", "[{}]"));
  assert.deepEqual(r.found, ["IST0157 Telemetry istio-system/mesh-default"]);
  assert.equal(r.messages[0]!.message, 'The Telemetry mesh-default in namespace "istio-system" with empty providers will be ignored.');
});

test("stays quiet with providers, disabled entries, or a mesh default provider", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, tel("a", "[{providers: [{name: envoy}]}]") + tel("b", "[{disabled: true}]"))).found, []);
  assert.deepEqual((await runAnalyzer(analyzer, tel("c", "[{}]"), { meshConfig: { defaultProviders: { accessLogging: ["envoy"] } } })).found, []);
});
