import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/telemetry-selector.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const pod = (name: string, labels: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: ${labels}}
spec: {containers: [{name: app, image: app}]}
---
`;
const tel = (name: string, matchLabels: string, ns = "shop") => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      ${matchLabels}
---
`;

test("finds selectors matching no pod of their namespace, and pods selected twice", async () => {
  const yaml = pod("reviews-1", "{app: reviews, version: v1}") + tel("t-app", "app: reviews") + tel("t-v1", "version: v1") + tel("t-none", "app: nothing") + tel("t-other-ns", "app: reviews", "other");
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, ["IST0101 Telemetry shop/t-none", "IST0101 Telemetry other/t-other-ns", "IST0159 Telemetry shop/t-app", "IST0159 Telemetry shop/t-v1"]);
  const dup = r.messages.find((m) => m.code === "IST0159")!;
  assert.equal(dup.message, 'The Telemetries [t-app t-v1] in namespace "shop" select the same workload pod "reviews-1", which can lead to undefined behavior.');
  assert.equal(r.messages.find((m) => m.resource!.name === "t-none")!.origin!.line, 34); // spec.selector.matchLabels.app
});

test("stays quiet for distinct matches and for selector-less Telemetries", async () => {
  const yaml = pod("a", "{app: a}") + pod("b", "{app: b}") + tel("ta", "app: a") + tel("tb", "app: b") + "apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: {name: all, namespace: shop}\nspec: {}\n";
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
