import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { ENVOY_TYPES, fromEnvoyJson, toEnvoyJson, unpackAny, type Bootstrap } from "../../src/compile/envoy/index.js";

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Parses strictly with the generated types (stock flavor): every field and @type must be known. */
function strict(json: unknown): Bootstrap {
  return fromEnvoyJson(ENVOY_TYPES.bootstrap, json);
}

test("posts-v1.blog-app: a sidecar bootstrap that parses strictly and prints back identically", async () => {
  const r = await run(["bootstrap", "posts-v1.blog-app", "fixtures/blog-app"]);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  const b = strict(json);
  assert.deepEqual(toEnvoyJson(ENVOY_TYPES.bootstrap, b), json);
  assert.equal(b.node!.id, "sidecar~192.0.2.1~posts-v1.blog-app~blog-app.svc.cluster.local");
  assert.equal(b.node!.cluster, "posts.blog-app");
  const meta = b.node!.metadata!;
  assert.equal(meta.NAMESPACE, "blog-app");
  assert.equal(meta.SERVICE_ACCOUNT, "posts");
  assert.equal(meta.WORKLOAD_NAME, "posts-v1");
  assert.equal(meta.OWNER, "kubernetes://apis/apps/v1/namespaces/blog-app/deployments/posts-v1");
  assert.equal(meta.POD_PORTS, '[{"name":"http","containerPort":9080,"protocol":"TCP"}]');
  assert.equal(meta.LABELS["security.istio.io/tlsMode"], "istio");
  assert.equal(b.admin!.address!.socketAddress!.address, "127.0.0.1");
  assert.equal(b.admin!.address!.socketAddress!.portValue, 15000);
  assert.deepEqual(b.staticResources!.clusters!.slice(0, 4).map((c) => c.name), ["prometheus_stats", "agent", "sds-grpc", "xds-grpc"]);
  assert.deepEqual(b.staticResources!.listeners!.map((l) => l.name), ["0.0.0.0_15090", "0.0.0.0_15021"]);
  assert.equal(b.dynamicResources!.adsConfig!.grpcServices![0]!.envoyGrpc!.clusterName, "xds-grpc");
  assert.match(r.err, /no pod IP known for posts-v1\.blog-app; using 192\.0\.2\.1/);
});

test("the ingress gateway (proxy router) gets a router node", async () => {
  const r = await run(["bootstrap", "istio-ingressgateway.istio-system", "-f", "fixtures/blog-app", "--ip", "10.244.0.7", "-o", "yaml"]);
  assert.equal(r.code, 0, r.err);
  const b = strict(parseYaml(r.out));
  assert.equal(b.node!.id, "router~10.244.0.7~istio-ingressgateway.istio-system~istio-system.svc.cluster.local");
  assert.equal(b.node!.cluster, "istio-ingressgateway.istio-system");
  assert.equal(b.node!.metadata!.INSTANCE_IPS, "10.244.0.7");
  assert.equal(b.node!.metadata!.SERVICE_ACCOUNT, "istio-ingressgateway-service-account");
});

test("unknown workload: exit 65 with close names; no input: exit 64", async () => {
  const r = await run(["bootstrap", "post-v1.blog-app", "fixtures/blog-app"]);
  assert.equal(r.code, 65);
  assert.match(r.err, /no workload "post-v1\.blog-app"/);
  assert.match(r.err, /did you mean posts-v1\.blog-app/);
  const bare = await run(["bootstrap", "posts-v1", "fixtures/blog-app"]);
  assert.equal(bare.code, 65);
  assert.match(bare.err, /<name>\.<namespace>/);
  const none = await run(["bootstrap", "posts-v1.blog-app"]);
  assert.equal(none.code, 64);
  assert.match(none.err, /no input/);
});

const LAYERED = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web, tier: front, istio-locality: eu-west1.eu-west1-b}
  annotations:
    proxy.istio.io/config: |
      proxyAdminPort: 15005
      concurrency: 4
      tracing: {}
      statsdUdpAddress: statsd.monitoring:9125
    sidecar.istio.io/statsInclusionPrefixes: "http.{pod_ip}_"
spec:
  serviceAccountName: web
  containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]
status: {podIP: 10.1.2.3}
---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: mesh-wide, namespace: istio-system}
spec:
  concurrency: 1
  environmentVariables: {ISTIO_META_FROM_ROOT: root, SHARED: root}
---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: ns-wide, namespace: shop}
spec:
  environmentVariables: {ISTIO_META_FROM_NS: ns, SHARED: ns}
---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: front, namespace: shop}
spec:
  selector: {matchLabels: {tier: front}}
  concurrency: 2
  environmentVariables: {ISTIO_META_FROM_SELECTOR: sel}
`;

test("proxy config layers: ProxyConfig resources (root, namespace, selector) then the annotation; pod facts from the Pod", async () => {
  const r = await run(["bootstrap", "web.shop", "-f", "-"], LAYERED);
  assert.equal(r.code, 0, r.err);
  const b = strict(JSON.parse(r.out));
  const meta = b.node!.metadata!;
  assert.equal(b.node!.id, "sidecar~10.1.2.3~web.shop~shop.svc.cluster.local");
  assert.deepEqual(b.node!.locality, { region: "eu-west1", zone: "eu-west1-b", subZone: "" });
  assert.equal(meta.PROXY_CONFIG.concurrency, 4, "the annotation is applied last");
  assert.deepEqual(meta.PROXY_CONFIG.proxyMetadata, { ISTIO_META_FROM_ROOT: "root", ISTIO_META_FROM_NS: "ns", ISTIO_META_FROM_SELECTOR: "sel", SHARED: "ns" });
  assert.equal(meta.FROM_ROOT, "root");
  assert.equal(meta.FROM_SELECTOR, "sel");
  assert.equal(b.admin!.address!.socketAddress!.portValue, 15005);
  assert.equal(b.staticResources!.clusters!.find((c) => c.name === "prometheus_stats")!.loadAssignment!.endpoints![0]!.lbEndpoints![0]!.endpoint!.address!.socketAddress!.portValue, 15005);
  assert.equal(b.tracing, undefined, "tracing: {} in the annotation turns the default tracer off");
  assert.equal(b.staticResources!.clusters!.some((c) => c.name === "zipkin"), false);
  const sink = b.statsSinks![0]!;
  assert.equal(sink.name, "envoy.stat_sinks.statsd");
  assert.equal(unpackAny(sink.typedConfig!, ENVOY_TYPES.statsdSink).address!.socketAddress!.address, "statsd.monitoring");
  const prefixes = b.statsConfig!.statsMatcher!.inclusionList!.patterns!.map((p) => p.prefix).filter(Boolean);
  assert.ok(prefixes.includes("http.10.1.2.3_"));
});

test("a malformed proxy.istio.io/config annotation is an input error naming the workload", async () => {
  const bad = LAYERED.replace("proxyAdminPort: 15005", "proxyAdminPort: 15005\n      drainDurationz: 5s");
  const r = await run(["bootstrap", "web.shop", "-f", "-"], bad);
  assert.equal(r.code, 65);
  assert.match(r.err, /Pod shop\/web: annotation proxy\.istio\.io\/config: unknown ProxyConfig field "drainDurationz"/);
  const notYaml = LAYERED.replace("proxyAdminPort: 15005", "proxyAdminPort: [15005");
  const r2 = await run(["bootstrap", "web.shop", "-f", "-"], notYaml);
  assert.equal(r2.code, 65);
  assert.match(r2.err, /Pod shop\/web: annotation proxy\.istio\.io\/config: not valid YAML or JSON/);
});

test("--out writes atomically and prints nothing; --meshConfigFile errors are input errors", async () => {
  const dir = await mkdtemp(join(tmpdir(), "meshc-bootstrap-"));
  try {
    const file = join(dir, "envoy-rev.json");
    const r = await run(["bootstrap", "posts-v1.blog-app", "fixtures/blog-app", "--out", file]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, "");
    strict(JSON.parse(await readFile(file, "utf8")));
    assert.deepEqual(await readdir(dir), ["envoy-rev.json"], "no temporary file left behind");
    const m = await run(["bootstrap", "posts-v1.blog-app", "fixtures/blog-app", "--meshConfigFile", join(dir, "missing.yaml")]);
    assert.equal(m.code, 65);
    assert.match(m.err, /--meshConfigFile .*missing\.yaml: no such file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("--help shows examples", async () => {
  const r = await run(["bootstrap", "--help"]);
  assert.match(r.out, /Examples:\n {2}meshc bootstrap posts-v1\.blog-app fixtures\/blog-app/);
});
