import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/meshc/route-weights.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const vs = (name: string, body: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: [reviews]
${body}
---
`;
const http = (...dests: string[]) => `  http:\n  - name: split\n    route:\n${dests.map((d) => `    - destination: {host: reviews, subset: ${d.split(":")[0]}}\n${d.includes(":") ? `      weight: ${d.split(":")[1]}\n` : ""}`).join("")}`;

test("finds weights adding up to 90 and says how traffic really splits, on the first weight's line", async () => {
  const r = await runAnalyzer(analyzer, vs("reviews", http("v1:80", "v2:10")));
  assert.deepEqual(r.found, ["MSH0003 VirtualService default/reviews"]);
  assert.equal(
    r.messages[0]!.message,
    'The destination weights of route http[0] "split" add up to 90, not 100: Istio before 1.15 rejects this VirtualService; later versions treat weights as relative, so traffic splits reviews/v1 88.9%, reviews/v2 11.1%',
  );
  assert.equal(r.messages[0]!.origin!.line, 11);
});

test("finds mixed explicit and missing weights, over 100 totals, and tcp routes", async () => {
  const r = await runAnalyzer(analyzer, vs("mixed", http("v1:90", "v2")) + vs("over", http("v1:60", "v2:60")) + vs("tcp", "  tcp:\n  - route:\n    - destination: {host: reviews, port: {number: 9000}}\n      weight: 30\n    - destination: {host: ratings}\n      weight: 30"));
  assert.deepEqual(r.found.sort(), ["MSH0003 VirtualService default/mixed", "MSH0003 VirtualService default/over", "MSH0003 VirtualService default/tcp"]);
  assert.match(r.messages.find((m) => m.resource!.name === "mixed")!.message, /reviews\/v2 0%/);
  assert.match(r.messages.find((m) => m.resource!.name === "tcp")!.message, /route tcp\[0\] add up to 60/);
});

test("stays quiet for totals of 100, single destinations, and routes without weights", async () => {
  const yaml =
    vs("even", http("v1:50", "v2:50")) +
    vs("single", http("v1")) +
    vs("single-weighted", http("v1:90")) + // one destination gets all traffic whatever its weight
    vs("implicit-rest", http("v1:100", "v2")) +
    vs("none", http("v1", "v2")); // total 0 is a validation error, not this analyzer's
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
