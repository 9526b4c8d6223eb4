/** Behavioural tests ("this request hits this route and cluster"); strict typing is in strict-types.test.ts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProxy } from "../../src/compile/compile.js";
import { compileOptionsFor } from "../../src/compile/options.js";
import { applyCallDefaults, simulate } from "../../src/compile/simulate.js";
import { ENVOY_TYPES, toEnvoyJson } from "../../src/compile/envoy/index.js";
import { buildModel } from "../../src/model/mesh-model.js";
import { loadFiles } from "../../src/sources/load.js";
import { findWorkload } from "../../src/cli/commands/bootstrap-run.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { join } from "node:path";

async function blogApp() {
  const loaded = await loadFiles([join(REPO_ROOT, "fixtures/blog-app")]);
  return buildModel(loaded.resources);
}

test("frontend → posts: 90/10 canary, retries, 20% mirror", async () => {
  const model = await blogApp();
  const w = findWorkload(model, "frontend.blog-app");
  const r = compileProxy(model, compileOptionsFor(model, w), w);
  assert.deepEqual(r.diagnostics.filter((d) => d.level === "Error"), []);
  const res = simulate(r.xds, applyCallDefaults({ port: 9080, protocol: "http", hostHeader: "posts.blog-app" }));
  assert.equal(res.error, undefined);
  assert.equal(res.routeName, "canary");
  assert.deepEqual(res.route?.weightedClusters, [
    { name: "outbound|9080|v1|posts.blog-app.svc.cluster.local", weight: 90 },
    { name: "outbound|9080|v2|posts.blog-app.svc.cluster.local", weight: 10 },
  ]);
  assert.equal(res.route?.retries?.numRetries, 3);
  assert.deepEqual(res.route?.mirrors, [{ cluster: "outbound|9080||posts-shadow.blog-app.svc.cluster.local", percent: 20 }]);
  const comments = simulate(r.xds, applyCallDefaults({ port: 9080, protocol: "http", hostHeader: "comments" }));
  assert.equal(comments.cluster, "outbound|9080|v1|comments.blog-app.svc.cluster.local");
});

test("inbound STRICT (namespace PeerAuthentication): plaintext refused, mTLS reaches inbound|9080||", async () => {
  const model = await blogApp();
  const w = findWorkload(model, "posts-v1.blog-app");
  const r = compileProxy(model, compileOptionsFor(model, w), w);
  assert.equal(simulate(r.xds, applyCallDefaults({ callMode: "inbound", port: 9080, protocol: "http" })).error, "no_filter_chain");
  assert.equal(simulate(r.xds, applyCallDefaults({ callMode: "inbound", port: 9080, protocol: "http", tls: "mtls" })).cluster, "inbound|9080||");
});

test("istio flavor adds metadata exchange and istio.alpn", async () => {
  const model = await blogApp();
  const w = findWorkload(model, "frontend.blog-app");
  const r = compileProxy(model, compileOptionsFor(model, w, { flavor: "istio" }), w);
  const res = simulate(r.xds, applyCallDefaults({ port: 9080, protocol: "http", hostHeader: "posts" }));
  assert.ok(res.httpFilters?.includes("istio.alpn"));
  for (const l of r.xds.listeners) toEnvoyJson(ENVOY_TYPES.listener, l, { flavor: "istio" });
});
