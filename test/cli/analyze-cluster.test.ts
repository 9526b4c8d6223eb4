/**
 * meshc analyze against a cluster (the loopback fake Kubernetes API): only the kinds the selected analyzers
 * read are listed, the namespace comes from the context, files override cluster resources, mesh config comes
 * from the istio ConfigMap, and a missing RBAC permission skips the analyzers that need it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { useAnalyzersForTests } from "../../src/cli/commands/analyze-run.js";
import { startFakeCluster, type FakeCluster, type FakeObject } from "../helpers/fake-kube-api.js";
import { FAKE_ANALYZERS } from "./analyze-fakes.js";

const OBJECTS: FakeObject[] = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "blog-app" } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "istio-system" } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } },
  {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "reviews", namespace: "blog-app" },
    spec: { hosts: ["reviews"], http: [{ route: [{ destination: { host: "reviews", subset: "v3" } }] }] },
  },
  { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "reviews", namespace: "blog-app" }, spec: { host: "reviews", subsets: [{ name: "v1", labels: { version: "v1" } }] } },
  {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "sys", namespace: "kube-system" },
    spec: { hosts: ["sys"], http: [{ route: [{ destination: { host: "sys", subset: "nope" } }] }] },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "istio", namespace: "istio-system" }, data: { mesh: "deprecatedField: true\n" } },
];

let fake: FakeCluster;
before(async () => {
  useAnalyzersForTests(FAKE_ANALYZERS);
  fake = await startFakeCluster({ objects: OBJECTS, forbidden: ["Secret"], contexts: [{ name: "fake", namespace: "blog-app" }] });
});
after(async () => {
  useAnalyzersForTests(undefined);
  await fake.close();
});

async function run(args: string[], env: Record<string, string> = {}) {
  const io = memoryIo("", env);
  const code = await main(["analyze", "--kubeconfig", fake.kubeconfig.path, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

test("no files: the cluster, in the context's namespace; only the kinds the analyzers read are listed", async () => {
  fake.api.clearRequests();
  const r = await run([]);
  assert.equal(r.code, 79);
  assert.equal(
    r.out,
    'Error [IST0101] (VirtualService blog-app/reviews) Referenced host+subset in destinationrule not found: "reviews+v3"\n' +
      "Info [IST0102] (Namespace blog-app) The namespace is not enabled for Istio injection. Run 'kubectl label namespace blog-app istio-injection=enabled' to enable it, or 'kubectl label namespace blog-app istio-injection=disabled' to explicitly mark it as not needing injection.\n",
  );
  assert.deepEqual(fake.api.listedKinds(), ["ConfigMap", "DestinationRule", "Gateway", "Namespace", "Secret", "VirtualService"]);
  assert.equal(fake.api.requestsFor("ConfigMap")[0]!.namespace, "istio-system", "the mesh config is read from the Istio namespace only");
  assert.ok(fake.api.requestsFor("VirtualService").every((q) => q.namespace === undefined), "analysis covers every namespace");
  assert.match(r.err, /^Info: not allowed to list secrets in context "fake"; skipped the analyzers that need them: fake\.SecretAnalyzer\n/);
  assert.match(r.err, /Error: Analyzers found issues when analyzing namespace: blog-app\./);
});

test("-A: every namespace (kube-system still dropped); the mesh config comes from the istio ConfigMap", async () => {
  const r = await run(["-A", "-v"]);
  assert.match(r.out, /Warning \[IST0002\] \(MeshConfig istio-system\/meshconfig\) Deprecated: deprecatedField is deprecated/);
  assert.doesNotMatch(r.out, /kube-system|"sys\+nope"/);
  assert.match(r.err, /Skipped analyzers:\n\t fake\.SecretAnalyzer\nExecuted analyzers:\n/);
});

test("files given with --use-kube are applied over the cluster's resources", async () => {
  const r = await run(["--use-kube", "fixtures/analyze-cli/cluster/reviews-dr.yaml"]);
  assert.doesNotMatch(r.out, /IST0101/);
  assert.equal(r.code, 0);
  const off = await run(["--use-kube=false", "fixtures/analyze-cli/cluster/reviews-dr.yaml"]);
  assert.equal(off.code, 0);
  assert.equal(off.out, "\n");
});

test("--analyzer narrows what is listed; --meshConfigFile replaces the ConfigMap", async () => {
  fake.api.clearRequests();
  await run(["--analyzer", "fake.AnnotationAnalyzer", "--meshConfigFile", "fixtures/analyze-cli/config/mesh-deprecated.yaml"]);
  assert.deepEqual(fake.api.listedKinds(), ["Namespace", "VirtualService"]);
});

test("-i: the mesh config ConfigMap is read from that namespace, where the mesh objects then live; --timeout is a Go duration", async () => {
  fake.api.objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "istio", namespace: "mesh-ctl" }, data: { mesh: "deprecatedField: 1\n" } });
  fake.api.clearRequests();
  const r = await run(["-A", "-i", "mesh-ctl", "--timeout", "1m30s"]);
  assert.equal(fake.api.requestsFor("ConfigMap")[0]!.namespace, "mesh-ctl");
  assert.match(r.out, /\(MeshConfig mesh-ctl\/meshconfig\)/);
  fake.api.objects.pop();
  assert.equal((await run(["--timeout", "soon"])).code, 64);
});

test("a namespace the cluster does not have: istioctl's message and exit 0", async () => {
  const r = await run(["-n", "nope"]);
  assert.deepEqual([r.code, r.out, r.err], [0, "", 'namespace "nope" not found\n']);
});

test("cluster failures exit 1 with a hint: no kubeconfig, server down", async () => {
  const io = memoryIo("", {});
  assert.equal(await main(["analyze"], io), 1);
  assert.match(io.err(), /no kubeconfig found/);
  const down = await startFakeCluster({ objects: [] });
  const path = down.kubeconfig.path;
  await down.api.close();
  const io2 = memoryIo("", {});
  assert.equal(await main(["analyze", "--kubeconfig", path], io2), 1);
  await down.kubeconfig.remove();
});
