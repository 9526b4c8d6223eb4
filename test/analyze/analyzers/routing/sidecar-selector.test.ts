import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/sidecar-selector.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const pod = (ns: string, name: string, labels: string, annotations = "{}") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
  annotations: ${annotations}
spec:
  containers: [{name: app, image: app}]
---
`;

const sidecar = (ns: string, name: string, labels?: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${labels ? `  workloadSelector:\n    labels: ${labels}\n` : ""}  egress:
  - hosts: ["./*"]
---
`;

test("finds selectors matching nothing, pods selected twice and namespaces with two default Sidecars", async () => {
  const yaml =
    pod("blog", "reviews", "{app: reviews, tier: back}") +
    sidecar("blog", "none", "{app: ghost, zone: a}") +
    sidecar("blog", "one", "{app: reviews}") +
    sidecar("blog", "two", "{tier: back}") +
    sidecar("shop", "d1") +
    sidecar("shop", "d2");
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, ["IST0101 Sidecar blog/none", "IST0110 Sidecar blog/one", "IST0110 Sidecar blog/two", "IST0111 Sidecar shop/d1", "IST0111 Sidecar shop/d2"]);
  const none = r.messages.find((m) => m.code === "IST0101")!;
  assert.equal(none.message, 'Referenced selector not found: "app=ghost,zone=a"');
  assert.equal(none.origin!.line, yaml.split("\n").indexOf("    labels: {app: ghost, zone: a}") + 1); // spec.workloadSelector.labels.app
  assert.equal(r.messages.find((m) => m.code === "IST0110")!.message, 'The Sidecars [one two] in namespace "blog" select the same workload pod "reviews", which can lead to undefined behavior.');
});

test("finds Sidecars that target ambient pods or ambient namespaces", async () => {
  const ns = `apiVersion: v1
kind: Namespace
metadata:
  name: amb
  labels: {istio.io/dataplane-mode: ambient}
---
`;
  const r = await runAnalyzer(analyzer, ns + pod("amb", "p", "{app: a}", "{ambient.istio.io/redirection: enabled}") + sidecar("amb", "wide") + sidecar("amb", "narrow", "{app: a}"));
  assert.deepEqual(r.found, ["IST0167 Sidecar amb/narrow", "IST0167 Sidecar amb/wide"]);
});

test("stays quiet for one default Sidecar and a selector matching a Deployment's pods", async () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ratings
  namespace: blog
spec:
  selector:
    matchLabels: {app: ratings}
  template:
    metadata:
      labels: {app: ratings}
    spec:
      containers: [{name: ratings, image: ratings}]
---
`;
  assert.deepEqual((await runAnalyzer(analyzer, deployment + sidecar("blog", "default") + sidecar("blog", "ratings", "{app: ratings}"))).found, []);
});
