import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/deprecation.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

test("finds the old fault delay percent, Sidecar egressProxy and removed rbac.istio.io CRDs", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: foo}
spec:
  hosts: [productpage]
  http:
  - fault: {delay: {percent: 50, fixedDelay: 1s}}
    route: [{destination: {host: productpage}}]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: sc, namespace: foo}
spec:
  outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: example, port: {number: 80}}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: serviceroles.rbac.istio.io}
spec:
  group: rbac.istio.io
  names: {kind: ServiceRole, plural: serviceroles}
  scope: Namespaced
  versions: []
`,
  );
  assert.deepEqual(r.found, ["IST0002 CustomResourceDefinition serviceroles.rbac.istio.io", "IST0002 Sidecar foo/sc", "IST0002 VirtualService foo/vs"]);
  assert.equal(r.messages[2]!.message, "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage");
});

test("stays quiet for percentage, a Sidecar without egressProxy and other CRDs", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: foo}
spec:
  hosts: [productpage]
  http:
  - fault: {delay: {percentage: {value: 50}, fixedDelay: 1s}}
    route: [{destination: {host: productpage}}]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: sc, namespace: foo}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`,
  );
  assert.deepEqual(r.found, []);
});
