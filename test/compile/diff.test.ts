/** diffXds: resources matched by name per type, compared as canonical JSON, with the JSON paths that differ. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { compileProxy } from "../../src/compile/compile.js";
import { canonicalJson, diffXds, jsonLinePaths, jsonPaths, resourceText, sameMessage } from "../../src/compile/diff.js";
import { Cluster_DiscoveryType, type Cluster, type JsonValue, type RouteConfiguration } from "../../src/compile/envoy/index.js";
import { compileOptionsFor } from "../../src/compile/options.js";
import type { XdsSnapshot } from "../../src/compile/simulate/types.js";
import { buildModel } from "../../src/model/mesh-model.js";
import { loadFiles } from "../../src/sources/load.js";
import { findWorkload } from "../../src/cli/commands/bootstrap-run.js";
import { REPO_ROOT } from "../helpers/shared.js";

async function compileFixture(dir: string, proxy: string): Promise<XdsSnapshot> {
  const loaded = await loadFiles([join(REPO_ROOT, dir)]);
  const model = buildModel(loaded.resources);
  const w = findWorkload(model, proxy);
  return compileProxy(model, compileOptionsFor(model, w), w).xds;
}

const cluster = (name: string, extra: Partial<Cluster> = {}): Cluster => ({ name, type: Cluster_DiscoveryType.EDS, connectTimeout: { seconds: 10, nanos: 0 }, ...extra });
const snapshot = (parts: Partial<XdsSnapshot>): XdsSnapshot => ({ listeners: [], routes: [], clusters: [], endpoints: [], ...parts });

function route(name: string, weights: [number, number]): RouteConfiguration {
  return {
    name,
    virtualHosts: [
      { name: "a:80", domains: ["a"], routes: [{ name: "r", match: { prefix: "/" }, route: { cluster: "a" } }] },
      {
        name: "posts:80",
        domains: ["posts"],
        routes: [
          {
            name: "canary",
            match: { prefix: "/" },
            route: { weightedClusters: { clusters: [{ name: "v1", weight: weights[0] }, { name: "v2", weight: weights[1] }] } },
          },
        ],
      },
    ],
  };
}

test("no change: identical snapshots (even different objects) give no changes", async () => {
  const a = await compileFixture("fixtures/blog-app", "frontend.blog-app");
  const b = await compileFixture("fixtures/blog-app", "frontend.blog-app");
  const d = diffXds(a, b);
  assert.deepEqual(d.changes, []);
  assert.equal(d.unchanged, a.listeners.length + a.routes.length + a.clusters.length + (a.endpoints ?? []).length);
});

test("one VirtualService weight changed: only the posts routes change, at the weights", async () => {
  const a = await compileFixture("fixtures/blog-app", "frontend.blog-app");
  const b = await compileFixture("fixtures/diff/weight-changed", "frontend.blog-app");
  const d = diffXds(a, b);
  // The VirtualService has no port: its virtual host is in every HTTP route config (80 and 9080).
  assert.ok(d.changes.some((c) => c.name === "9080"));
  for (const c of d.changes) {
    assert.deepEqual([c.type, c.change], ["route", "changed"]);
    assert.equal(c.paths?.length, 2);
    assert.match(c.paths![0]!, /^virtual_hosts\[\d+\]\.routes\[0\]\.route\.weighted_clusters\.clusters\[0\]\.weight$/);
    assert.match(c.paths![1]!, /^virtual_hosts\[\d+\]\.routes\[0\]\.route\.weighted_clusters\.clusters\[1\]\.weight$/);
    assert.match(c.oldText!, /"weight": 90/);
    assert.match(c.newText!, /"weight": 80/);
  }
});

test("cluster added: new clusters and load assignments, the route gains a virtual host", async () => {
  const a = await compileFixture("fixtures/blog-app", "frontend.blog-app");
  const b = await compileFixture("fixtures/diff/cluster-added", "frontend.blog-app");
  const d = diffXds(a, b);
  const added = d.changes.filter((c) => c.change === "added").map((c) => `${c.type} ${c.name}`);
  assert.deepEqual(
    added.filter((a) => a.startsWith("cluster ")),
    ["cluster outbound|9080|v1|ratings.blog-app.svc.cluster.local", "cluster outbound|9080||ratings.blog-app.svc.cluster.local"],
  );
  assert.ok(added.every((a) => /^(cluster|endpoint) outbound\|9080\|(v1)?\|ratings\.blog-app\.svc\.cluster\.local$/.test(a)), added.join("\n"));
  assert.equal(d.changes.filter((c) => c.change === "removed").length, 0);
  const addedCluster = d.changes.find((c) => c.type === "cluster")!;
  assert.equal(addedCluster.oldText, undefined);
  assert.equal((JSON.parse(addedCluster.newText!) as { name: string }).name, addedCluster.name);
  // The virtual host is matched by name: one path for the inserted element, not a shifted list.
  const r = d.changes.find((c) => c.type === "route")!;
  assert.equal(r.change, "changed");
  assert.equal(r.paths?.length, 1);
  assert.match(r.paths![0]!, /^virtual_hosts\[\d+\]$/);
});

test("added and removed resources; order is listener, route, cluster, endpoint, then name", () => {
  const d = diffXds(snapshot({ clusters: [cluster("b"), cluster("z")], routes: [route("80", [90, 10])] }), snapshot({ clusters: [cluster("a"), cluster("b")], routes: [route("80", [80, 20])] }));
  assert.deepEqual(
    d.changes.map((c) => `${c.change} ${c.type} ${c.name}`),
    ["changed route 80", "added cluster a", "removed cluster z"],
  );
  assert.equal(d.unchanged, 1);
  assert.deepEqual(d.changes[0]!.paths, ["virtual_hosts[1].routes[0].route.weighted_clusters.clusters[0].weight", "virtual_hosts[1].routes[0].route.weighted_clusters.clusters[1].weight"]);
  assert.equal(d.changes[2]!.newText, undefined);
  assert.equal(d.changes[2]!.oldText, resourceText("cluster", cluster("z")));
});

test("equal JSON from different objects (map key order, explicit undefined, default values) is no change", () => {
  const a = cluster("c", { metadata: { filterMetadata: { istio: { a: "1", b: "2" } }, typedFilterMetadata: {} } });
  const b = cluster("c", { metadata: { filterMetadata: { istio: { b: "2", a: "1" } }, typedFilterMetadata: {} }, lbPolicy: undefined, respectDnsTtl: false });
  assert.equal(sameMessage(a, b), false, "structurally different: the JSON decides");
  const d = diffXds(snapshot({ clusters: [a] }), snapshot({ clusters: [b] }));
  assert.deepEqual(d.changes, []);
  assert.equal(d.unchanged, 1);
  assert.equal(sameMessage({ x: new Uint8Array([1, 2]), y: [1, { z: "a" }] }, { y: [1, { z: "a" }], x: new Uint8Array([1, 2]) }), true);
  assert.equal(sameMessage({ x: new Uint8Array([1, 2]) }, { x: new Uint8Array([1, 3]) }), false);
});

test("canonical JSON: Envoy's field names, keys sorted, 2-space indent", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }), '{\n  "a": {\n    "c": null,\n    "d": [\n      1,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}');
  const text = resourceText("cluster", cluster("outbound|80||a"));
  assert.deepEqual(Object.keys(JSON.parse(text) as object), ["connect_timeout", "name", "type"]);
  assert.match(text, /^\{\n {2}"connect_timeout": "10s",/);
});

test("paths: indices, quoted keys, arrays of named elements matched by name, reorders", () => {
  assert.deepEqual(jsonPaths({ a: [1, 2] }, { a: [1, 3, 4] }), ["a[1]", "a[2]"]);
  assert.deepEqual(jsonPaths({ "@type": "x", m: { "envoy.filters.http.fault": 1 } }, { "@type": "y", m: { "envoy.filters.http.fault": 2 } }), ['["@type"]', 'm["envoy.filters.http.fault"]']);
  const before = { vh: [{ name: "a", x: 1 }, { name: "b", x: 1 }] };
  assert.deepEqual(jsonPaths(before, { vh: [{ name: "new", x: 0 }, { name: "a", x: 1 }, { name: "b", x: 2 }] }), ["vh[0]", "vh[2].x"]);
  assert.deepEqual(jsonPaths(before, { vh: [{ name: "b", x: 1 }] }), ["vh[0]"]);
  assert.deepEqual(jsonPaths(before, { vh: [{ name: "b", x: 1 }, { name: "a", x: 1 }] }), ["vh"]);
  assert.deepEqual(jsonPaths({ a: { b: 1 } }, { a: "x" }), ["a"]);
  assert.deepEqual(jsonPaths({ f: [{ name: "x" }] }, { f: [{ name: "y" }] }), ["f[0]"]);
  assert.deepEqual(jsonPaths({ a: 1 }, { a: 1 }), []);
});

test("line paths name every line of the canonical text", () => {
  const value = { b: [{ name: "x", w: 1 }], a: {}, c: "s" } as JsonValue;
  const text = canonicalJson(value);
  const paths = jsonLinePaths(JSON.parse(text) as JsonValue)!;
  assert.equal(paths.length, text.split("\n").length);
  assert.deepEqual(paths, [".", "a", "b", "b[0]", "b[0].name", "b[0].w", "b[0]", "b", "c", "."]);
  assert.equal(jsonLinePaths({ m: { "10": 1, "9": 2 } }), undefined);
});
