import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/telemetry-lightstep.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const tel = `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: tracing, namespace: istio-system}
spec:
  tracing:
  - providers: [{name: ls}, {name: otel}]
`;
const providers = [
  { name: "ls", lightstep: { address: "ingest.lightstep.com:443", accessToken: "x" } },
  { name: "otel", opentelemetry: { service: "otel.observability.svc.cluster.local", port: 4317 } },
];

test("finds tracing providers of the Lightstep type", async () => {
  const r = await runAnalyzer(analyzer, tel, { meshConfig: { extensionProviders: providers } });
  assert.deepEqual(r.found, ["IST0002 Telemetry istio-system/tracing"]);
  assert.equal(r.messages[0]!.message, "Deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider.");
});

test("stays quiet without Lightstep providers in the mesh config", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, tel)).found, []);
  assert.deepEqual((await runAnalyzer(analyzer, tel, { meshConfig: { extensionProviders: [providers[1]] } })).found, []);
});
