import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/application-uid.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

test("finds UID 1337 on a pod or an application container, once per resource", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsUser: 1337}
  containers: [{name: app, securityContext: {runAsUser: 1337}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: app, securityContext: {runAsUser: 1337}}]
`,
  );
  assert.deepEqual(r.found, ["IST0144 Deployment default/d", "IST0144 Pod default/p"]);
  assert.equal(r.messages[1]!.origin?.line, 1);
});

test("stays quiet for the proxy's own containers, init containers, other UIDs and the control plane", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers: [{name: init, securityContext: {runAsUser: 1337}}]
  containers: [{name: istio-proxy, securityContext: {runAsUser: 1337}}, {name: app, securityContext: {runAsUser: 1000}}]
---
apiVersion: v1
kind: Pod
metadata: {name: istiod, labels: {istio: pilot}}
spec:
  securityContext: {runAsUser: 1337}
  containers: [{name: discovery}]
`,
  );
  assert.deepEqual(r.found, []);
});
