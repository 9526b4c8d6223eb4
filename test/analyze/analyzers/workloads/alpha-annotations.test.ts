import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/alpha-annotations.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

test("finds alpha-phase annotations, including CNI defaults on pods that use istio-init", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Pod
metadata:
  name: with-init
  annotations:
    sidecar.istio.io/interceptionMode: REDIRECT
    proxy.istio.io/config: "{}"
spec:
  initContainers: [{name: istio-init}]
  containers: [{name: app}]
`,
  );
  assert.deepEqual(r.found, ["IST0136 Pod default/with-init"]);
  assert.equal(r.messages[0]!.message, 'Annotation "sidecar.istio.io/interceptionMode" is part of an alpha-phase feature and may be incompletely supported.');
  assert.equal(analyzer.meta.defaultOff, true);
});

test("stays quiet for beta/stable annotations and for CNI defaults on CNI pods", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Pod
metadata:
  name: cni
  annotations:
    sidecar.istio.io/interceptionMode: REDIRECT
    traffic.sidecar.istio.io/includeInboundPorts: "*"
    proxy.istio.io/config: "{}"
    istio.io/rev: canary
spec:
  containers: [{name: app}]
`,
  );
  assert.deepEqual(r.found, []);
});
