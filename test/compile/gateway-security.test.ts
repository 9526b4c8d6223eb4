/**
 * Gateways and security policies: JWT claim routing (`@request.auth.claims...` VirtualService match
 * headers → dynamic_metadata on jwt_authn's payload) and network RBAC on gateway TCP chains.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENVOY_TYPES, isIstioOnlyType, toEnvoyJsonVerified, unpackAny, type JsonObject, type Listener, type RouteConfiguration } from "../../src/compile/envoy/index.js";
import { claimMatcher } from "../../src/compile/to-xds/route.js";
import { routingClaim } from "../../src/compile/to-ir/http-route.js";
import { simulate, applyCallDefaults } from "../../src/compile/simulate.js";
import { compileGateway, GATEWAY_SERVICE } from "./to-ir/gateway-helpers.js";
import { routes, typeUrls } from "./compile-helpers.js";


const JWT_GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["web.example.com"]
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  jwtRules:
  - issuer: issuer.example.com
    jwks: '{"keys":[]}'
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: ["web.example.com"]
  gateways: [web]
  http:
  - match:
    - headers:
        "@request.auth.claims.groups": {exact: admin}
        x-plain: {prefix: a}
      withoutHeaders:
        "@request.auth.claims[org][tier]": {exact: free}
    route: [{destination: {host: web, port: {number: 8000}}, weight: 100}]
  - route: [{destination: {host: web, port: {number: 8443}}}]
`;

test("routingClaim: dotted and bracket forms (istiod jwt.ToRoutingClaim); plain or malformed names stay headers", () => {
  assert.deepEqual(routingClaim("@request.auth.claims.groups"), ["groups"]);
  assert.deepEqual(routingClaim("@request.auth.claims.a.b"), ["a", "b"]);
  assert.deepEqual(routingClaim("@request.auth.claims[a][b.c]"), ["a", "b.c"]);
  assert.equal(routingClaim("@request.auth.claims"), undefined);
  assert.equal(routingClaim("@request.auth.claims."), undefined);
  assert.equal(routingClaim("@request.auth.claims[]"), undefined);
  assert.equal(routingClaim("x-user"), undefined);
});

test("claimMatcher: jwt_authn payload path, list-or-scalar value, invert for withoutHeaders", () => {
  assert.deepEqual(claimMatcher({ claim: ["org", "tier"], match: { exact: "free" }, invert: true }), {
    filter: "envoy.filters.http.jwt_authn",
    path: [{ key: "payload" }, { key: "org" }, { key: "tier" }],
    value: { orMatch: { valueMatchers: [{ listMatch: { oneOf: { stringMatch: { exact: "free" } } } }, { stringMatch: { exact: "free" } }] } },
    invert: true,
  });
  assert.deepEqual(claimMatcher({ claim: ["sub"], match: { present: true } }).value, { orMatch: { valueMatchers: [{ listMatch: { oneOf: { presentMatch: true } } }, { presentMatch: true }] } });
});

test("gateway: VirtualService claim headers become dynamic_metadata route matches; strict stock round trip; jwt_authn writes the payload", () => {
  for (const flavor of ["stock", "istio"] as const) {
    const r = compileGateway(GATEWAY_SERVICE + "---" + JWT_GATEWAY, { flavor });
    const [first, second] = routes(r, "http.8080", "web.example.com:80");
    assert.deepEqual(first!.match.headers, [{ name: "x-plain", match: { prefix: "a" } }]);
    assert.deepEqual(first!.match.claims, [{ claim: ["groups"], match: { exact: "admin" } }, { claim: ["org", "tier"], match: { exact: "free" }, invert: true }]);
    assert.equal(second!.match.claims, undefined);
    const rc = r.xds.routes.find((x) => x.name === "http.8080")!;
    const route = rc.virtualHosts!.find((v) => v.name === "web.example.com:80")!.routes![0]!;
    assert.deepEqual(route.match!.headers!.map((h) => h.name), ["x-plain"]);
    assert.deepEqual(route.match!.dynamicMetadata!.map((m) => [m.filter, m.path!.map((p) => p.key), m.invert ?? false]), [
      ["envoy.filters.http.jwt_authn", ["payload", "groups"], false],
      ["envoy.filters.http.jwt_authn", ["payload", "org", "tier"], true],
    ]);
    if (flavor === "stock") {
      const json = toEnvoyJsonVerified(ENVOY_TYPES.routeConfiguration, rc as RouteConfiguration, { flavor: "stock" }) as JsonObject;
      const text = JSON.stringify(json);
      assert.match(text, /"dynamic_metadata":\[\{"filter":"envoy\.filters\.http\.jwt_authn"/);
      const listener = r.xds.listeners.find((l) => l.name === "0.0.0.0_8080")!;
      const lj = toEnvoyJsonVerified(ENVOY_TYPES.listener, listener as Listener, { flavor: "stock" }) as JsonObject;
      for (const u of [...typeUrls(json), ...typeUrls(lj)]) assert.ok(!isIstioOnlyType(u.replace(/^type\.googleapis\.com\//, "")), `stock @type: ${u}`);
      // The gateway's jwt_authn filter writes the verified payload where the route reads it.
      const hcm = unpackAny(listener.filterChains![0]!.filters!.find((f) => f.name === "envoy.filters.network.http_connection_manager")!.typedConfig!, ENVOY_TYPES.httpConnectionManager);
      const jwt = hcm.httpFilters!.find((f) => f.name === "envoy.filters.http.jwt_authn")!;
      const cfg = unpackAny(jwt.typedConfig!, ENVOY_TYPES.jwtAuthn);
      assert.equal(cfg.providers!["origins-0"]!.payloadInMetadata, "payload");
    }
  }
});

test("simulate: claim routes match SimulateOptions.rbac.jwtClaims (list claims by element); without claims only the fallback matches", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + JWT_GATEWAY);
  const call = applyCallDefaults({ callMode: "outbound", address: "10.0.0.2", port: 8080, protocol: "http", hostHeader: "web.example.com", path: "/", headers: { "x-plain": "abc" } });
  const none = simulate(r.xds, call);
  assert.equal(none.routeIndex, 1, none.errorDetail);
  const admin = simulate(r.xds, call, { rbac: { jwtClaims: { groups: ["dev", "admin"], org: { tier: "paid" } } } });
  assert.equal(admin.routeIndex, 0, admin.errorDetail);
  assert.equal(admin.cluster, "outbound|8000||web.shop.svc.cluster.local");
  const scalar = simulate(r.xds, call, { rbac: { jwtClaims: { groups: "admin" } } });
  assert.equal(scalar.routeIndex, 0);
  const free = simulate(r.xds, call, { rbac: { jwtClaims: { groups: "admin", org: { tier: "free" } } } });
  assert.equal(free.routeIndex, 1, "withoutHeaders claim inverts");
});

const TCP_GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: tls, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: tls, protocol: TLS}
    hosts: ["*.example.com"]
    tls: {mode: PASSTHROUGH}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["web.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: sni, namespace: shop}
spec:
  hosts: ["*.example.com"]
  gateways: [tls]
  tls:
  - match: [{sniHosts: [a.example.com]}]
    route: [{destination: {host: web, port: {number: 8443}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: ["web.example.com"]
  gateways: [tls]
  http:
  - route: [{destination: {host: web, port: {number: 8000}}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-ip, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  action: DENY
  rules:
  - from: [{source: {ipBlocks: [192.0.2.0/24]}}]
`;

test("gateway TCP chains: network RBAC of the gateway's AuthorizationPolicies before tcp_proxy; HTTP chains keep HTTP RBAC", () => {
  for (const flavor of ["stock", "istio"] as const) {
    const r = compileGateway(GATEWAY_SERVICE + "---" + TCP_GATEWAY, { flavor });
    const tls = r.xds.listeners.find((l) => l.name === "0.0.0.0_8443")!;
    const names = tls.filterChains![0]!.filters!.map((f) => f.name);
    const rbac = names.indexOf("envoy.filters.network.rbac");
    assert.ok(rbac >= 0 && rbac < names.indexOf("envoy.filters.network.tcp_proxy"), `${flavor}: ${names.join(", ")}`);
    const http = r.xds.listeners.find((l) => l.name === "0.0.0.0_8080")!;
    const httpNames = http.filterChains![0]!.filters!.map((f) => f.name);
    assert.ok(!httpNames.includes("envoy.filters.network.rbac"), `${flavor}: ${httpNames.join(", ")}`);
    const hcm = unpackAny(http.filterChains![0]!.filters!.find((f) => f.name === "envoy.filters.network.http_connection_manager")!.typedConfig!, ENVOY_TYPES.httpConnectionManager);
    assert.ok(hcm.httpFilters!.some((f) => f.name === "envoy.filters.http.rbac"));
    if (flavor === "stock") toEnvoyJsonVerified(ENVOY_TYPES.listener, tls as Listener, { flavor: "stock" });
  }
  // No policy selecting the gateway: no network RBAC.
  const bare = compileGateway(GATEWAY_SERVICE + "---" + TCP_GATEWAY.split("---\napiVersion: security.istio.io")[0]!);
  assert.ok(!bare.xds.listeners.flatMap((l) => l.filterChains ?? []).flatMap((c) => c.filters ?? []).some((f) => f.name === "envoy.filters.network.rbac"));
});

test("simulate: a gateway TLS passthrough connection is denied by the gateway's network RBAC", () => {
  const r = compileGateway(GATEWAY_SERVICE + "---" + TCP_GATEWAY);
  const call = applyCallDefaults({ callMode: "outbound", address: "10.0.0.2", port: 8443, protocol: "tcp", tls: "tls", sni: "a.example.com" });
  const ok = simulate(r.xds, call, { rbac: { sourceIp: "10.1.2.3" } });
  assert.equal(ok.error, undefined, ok.errorDetail);
  const denied = simulate(r.xds, call, { rbac: { sourceIp: "192.0.2.7" } });
  assert.equal(denied.error, "rbac_denied", denied.errorDetail);
});
