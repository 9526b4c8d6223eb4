import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/service-port-name.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

test("finds ports whose protocol cannot be told, and bad ports on ExternalName Services", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports:
  - port: 8080
  - name: foo-web
    port: 9090
    targetPort: web
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec:
  type: ExternalName
  externalName: example.com
  ports: [{name: tcp, port: 443}]
`,
  );
  assert.deepEqual(r.found, ["IST0150 Service shop/ext", "IST0118 Service shop/web", "IST0118 Service shop/web"]);
  const texts = r.messages.filter((m) => m.code === "IST0118").map((m) => [m.message, m.origin?.line]);
  assert.deepEqual(texts, [
    ["Port name  (port: 8080, targetPort: 0) doesn't follow the naming convention of Istio port.", 6],
    ["Port name foo-web (port: 9090, targetPort: web) doesn't follow the naming convention of Istio port.", 8],
  ]);
});

test("stays quiet for named, appProtocol, UDP and well-known ports, and the control plane", async () => {
  const r = await runAnalyzer(
    analyzer,
    `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports:
  - {name: http-web, port: 80}
  - {name: GRPC-Web-x, port: 81}
  - {name: whatever, port: 82, appProtocol: kubernetes.io/h2c}
  - {name: dns, port: 5353, protocol: UDP}
  - {port: 3306}
  - {name: redis, port: 6379}
---
apiVersion: v1
kind: Service
metadata: {name: istiod, namespace: istio-system, labels: {istio: pilot}}
spec:
  ports: [{port: 15012}]
`,
  );
  assert.deepEqual(r.found, []);
});
