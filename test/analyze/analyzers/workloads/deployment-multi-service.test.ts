import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/deployment-multi-service.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const ns = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
`;
const deployment = (name: string, app: string, namespace = "shop") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: app, image: app:1}]
---
`;
const service = (name: string, app: string, ports: object[], namespace = "shop") => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {app: ${app}}
  ports: ${JSON.stringify(ports)}
---
`;

test("finds one port under two protocols, and one target port under two port numbers", async () => {
  const r = await runAnalyzer(
    analyzer,
    ns +
      deployment("proto", "proto") +
      service("proto-tcp", "proto", [{ port: 9080 }]) +
      service("proto-udp", "proto", [{ port: 9080, protocol: "UDP" }]) +
      deployment("target", "target") +
      service("target-a", "target", [{ port: 9080, targetPort: 8080 }]) +
      service("target-b", "target", [{ port: 9090, targetPort: 8080 }]),
  );
  assert.deepEqual(r.found, ["IST0116 Deployment shop/proto", "IST0137 Deployment shop/target"]);
  assert.equal(r.messages[0]!.message, "This deployment proto is associated with multiple services using port 9080 but different protocols: [shop/proto-tcp shop/proto-udp]");
  assert.equal(r.messages[1]!.message, 'This deployment target is associated with multiple services [shop/target-a shop/target-b] using targetPort "8080" but different ports: [9080 9090].');
  assert.equal(r.messages[0]!.origin?.line, 7); // metadata.name
});

test("stays quiet outside the mesh, across namespaces and for selector-less Services", async () => {
  const r = await runAnalyzer(
    analyzer,
    ns +
      deployment("outside", "outside", "plain") +
      service("o-tcp", "outside", [{ port: 80 }], "plain") +
      service("o-udp", "outside", [{ port: 80, protocol: "UDP" }], "plain") +
      deployment("inside", "inside") +
      service("i-tcp", "inside", [{ port: 80 }]) +
      service("i-udp", "inside", [{ port: 80, protocol: "UDP" }], "elsewhere") +
      `apiVersion: v1
kind: Service
metadata: {name: no-selector, namespace: shop}
spec:
  ports: [{port: 80, protocol: UDP}]
`,
  );
  assert.deepEqual(r.found, []);
});
