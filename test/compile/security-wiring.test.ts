/** compileProxy wires AuthorizationPolicy / RequestAuthentication / Telemetry into the proxy's chains. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProxy } from "../../src/compile/compile.js";
import { ENVOY_TYPES, isIstioOnlyType, toEnvoyJsonVerified, unpackAny, type JsonObject, type Listener } from "../../src/compile/envoy/index.js";
import { compileOptionsFor } from "../../src/compile/options.js";
import { simulate, applyCallDefaults } from "../../src/compile/simulate.js";
import { fixtureModel, workload } from "./security/helpers.js";
import { typeUrls } from "./compile-helpers.js";

const HCM = ENVOY_TYPES.httpConnectionManager;


test("posts-v1: the RBAC filter sits on every inbound HTTP chain, after peer metadata and before grpc_stats; strict stock round trip", async () => {
  const model = await fixtureModel("fixtures/blog-app");
  const w = workload(model, "posts-v1.blog-app");
  for (const flavor of ["stock", "istio"] as const) {
    const { xds } = compileProxy(model, compileOptionsFor(model, w, { flavor }), w);
    const inbound = xds.listeners.find((l) => l.name === "virtualInbound")!;
    const hcms = (inbound.filterChains ?? []).flatMap((c) => (c.filters ?? []).filter((f) => f.name === "envoy.filters.network.http_connection_manager").map((f) => ({ chain: c.name ?? "", hcm: unpackAny(f.typedConfig!, HCM) })));
    assert.ok(hcms.some((h) => h.chain === "0.0.0.0_9080"), "the 9080 chain is HTTP");
    for (const { chain, hcm } of hcms) {
      const names = (hcm.httpFilters ?? []).map((f) => f.name);
      const rbac = names.indexOf("envoy.filters.http.rbac");
      assert.ok(rbac >= 0, `${flavor} ${chain}: ${names.join(", ")}`);
      assert.ok(rbac < names.indexOf("envoy.filters.http.grpc_stats"), `${chain}: rbac before grpc_stats`);
      if (flavor === "istio") assert.equal(names[0], "istio.metadata_exchange", `${chain}: peer metadata first`);
    }
    if (flavor === "stock") {
      const json = toEnvoyJsonVerified(ENVOY_TYPES.listener, inbound as Listener, { flavor: "stock" }) as JsonObject;
      const urls = typeUrls(json);
      assert.ok(urls.includes("type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC"));
      for (const u of urls) assert.ok(!isIstioOnlyType(u.replace(/^type\.googleapis\.com\//, "")), `stock @type: ${u}`);
    }
    // Outbound chains carry no RBAC.
    const outboundHcms = xds.listeners.filter((l) => l.name !== "virtualInbound").flatMap((l) => [...(l.filterChains ?? []), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]).flatMap((c) => c.filters ?? []).filter((f) => f.name === "envoy.filters.network.http_connection_manager");
    for (const f of outboundHcms) assert.ok(!(unpackAny(f.typedConfig!, HCM).httpFilters ?? []).some((h) => h.name === "envoy.filters.http.rbac"));
  }
});

test("simulate: RBAC only with options.rbac; allowed / denied by principal", async () => {
  const model = await fixtureModel("fixtures/blog-app");
  const w = workload(model, "posts-v1.blog-app");
  const { xds } = compileProxy(model, compileOptionsFor(model, w), w);
  const call = applyCallDefaults({ callMode: "inbound", port: 9080, protocol: "http", tls: "mtls", hostHeader: "posts.blog-app:9080", path: "/api/posts" });
  const plain = simulate(xds, call);
  assert.equal(plain.error, undefined);
  assert.equal(plain.rbac, undefined, "no RBAC without a caller");
  const allowed = simulate(xds, call, { rbac: { principal: "spiffe://cluster.local/ns/blog-app/sa/frontend" } });
  assert.equal(allowed.error, undefined, allowed.errorDetail);
  assert.equal(allowed.rbac?.allowedBy?.policy, "ns[blog-app]-policy[posts-allow-frontend]-rule[0]");
  const denied = simulate(xds, call, { rbac: { principal: "spiffe://cluster.local/ns/blog-app/sa/comments" } });
  assert.equal(denied.error, "rbac_denied");
  assert.match(denied.errorDetail ?? "", /no ALLOW policy matched/);
});
