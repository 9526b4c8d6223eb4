import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFiles } from "../../src/sources/load.js";
import { buildModel } from "../../src/model/mesh-model.js";

const load = async () => (await loadFiles(["fixtures/model/mixed.yaml"])).resources;

test("namespace-less resources take -n (default: default); -A keeps them namespace-less", async () => {
  const resources = await load();
  assert.equal(buildModel(resources).get("Service", "default", "reviews")?.name, "reviews");
  assert.equal(buildModel(resources, { defaultNamespace: "bookinfo" }).get("Service", "bookinfo", "reviews")?.name, "reviews");
  const all = buildModel(resources, { allNamespaces: true });
  assert.equal(all.get("Service", undefined, "reviews")?.namespace, undefined);
  assert.equal(all.get("ServiceEntry", "jobs", "external")?.namespace, "jobs");
});

test("a duplicate kind/namespace/name: the later wins, with a warning naming both origins", async () => {
  const model = buildModel(await load());
  assert.equal((model.get("DestinationRule", "default", "reviews")!.object.spec as { host: string }).host, "reviews.default.svc.cluster.local");
  assert.equal(model.list("DestinationRule").length, 1);
  assert.equal(model.diagnostics.length, 1);
  assert.match(model.diagnostics[0]!.message, /DestinationRule default\/reviews is defined twice: fixtures\/model\/mixed.yaml:76 replaces fixtures\/model\/mixed.yaml:69/);
});

test("services by FQDN with protocols from appProtocol and port names; ServiceEntry hosts", async () => {
  const model = buildModel(await load());
  const [svc] = model.servicesForHost("reviews.default.svc.cluster.local");
  assert.deepEqual(svc!.ports.map((p) => [p.port, p.protocol]), [
    [9080, "HTTP"],
    [9090, "HTTP2"],
    [3306, "UnsupportedProtocol"],
  ]);
  assert.equal(model.servicesForHost("api.example.org")[0]!.source, "serviceentry");
  assert.equal(model.servicesForHost("short.jobs.svc.cluster.local").length, 1);
  // exportTo "." hides the ServiceEntry from other namespaces.
  assert.equal(model.visibleService("api.example.org", "jobs")?.resource.name, "external");
  assert.equal(model.visibleService("api.example.org", "default"), undefined);
});

test("workloads include controller pod templates (CronJob's job template too) and select services", async () => {
  const model = buildModel(await load());
  assert.deepEqual(model.workloads.map((w) => [w.id, w.kind, w.serviceAccount]), [
    ["reviews-v1.default", "Deployment", "bookinfo-reviews"],
    ["nightly.jobs", "CronJob", "default"],
  ]);
  const w = model.workloads[0]!;
  assert.deepEqual(model.servicesForWorkload(w).map((s) => s.host), ["reviews.default.svc.cluster.local"]);
  assert.deepEqual(model.selectWorkloads("default", { version: "v1" }).map((x) => x.name), ["reviews-v1"]);
  assert.deepEqual(model.selectWorkloads("default", { version: "v2" }), []);
});

test("namespaces known from Namespace objects and from resources", async () => {
  const model = buildModel(await load());
  assert.deepEqual([...model.namespaces()].map((n) => n.name).sort(), ["default", "jobs"]);
});
