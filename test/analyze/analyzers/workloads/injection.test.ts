import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/injection.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const ns = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
---
`;

test("finds unlabelled namespaces, conflicting labels and pods missing their sidecar", async () => {
  const r = await runAnalyzer(
    analyzer,
    ns("apps", { "istio-injection": "enabled" }) +
      ns("plain") +
      ns("both", { "istio-injection": "enabled", "istio.io/rev": "canary" }) +
      ns("istio-system") +
      `apiVersion: v1
kind: Pod
metadata: {name: bare, namespace: apps}
spec:
  containers: [{name: app, image: app:1}]
`,
  );
  assert.deepEqual(r.found, ["IST0103 Pod apps/bare", "IST0123 Namespace both", "IST0102 Namespace plain"]);
  const plain = r.messages.find((m) => m.code === "IST0102")!;
  assert.equal(plain.message, "The namespace is not enabled for Istio injection. Run 'kubectl label namespace plain istio-injection=enabled' to enable it, or 'kubectl label namespace plain istio-injection=disabled' to explicitly mark it as not needing injection.");
  assert.equal(plain.origin?.line, 10); // the line of metadata.name
  assert.match(r.messages.find((m) => m.code === "IST0123")!.message, /\[istio-injection=enabled istio.io\/rev=canary\]/);
});

test("stays quiet for disabled, ambient and revision-labelled namespaces, injected, opted-out and host-network pods", async () => {
  const r = await runAnalyzer(
    analyzer,
    ns("apps", { "istio-injection": "enabled" }) +
      ns("opted-out", { "istio-injection": "disabled", "istio.io/rev": "x" }) +
      ns("amb", { "istio.io/dataplane-mode": "ambient" }) +
      ns("rev", { "istio.io/rev": "canary" }) +
      `apiVersion: v1
kind: Pod
metadata: {name: injected, namespace: apps}
spec:
  containers: [{name: app, image: app:1}, {name: istio-proxy, image: proxyv2:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: optout, namespace: apps, labels: {sidecar.istio.io/inject: "False"}, annotations: {sidecar.istio.io/inject: "true"}}
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: host, namespace: apps}
spec:
  hostNetwork: true
  containers: [{name: app, image: app:1}]
`,
  );
  assert.deepEqual(r.found, []);
});

test("enableNamespacesByDefault in the injector ConfigMap turns IST0102 into IST0148", async () => {
  const r = await runAnalyzer(
    analyzer,
    ns("plain") +
      `apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  values: '{"sidecarInjectorWebhook":{"enableNamespacesByDefault":true}}'
`,
  );
  assert.deepEqual(r.found, ["IST0148 Namespace plain"]);
});
