import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/k8s-annotations.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

test("finds unknown, deprecated, misplaced and invalid annotations", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    networking.istio.io/exportThree: bar
---
apiVersion: v1
kind: Pod
metadata:
  name: bad-values
  annotations:
    readiness.status.sidecar.istio.io/periodSeconds: ten
    sidecar.istio.io/interceptionMode: MAGIC
    sidecar.istio.io/inject: "true"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
  annotations:
    sidecar.istio.io/statsInclusionPrefixes: cluster.outbound
`,
  );
  assert.deepEqual(r.found, [
    "IST0107 Deployment default/dep",
    "IST0108 Service default/web",
    "IST0125 Pod default/bad-values",
    "IST0125 Pod default/bad-values",
    "IST0135 Deployment default/dep",
    "IST0135 Pod default/bad-values",
  ]);
  const byText = r.messages.map((m) => m.message);
  assert.ok(byText.includes('Invalid annotation readiness.status.sidecar.istio.io/periodSeconds: strconv.ParseUint: parsing "ten": invalid syntax'));
  assert.ok(byText.includes("Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: MAGIC"));
  assert.ok(byText.includes('Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions.'));
  assert.ok(byText.includes("Misplaced annotation: sidecar.istio.io/statsInclusionPrefixes can only be applied to Pod"));
  const unknown = r.messages.find((m) => m.code === "IST0108")!;
  assert.equal(unknown.origin?.line, 6); // the annotation's value
});

test("stays quiet for valid, non-Istio and machinery-set annotations", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Pod
metadata:
  name: ok
  labels: {sidecar.istio.io/inject: "true"}
  annotations:
    sidecar.istio.io/inject: "true"
    proxy.istio.io/config: "{}"
    traffic.sidecar.istio.io/excludeOutboundIPRanges: 10.0.0.0/8,fd00::/8
    traffic.sidecar.istio.io/includeInboundPorts: "*"
    sidecar.istio.io/proxyMemory: 512Mi
    istio.io/rev: canary
    sidecar.istio.io/status: "{}"
    helm.sh/hook: test
    galley.istio.io/analyze-suppress: IST0103
---
apiVersion: v1
kind: Service
metadata:
  name: svc
  annotations: {networking.istio.io/exportTo: "."}
`,
  );
  assert.deepEqual(r.found, []);
});
