/** meshc compile end to end (in-process): config dump, xDS files, IR, --all, YAML, flavors, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";

type Obj = Record<string, any>;

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const tmp = () => mkdtempSync(join(tmpdir(), "meshc-compile-"));

test("config dump: the Bootstrap, Clusters, Endpoints, Listeners, Routes and Secrets sections, in Envoy's admin order", async () => {
  const r = await run(["compile", "fixtures/blog-app", "--proxy", "posts-v1.blog-app"]);
  assert.equal(r.code, 0, r.err);
  const dump = JSON.parse(r.out) as Obj;
  assert.deepEqual(Object.keys(dump), ["configs"]);
  assert.deepEqual(
    dump.configs.map((c: Obj) => c["@type"]),
    ["BootstrapConfigDump", "ClustersConfigDump", "EndpointsConfigDump", "ListenersConfigDump", "RoutesConfigDump", "SecretsConfigDump"].map((t) => `type.googleapis.com/envoy.admin.v3.${t}`),
  );
  assert.match(dump.configs[0].bootstrap.node.id, /^sidecar~.*~posts-v1\.blog-app~blog-app\.svc\.cluster\.local$/);
  const clusters = dump.configs[1].dynamic_active_clusters.map((c: Obj) => c.cluster.name);
  assert.ok(clusters.includes("inbound|9080||"));
  assert.ok(clusters.includes("outbound|9080|v1|comments.blog-app.svc.cluster.local"));
  const listeners = dump.configs[3].dynamic_listeners.map((l: Obj) => l.name);
  assert.ok(listeners.includes("virtualInbound") && listeners.includes("virtualOutbound"));
});

test("--emit xds --out-dir: one DiscoveryResponse per type plus bootstrap.json, written atomically", async () => {
  const dir = tmp();
  const r = await run(["compile", "fixtures/blog-app", "--proxy", "posts-v1.blog-app", "--emit", "xds", "--out-dir", dir]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, "");
  assert.deepEqual(readdirSync(dir).sort(), ["bootstrap.json", "cds.json", "eds.json", "lds.json", "rds.json"], "no temporary files left behind");
  const types: Record<string, string> = { lds: "envoy.config.listener.v3.Listener", rds: "envoy.config.route.v3.RouteConfiguration", cds: "envoy.config.cluster.v3.Cluster", eds: "envoy.config.endpoint.v3.ClusterLoadAssignment" };
  for (const [file, type] of Object.entries(types)) {
    const resp = JSON.parse(readFileSync(join(dir, `${file}.json`), "utf8")) as Obj;
    assert.equal(resp.type_url, `type.googleapis.com/${type}`);
    assert.equal(resp.version_info, "meshc");
    assert.ok(resp.resources.length > 0, file);
    assert.ok(resp.resources.every((x: Obj) => x["@type"] === resp.type_url), file);
  }
  assert.ok(JSON.parse(readFileSync(join(dir, "bootstrap.json"), "utf8")).static_resources);
  const noDir = await run(["compile", "fixtures/blog-app", "--proxy", "posts-v1.blog-app", "--emit", "xds"]);
  assert.equal(noDir.code, 64);
});

test("--emit ir prints meshc's intermediate form", async () => {
  const r = await run(["compile", "fixtures/blog-app", "--proxy", "posts-v1.blog-app", "--emit", "ir"]);
  assert.equal(r.code, 0, r.err);
  const ir = JSON.parse(r.out) as Obj;
  assert.deepEqual(Object.keys(ir), ["proxy", "listeners", "routeConfigs", "clusters", "endpoints", "secrets"]);
  assert.equal(ir.proxy.id, "posts-v1.blog-app");
});

test("--all writes one directory per workload", async () => {
  const dir = tmp();
  const r = await run(["compile", "fixtures/blog-app", "--all", "--out-dir", dir]);
  assert.equal(r.code, 0, r.err);
  const dirs = readdirSync(dir).sort();
  assert.ok(dirs.includes("frontend.blog-app") && dirs.includes("posts-v1.blog-app"), dirs.join(","));
  for (const d of dirs) assert.deepEqual(readdirSync(join(dir, d)), ["config_dump.json"]);
  assert.equal((await run(["compile", "fixtures/blog-app", "--all"])).code, 64, "--all needs --out-dir");
});

test("-o yaml: the same dump as YAML", async () => {
  const r = await run(["compile", "fixtures/blog-app", "--proxy", "frontend.blog-app", "-o", "yaml"]);
  assert.equal(r.code, 0, r.err);
  const dump = load(r.out) as Obj;
  assert.equal(dump.configs.length, 6);
  assert.equal(dump.configs[3]["@type"], "type.googleapis.com/envoy.admin.v3.ListenersConfigDump");
});

test("--flavor istio adds istio-proxy's filters; the default flavor has none", async () => {
  const stock = await run(["compile", "fixtures/blog-app", "--proxy", "frontend.blog-app"]);
  const istio = await run(["compile", "fixtures/blog-app", "--proxy", "frontend.blog-app", "--flavor", "istio"]);
  assert.equal(istio.code, 0, istio.err);
  assert.ok(!stock.out.includes("istio.alpn") && !stock.out.includes("istio.metadata_exchange"));
  assert.ok(istio.out.includes("istio.alpn") && istio.out.includes("istio.metadata_exchange"));
});

test("errors: unknown proxy (65, with suggestions), no input (64), bad YAML (65); never a stack trace", async () => {
  const unknown = await run(["compile", "fixtures/blog-app", "--proxy", "post-v1.blog-app"]);
  assert.equal(unknown.code, 65);
  assert.match(unknown.err, /no workload "post-v1\.blog-app"/);
  assert.match(unknown.err, /did you mean posts-v1\.blog-app/);
  const none = await run(["compile"]);
  assert.equal(none.code, 64);
  assert.match(none.err, /no input/);
  const dir = tmp();
  writeFileSync(join(dir, "bad.yaml"), "kind: Service\nmetadata: [\n");
  const bad = await run(["compile", join(dir, "bad.yaml"), "--proxy", "x.y"]);
  assert.equal(bad.code, 65);
  assert.match(bad.err, /bad\.yaml:\d+:\d+/);
  const noProxy = await run(["compile", "fixtures/blog-app"]);
  assert.equal(noProxy.code, 64);
  for (const r of [unknown, none, bad, noProxy]) assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
  assert.ok(!existsSync(join(dir, "config_dump.json")));
});
