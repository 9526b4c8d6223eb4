import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/mesh-networks.js";
import { analyze, resourceString } from "../../../../src/analyze/run.js";
import { buildModel } from "../../../../src/model/mesh-model.js";
import { meshNetworksFrom } from "../../../../src/model/mesh-networks.js";
import { parseSourceText } from "../../../../src/sources/documents.js";

const secret = `apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-west
  namespace: istio-system
  labels: {istio/multiCluster: "true"}
data:
  west: YWJj
stringData:
  east: abc
`;

function run(networks: object): string[] {
  const resources = parseSourceText("s.yaml", secret, { ignoreUnknown: true }).resources;
  const model = buildModel(resources, { meshNetworks: meshNetworksFrom({ networks }) });
  return analyze(model, [analyzer], { analyzers: [analyzer.meta.name] }).messages.map((m) => `${m.code} ${resourceString(m.resource!)} ${m.message}`);
}

test("finds endpoints from registries that are neither built in nor a remote-cluster secret key", () => {
  assert.deepEqual(run({ net1: { endpoints: [{ fromRegistry: "kubernetes" }] }, net2: { endpoints: [{ fromRegistry: "east" }] } }), [
    "IST0126 MeshNetworks istio-system/meshnetworks Unknown service registry east in network net2",
    "IST0126 MeshNetworks istio-system/meshnetworks Unknown service registry kubernetes in network net1",
  ]);
});

test("stays quiet for built-in registries, secret data keys, CIDR endpoints and no mesh networks", () => {
  assert.deepEqual(run({ net1: { endpoints: [{ fromRegistry: "Kubernetes" }, { fromRegistry: "west" }, { fromCidr: "10.0.0.0/8" }] } }), []);
  assert.deepEqual(run({}), []);
});
