import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/multi-cluster-service.js";
import { analyze, resourceString } from "../../../../src/analyze/run.js";
import { buildModel, buildMultiClusterModel } from "../../../../src/model/mesh-model.js";
import { parseSourceText } from "../../../../src/sources/documents.js";

const svc = (name: string, spec: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
${spec}
---
`;
const load = (text: string) => parseSourceText("c.yaml", text, { ignoreUnknown: true }).resources;

function run(clusters: Record<string, string>) {
  const model = buildMultiClusterModel(Object.fromEntries(Object.entries(clusters).map(([id, text]) => [id, load(text)])), { allNamespaces: true });
  return analyze(model, [analyzer], { analyzers: [analyzer.meta.name] }).messages;
}

test("finds a Service whose type, headless mode or ports differ between clusters", () => {
  const messages = run({
    east: svc("typed", "  type: ClusterIP\n  ports: [{name: http, port: 80}]") + svc("headless", "  clusterIP: None\n  ports: [{name: http, port: 80}]") + svc("same", "  ports: [{name: http, port: 80}, {name: grpc, port: 90}]"),
    west: svc("typed", "  type: LoadBalancer\n  ports: [{name: http, port: 81}]") + svc("headless", "  ports: [{name: http, port: 80}]") + svc("same", "  ports: [{name: grpc, port: 90}, {name: http, port: 80}]"),
  });
  assert.deepEqual(messages.map((m) => `${m.code} ${resourceString(m.resource!)}`), ["IST0170 Service shop/headless", "IST0170 Service shop/typed"]);
  assert.equal(
    messages[1]!.message,
    'The service typed in namespace "shop" is inconsistent across clusters ["east" "west"], which can lead to undefined behaviors. The inconsistent behaviors are: service type is inconsistent; service ports are inconsistent.',
  );
});

test("stays quiet for identical Services, Services in one cluster only, and single-cluster models", () => {
  assert.deepEqual(run({ east: svc("same", "  ports: [{name: http, port: 80}]") + svc("only-east", "  type: NodePort"), west: svc("same", "  ports: [{name: http, port: 80}]") }), []);
  const single = buildModel(load(svc("x", "  type: ClusterIP")));
  assert.deepEqual(analyze(single, [analyzer], { analyzers: [analyzer.meta.name] }).messages, []);
});
