import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { ClusterError, UsageError } from "../../src/errors.js";
import { KINDS, kindInfo, type KindInfo } from "../../src/model/kinds.js";
import { loadCluster, type ClusterLoadResult } from "../../src/sources/cluster.js";
import { kubeconfigDocument, startFakeCluster, startFakeKubeApi, writeKubeconfig, type FakeObject } from "../helpers/fake-kube-api.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../../..");

function kinds(...names: string[]): KindInfo[] {
  return names.map((n) => {
    const k = kindInfo(n);
    if (!k) throw new Error(`no kind ${n}`);
    return k;
  });
}

function svc(namespace: string, name: string): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, managedFields: [{ manager: "kubectl", operation: "Apply" }], labels: { app: name } },
    spec: { ports: [{ name: "http", port: 80 }], selector: { app: name } },
  };
}

function vs(namespace: string, name: string, apiVersion = "networking.istio.io/v1"): FakeObject {
  return { apiVersion, kind: "VirtualService", metadata: { name, namespace }, spec: { hosts: [name], http: [{ route: [{ destination: { host: name } }] }] } };
}

const ns = (name: string): FakeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "istio-injection": "enabled" } } });

const fixtures: FakeObject[] = [
  ns("default"),
  ns("shop"),
  svc("default", "web"),
  svc("shop", "cart"),
  svc("shop", "pay"),
  vs("default", "web"),
  vs("shop", "cart"),
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "cart", namespace: "shop" }, spec: { template: { metadata: { labels: { app: "cart" } } } } },
];

const names = (r: ClusterLoadResult, kind?: string) =>
  r.resources.filter((x) => !kind || x.object.kind === kind).map((x) => `${x.object.kind}/${x.object.metadata.namespace ?? ""}/${x.object.metadata.name}`);

test("lists namespaced kinds in one namespace, cluster-scoped kinds cluster-wide", async () => {
  const fake = await startFakeCluster({ objects: fixtures });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, namespace: "shop", kinds: kinds("Namespace", "Service", "VirtualService"), env: {} });
    assert.equal(r.context, "fake");
    assert.equal(r.namespace, "shop");
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(names(r), ["Namespace//default", "Namespace//shop", "Service/shop/cart", "Service/shop/pay", "VirtualService/shop/cart"]);
    const cart = r.resources.find((x) => x.object.kind === "Service" && x.object.metadata.name === "cart")!;
    assert.equal(cart.object.apiVersion, "v1");
    assert.equal(cart.version, "v1");
    assert.equal(cart.info.kind, "Service");
    assert.deepEqual(cart.origin, { type: "cluster", context: "fake" });
    assert.equal("managedFields" in cart.object.metadata, false);
    assert.deepEqual(cart.object.metadata.labels, { app: "cart" });
    assert.deepEqual(Object.keys(cart.object).slice(0, 3), ["apiVersion", "kind", "metadata"]);
    const vsCart = r.resources.find((x) => x.object.kind === "VirtualService")!;
    assert.equal(vsCart.object.apiVersion, "networking.istio.io/v1");
    assert.equal(vsCart.version, "v1");
    // the paths asked
    const paths = fake.api.requests.map((q) => q.path).sort();
    assert.deepEqual(paths, ["/api/v1/namespaces", "/api/v1/namespaces/shop/services", "/apis/networking.istio.io/v1/namespaces/shop/virtualservices"]);
    for (const q of fake.api.requests) assert.equal(q.authorization, "Bearer fake-token");
  } finally {
    await fake.close();
  }
});

test("lists across all namespaces with allNamespaces", async () => {
  const fake = await startFakeCluster({ objects: fixtures, contexts: [{ name: "fake", namespace: "shop" }] });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, allNamespaces: true, namespace: "ignored", kinds: kinds("Service", "Deployment"), env: {} });
    assert.equal(r.namespace, undefined);
    assert.deepEqual(names(r), ["Service/default/web", "Service/shop/cart", "Service/shop/pay", "Deployment/shop/cart"]);
    assert.equal(r.resources.find((x) => x.object.kind === "Deployment")!.object.apiVersion, "apps/v1");
    assert.deepEqual(fake.api.requests.map((q) => q.path).sort(), ["/api/v1/services", "/apis/apps/v1/deployments"]);
  } finally {
    await fake.close();
  }
});

test("namespace defaults to the context's namespace, then to default", async () => {
  const fake = await startFakeCluster({ objects: fixtures, contexts: [{ name: "shop-ctx", namespace: "shop" }, { name: "plain" }] });
  try {
    const fromContext = await loadCluster({ kubeconfig: fake.kubeconfig.path, kinds: kinds("Service"), env: {} });
    assert.equal(fromContext.context, "shop-ctx");
    assert.equal(fromContext.namespace, "shop");
    assert.deepEqual(names(fromContext), ["Service/shop/cart", "Service/shop/pay"]);

    const plain = await loadCluster({ kubeconfig: fake.kubeconfig.path, context: "plain", kinds: kinds("Service"), env: {} });
    assert.equal(plain.context, "plain");
    assert.equal(plain.namespace, "default");
    assert.deepEqual(names(plain), ["Service/default/web"]);
    assert.deepEqual(plain.resources[0]!.origin, { type: "cluster", context: "plain" });

    const flag = await loadCluster({ kubeconfig: fake.kubeconfig.path, namespace: "default", kinds: kinds("Service"), env: {} });
    assert.equal(flag.namespace, "default");
    assert.deepEqual(names(flag), ["Service/default/web"]);
  } finally {
    await fake.close();
  }
});

test("an unknown context is a UsageError naming the available contexts", async () => {
  const fake = await startFakeCluster({ contexts: [{ name: "dev" }, { name: "prod" }] });
  try {
    await assert.rejects(
      loadCluster({ kubeconfig: fake.kubeconfig.path, context: "staging", kinds: kinds("Service"), env: {} }),
      (e: unknown) => e instanceof UsageError && /"staging"/.test(e.message) && /dev, prod/.test(e.message),
    );
    assert.equal(fake.api.requests.length, 0);
  } finally {
    await fake.close();
  }
});

test("a kubeconfig without current-context and no --context is a UsageError", async () => {
  const fake = await startFakeCluster({ contexts: [{ name: "dev" }], currentContext: null });
  try {
    await assert.rejects(loadCluster({ kubeconfig: fake.kubeconfig.path, kinds: kinds("Service"), env: {} }), (e: unknown) => e instanceof UsageError && /dev/.test(e.message));
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, context: "dev", kinds: kinds("Service"), env: {} });
    assert.equal(r.context, "dev");
  } finally {
    await fake.close();
  }
});

test("403 puts the kind in forbidden; the other kinds still load", async () => {
  const fake = await startFakeCluster({ objects: fixtures, forbidden: ["Secret", "VirtualService"] });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, allNamespaces: true, kinds: kinds("Service", "Secret", "VirtualService"), env: {} });
    assert.deepEqual(r.forbidden.map((k) => k.kind), ["Secret", "VirtualService"]);
    assert.deepEqual(r.missing, []);
    assert.deepEqual(names(r), ["Service/default/web", "Service/shop/cart", "Service/shop/pay"]);
    // a 403 is final: no other version is tried
    assert.equal(fake.api.requestsFor("VirtualService").length, 1);
  } finally {
    await fake.close();
  }
});

test("a kind whose first version is not served falls back to the next; none served → missing", async () => {
  const fake = await startFakeCluster({
    objects: [...fixtures, { apiVersion: "telemetry.istio.io/v1alpha1", kind: "Telemetry", metadata: { name: "mesh", namespace: "default" }, spec: {} }],
    unservedVersions: ["networking.istio.io/v1"],
    unservedKinds: ["WasmPlugin", "Telemetry"],
  });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, kinds: kinds("VirtualService", "WasmPlugin", "Telemetry"), env: {} });
    assert.deepEqual(r.missing.map((k) => k.kind), ["WasmPlugin", "Telemetry"]);
    assert.deepEqual(r.forbidden, []);
    assert.deepEqual(names(r), ["VirtualService/default/web"]);
    const web = r.resources[0]!;
    assert.equal(web.version, "v1beta1");
    assert.equal(web.object.apiVersion, "networking.istio.io/v1beta1");
    assert.deepEqual(
      fake.api.requestsFor("VirtualService").map((q) => [q.version, q.status]),
      [["v1", 404], ["v1beta1", 200]],
    );
    assert.deepEqual(fake.api.requestsFor("Telemetry").map((q) => q.version), ["v1", "v1alpha1"]);
  } finally {
    await fake.close();
  }
});

test("paginates with limit/continue", async () => {
  const many: FakeObject[] = [];
  for (let i = 0; i < 1234; i++) many.push(svc("big", `svc-${String(i).padStart(4, "0")}`));
  const fake = await startFakeCluster({ objects: many });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, namespace: "big", kinds: kinds("Service"), env: {} });
    assert.equal(r.resources.length, 1234);
    assert.equal(new Set(names(r)).size, 1234);
    assert.equal(r.resources[0]!.object.metadata.name, "svc-0000");
    assert.equal(r.resources[1233]!.object.metadata.name, "svc-1233");
    const reqs = fake.api.requestsFor("Service");
    assert.equal(reqs.length, 3);
    assert.deepEqual(reqs.map((q) => q.query.get("limit")), ["500", "500", "500"]);
    assert.equal(reqs[0]!.query.get("continue"), null);
    assert.ok(reqs[1]!.query.get("continue"));
    assert.ok(reqs[2]!.query.get("continue"));

    // a server that pages smaller than asked, and a smaller page size asked
    fake.api.clearRequests();
    const small = await loadCluster({ kubeconfig: fake.kubeconfig.path, namespace: "big", pageSize: 100, kinds: kinds("Service"), env: {} });
    assert.equal(small.resources.length, 1234);
    assert.equal(fake.api.requestsFor("Service").length, 13);
  } finally {
    await fake.close();
  }
});

test("paginates when the server returns smaller pages than the limit", async () => {
  const fake = await startFakeCluster({ objects: fixtures, maxPageSize: 1 });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, allNamespaces: true, kinds: kinds("Service", "Namespace"), env: {} });
    assert.deepEqual(names(r), ["Service/default/web", "Service/shop/cart", "Service/shop/pay", "Namespace//default", "Namespace//shop"]);
    assert.equal(fake.api.requestsFor("Service").length, 3);
    assert.equal(fake.api.requestsFor("Namespace").length, 2);
  } finally {
    await fake.close();
  }
});

test("only the asked kinds are requested, at most `concurrency` at once", async () => {
  const fake = await startFakeCluster({ objects: fixtures, respond: () => ({ delayMs: 20 }) });
  try {
    const asked = kinds("Service", "VirtualService", "Deployment", "Namespace", "DestinationRule", "Gateway", "Pod", "ConfigMap", "Sidecar");
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, allNamespaces: true, kinds: asked, env: {} });
    assert.deepEqual(fake.api.listedKinds(), asked.map((k) => k.kind).sort());
    assert.equal(fake.api.requests.length, asked.length);
    assert.equal(r.resources.length, 8);
    // results follow the order of the kinds asked, whatever order the answers came in
    assert.deepEqual([...new Set(r.resources.map((x) => x.object.kind))], ["Service", "VirtualService", "Deployment", "Namespace"]);
    assert.equal(fake.api.maxInFlight, 4);
  } finally {
    await fake.close();
  }
  const none = await startFakeCluster({ objects: fixtures });
  try {
    const r = await loadCluster({ kubeconfig: none.kubeconfig.path, kinds: [], env: {} });
    assert.deepEqual(r.resources, []);
    assert.equal(none.api.requests.length, 0);
  } finally {
    await none.close();
  }
});

test("items without a name become diagnostics", async () => {
  const fake = await startFakeCluster({
    objects: [svc("default", "web"), { apiVersion: "v1", kind: "Service", metadata: { name: "", namespace: "default" } } as FakeObject],
  });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, kinds: kinds("Service"), env: {} });
    assert.deepEqual(names(r), ["Service/default/web"]);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0]!.code, "missing-name");
    assert.deepEqual(r.diagnostics[0]!.origin, { file: "cluster:fake", line: 0, column: 0 });
  } finally {
    await fake.close();
  }
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test("connection refused is a ClusterError naming the server", async () => {
  const server = `http://127.0.0.1:${await closedPort()}`;
  const kc = await writeKubeconfig({ server });
  try {
    await assert.rejects(loadCluster({ kubeconfig: kc.path, kinds: kinds("Service", "VirtualService", "Pod", "Gateway", "Sidecar"), env: {} }), (e: unknown) => {
      assert.ok(e instanceof ClusterError, String(e));
      assert.match(e.message, /connection refused/);
      assert.ok(e.message.includes(server), e.message);
      assert.ok(!e.message.includes("\n"));
      assert.ok(e.hint);
      return true;
    });
  } finally {
    await kc.remove();
  }
});

test("401 and a silent server are ClusterErrors", async () => {
  const fake = await startFakeCluster({ objects: fixtures, contexts: [{ name: "bad", token: "wrong" }, { name: "anon", token: null }, { name: "good" }] });
  try {
    for (const context of ["bad", "anon"]) {
      await assert.rejects(loadCluster({ kubeconfig: fake.kubeconfig.path, context, kinds: kinds("Service"), env: {} }), (e: unknown) => {
        assert.ok(e instanceof ClusterError, String(e));
        assert.match(e.message, /401/);
        assert.ok(e.message.includes(fake.api.url));
        return true;
      });
    }
  } finally {
    await fake.close();
  }
  const silent = await startFakeCluster({ respond: () => ({ hang: true }) });
  try {
    await assert.rejects(loadCluster({ kubeconfig: silent.kubeconfig.path, timeoutMs: 200, kinds: kinds("Service"), env: {} }), (e: unknown) => {
      assert.ok(e instanceof ClusterError, String(e));
      assert.match(e.message, /no answer within 200 ms/);
      return true;
    });
  } finally {
    await silent.close();
  }
  const broken = await startFakeCluster({ respond: (q) => (q.kind === "Pod" ? { status: 500 } : undefined) });
  try {
    await assert.rejects(loadCluster({ kubeconfig: broken.kubeconfig.path, kinds: kinds("Service", "Pod"), env: {} }), (e: unknown) => {
      assert.ok(e instanceof ClusterError, String(e));
      assert.match(e.message, /answered 500 to GET \/api\/v1\/namespaces\/default\/pods/);
      return true;
    });
  } finally {
    await broken.close();
  }
});

test("no kubeconfig at all is a ClusterError with a hint", async () => {
  const home = await mkdtemp(path.join(tmpdir(), "meshc-home-"));
  try {
    await assert.rejects(loadCluster({ kinds: kinds("Service"), env: { HOME: home } }), (e: unknown) => e instanceof ClusterError && /no kubeconfig/.test(e.message) && !!e.hint);
    await assert.rejects(loadCluster({ kinds: kinds("Service"), env: { HOME: home, KUBECONFIG: path.join(home, "nope") } }), ClusterError);
    await assert.rejects(loadCluster({ kubeconfig: path.join(home, "nope"), kinds: kinds("Service"), env: {} }), ClusterError);
    await writeFile(path.join(home, "broken"), "clusters: [\n");
    await assert.rejects(loadCluster({ kubeconfig: path.join(home, "broken"), kinds: kinds("Service"), env: {} }), (e: unknown) => e instanceof ClusterError && /cannot read kubeconfig/.test(e.message));
    await writeFile(path.join(home, "empty"), "\n");
    await assert.rejects(loadCluster({ kubeconfig: path.join(home, "empty"), kinds: kinds("Service"), env: {} }), (e: unknown) => e instanceof ClusterError && /no contexts/.test(e.message));
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test("~/.kube/config and KUBECONFIG (merged: first file wins) are read from options.env", async () => {
  const fake = await startFakeCluster({ objects: fixtures });
  const home = await mkdtemp(path.join(tmpdir(), "meshc-home-"));
  try {
    // ~/.kube/config
    await writeKubeconfig({ server: fake.api.url, dir: home, fileName: ".kube-config", contexts: [{ name: "home", namespace: "shop" }] });
    const { mkdir, rename } = await import("node:fs/promises");
    await mkdir(path.join(home, ".kube"));
    await rename(path.join(home, ".kube-config"), path.join(home, ".kube", "config"));
    const fromHome = await loadCluster({ kinds: kinds("Service"), env: { HOME: home } });
    assert.equal(fromHome.context, "home");
    assert.equal(fromHome.namespace, "shop");

    // KUBECONFIG=a:missing:b — a's current-context wins; b adds a context; a's "shared" wins over b's.
    const a = path.join(home, "a.yaml");
    const b = path.join(home, "b.yaml");
    await writeFile(a, stringify(kubeconfigDocument({ server: fake.api.url, contexts: [{ name: "shared", namespace: "shop" }] })));
    await writeFile(
      b,
      stringify(kubeconfigDocument({ server: "http://127.0.0.1:1", contexts: [{ name: "shared", namespace: "default" }, { name: "only-b", server: fake.api.url }], currentContext: "only-b" })),
    );
    const env = { HOME: home, KUBECONFIG: [a, path.join(home, "missing.yaml"), b].join(path.delimiter) };
    const merged = await loadCluster({ kinds: kinds("Service"), env });
    assert.equal(merged.context, "shared");
    assert.equal(merged.namespace, "shop");
    assert.equal(merged.server, fake.api.url);
    const onlyB = await loadCluster({ context: "only-b", kinds: kinds("Service"), env });
    assert.equal(onlyB.namespace, "default");
    // --kubeconfig beats KUBECONFIG
    const explicit = await loadCluster({ kubeconfig: fake.kubeconfig.path, kinds: kinds("Service"), env });
    assert.equal(explicit.context, "fake");
  } finally {
    await rm(home, { recursive: true, force: true });
    await fake.close();
  }
});

test("a server URL with a trailing slash and insecure-skip-tls-verify works", async () => {
  const api = await startFakeKubeApi({ objects: fixtures, token: false });
  const kc = await writeKubeconfig({ server: `${api.url}/`, contexts: [{ name: "x", cluster: { "insecure-skip-tls-verify": true } }] });
  try {
    const r = await loadCluster({ kubeconfig: kc.path, kinds: kinds("Service"), env: {} });
    assert.deepEqual(names(r), ["Service/default/web"]);
  } finally {
    await api.close();
    await kc.remove();
  }
});

test("a context without a user is anonymous; one naming an undefined user is a ClusterError", async () => {
  const api = await startFakeKubeApi({ objects: fixtures, token: false });
  const dir = await mkdtemp(path.join(tmpdir(), "meshc-kc-"));
  try {
    const file = path.join(dir, "config");
    await writeFile(
      file,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: api.url } }],
        contexts: [
          { name: "anon", context: { cluster: "c" } },
          { name: "dangling", context: { cluster: "c", user: "ghost" } },
          { name: "no-cluster", context: { cluster: "nowhere" } },
        ],
        "current-context": "anon",
      }),
    );
    const r = await loadCluster({ kubeconfig: file, kinds: kinds("Service"), env: {} });
    assert.deepEqual(names(r), ["Service/default/web"]);
    assert.equal(api.requests[0]!.authorization, undefined);
    await assert.rejects(loadCluster({ kubeconfig: file, context: "dangling", kinds: kinds("Service"), env: {} }), (e: unknown) => e instanceof ClusterError && /"ghost"/.test(e.message));
    await assert.rejects(loadCluster({ kubeconfig: file, context: "no-cluster", kinds: kinds("Service"), env: {} }), (e: unknown) => e instanceof ClusterError && /"nowhere"/.test(e.message));
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("https: the kubeconfig's CA is trusted; a server without a trusted CA is a TLS ClusterError", async () => {
  const fake = await startFakeCluster({ objects: fixtures, tls: true, contexts: [{ name: "trusted" }, { name: "untrusted", cluster: { "certificate-authority-data": null } }, { name: "skip", cluster: { "certificate-authority-data": null, "insecure-skip-tls-verify": true } }] });
  try {
    assert.match(fake.api.url, /^https:/);
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, kinds: kinds("Service"), env: {} });
    assert.deepEqual(names(r), ["Service/default/web"]);
    assert.equal(fake.api.requests[0]!.authorization, "Bearer fake-token");
    await assert.rejects(loadCluster({ kubeconfig: fake.kubeconfig.path, context: "untrusted", kinds: kinds("Service"), env: {} }), (e: unknown) => {
      assert.ok(e instanceof ClusterError, String(e));
      assert.match(e.message, /TLS failed/);
      assert.ok(e.message.includes(fake.api.url));
      assert.match(e.hint ?? "", /certificate-authority/);
      return true;
    });
    const skip = await loadCluster({ kubeconfig: fake.kubeconfig.path, context: "skip", kinds: kinds("Service"), env: {} });
    assert.equal(skip.resources.length, 1);
  } finally {
    await fake.close();
  }
});

test("every kind in KINDS can be listed from the fake", async () => {
  const fake = await startFakeCluster({ objects: fixtures });
  try {
    const r = await loadCluster({ kubeconfig: fake.kubeconfig.path, allNamespaces: true, kinds: KINDS, env: {} });
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.forbidden, []);
    assert.equal(r.resources.length, fixtures.length);
    assert.deepEqual(fake.api.listedKinds(), [...new Set(KINDS.map((k) => k.kind))].sort());
  } finally {
    await fake.close();
  }
});

test("importing the cluster source does not load @kubernetes/client-node", async () => {
  // A child process records every module URL it resolves; importing cluster.ts must not resolve
  // client-node, and a dynamic import afterwards must (so the check can see it at all).
  const script = `
    import { register } from "node:module";
    import { MessageChannel } from "node:worker_threads";
    const seen = [];
    const { port1, port2 } = new MessageChannel();
    port1.on("message", (url) => seen.push(url));
    port1.unref();
    const hook = 'let port; export function initialize(d) { port = d.port; } ' +
      'export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }';
    register("data:text/javascript," + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
    const settle = () => new Promise((r) => setTimeout(r, 100));
    const hit = () => seen.some((u) => u.includes("/@kubernetes/client-node/"));
    const mod = await import(${JSON.stringify(path.join(root, "src/sources/cluster.ts"))});
    await settle();
    const before = hit();
    const imported = seen.length;
    await import("@kubernetes/client-node");
    await settle();
    console.log(JSON.stringify({ exported: typeof mod.loadCluster, before, imported, after: hit() }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root });
  const result = JSON.parse(stdout.trim().split("\n").pop()!) as { exported: string; before: boolean; imported: number; after: boolean };
  assert.equal(result.exported, "function");
  assert.ok(result.imported > 0, "the resolve hook saw cluster.ts's imports");
  assert.equal(result.before, false, "cluster.ts loaded @kubernetes/client-node at import time");
  assert.equal(result.after, true, "the hook sees @kubernetes/client-node when it is imported");
});
