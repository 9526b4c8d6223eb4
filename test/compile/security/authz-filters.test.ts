import { test } from "node:test";
import assert from "node:assert/strict";
import { buildAuthzFilters } from "../../../src/compile/security/authz-filters.js";
import { evaluateRbac, evaluateRbacFilters, rbacConfigOf, rbacRequest } from "../../../src/compile/simulate/rbac.js";
import { fixtureModel, httpFilterJson, modelOf, networkFilterJson, target, workload } from "./helpers.js";

const STOCK = { trustDomain: "cluster.local", flavor: "stock" as const, tcp: false };
const FRONTEND = "spiffe://cluster.local/ns/blog-app/sa/frontend";

test("blog-app: posts allows the frontend service account GET /api/posts and denies the rest", async () => {
  const model = await fixtureModel("fixtures/blog-app");
  const posts = workload(model, "posts-v1.blog-app");
  const out = buildAuthzFilters(model, posts, STOCK);
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.httpCustom.length, 0);
  assert.deepEqual(out.http.map((f) => f.name), ["envoy.filters.http.rbac"]);
  const json = httpFilterJson(out.http[0]!);
  const cfg = json.typed_config as any;
  assert.equal(cfg["@type"], "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC");
  assert.deepEqual(Object.keys(cfg.rules.policies), ["ns[blog-app]-policy[posts-allow-frontend]-rule[0]"]);
  assert.equal(cfg.rules.action, undefined, "ALLOW is the default enum value and is omitted");
  const policy = cfg.rules.policies["ns[blog-app]-policy[posts-allow-frontend]-rule[0]"];
  assert.deepEqual(policy.principals, [{ and_ids: { ids: [{ or_ids: { ids: [{ authenticated: { principal_name: { exact: FRONTEND } } }] } }] } }]);
  assert.deepEqual(policy.permissions[0].and_rules.rules[1], { or_rules: { rules: [{ url_path: { path: { exact: "/api/posts" } } }, { url_path: { path: { prefix: "/api/posts/" } } }] } });

  const ok = evaluateRbac(out.http[0]!, rbacRequest({ principal: FRONTEND, method: "GET", path: "/api/posts", port: 8080 }));
  assert.equal(ok.action, "ALLOW");
  assert.equal(ok.policy, "ns[blog-app]-policy[posts-allow-frontend]-rule[0]");
  assert.equal(evaluateRbac(out.http[0]!, rbacRequest({ principal: FRONTEND, method: "POST", path: "/api/posts/7" })).action, "ALLOW");
  for (const req of [
    { principal: "spiffe://cluster.local/ns/blog-app/sa/comments", method: "GET", path: "/api/posts" },
    { principal: FRONTEND, method: "GET", path: "/admin" },
    { principal: FRONTEND, method: "DELETE", path: "/api/posts" },
    { method: "GET", path: "/api/posts" },
  ]) {
    const d = evaluateRbac(out.http[0]!, rbacRequest(req));
    assert.equal(d.action, "DENY", JSON.stringify(req));
    assert.equal(d.policy, undefined);
  }
  // the comments workload is not selected
  assert.deepEqual(buildAuthzFilters(model, workload(model, "comments.blog-app"), STOCK).http, []);
});

const DENY_AND_ALLOW = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all-get, namespace: shop}
spec:
  rules:
  - to: [{operation: {methods: [GET]}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-admin, namespace: shop}
spec:
  action: DENY
  rules:
  - to: [{operation: {paths: ["/admin*"]}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: audit-writes, namespace: istio-system}
spec:
  action: AUDIT
  rules:
  - to: [{operation: {methods: [POST, PUT]}}]
`;

test("filters come in istiod's order AUDIT, DENY, ALLOW and DENY wins over ALLOW", () => {
  const model = modelOf(DENY_AND_ALLOW);
  const out = buildAuthzFilters(model, target("shop", { app: "cart" }), STOCK);
  const actions = out.http.map((f) => (httpFilterJson(f).typed_config as any).rules.action ?? "ALLOW");
  assert.deepEqual(actions, ["LOG", "DENY", "ALLOW"]);
  const chain = evaluateRbacFilters(out.http, rbacRequest({ method: "GET", path: "/admin/users" }));
  assert.equal(chain.allowed, false);
  assert.equal(chain.deniedBy?.policy, "ns[shop]-policy[deny-admin]-rule[0]");
  assert.equal(chain.decisions.length, 2, "the ALLOW filter is never reached");
  const get = evaluateRbacFilters(out.http, rbacRequest({ method: "GET", path: "/items" }));
  assert.equal(get.allowed, true);
  assert.equal(get.allowedBy?.policy, "ns[shop]-policy[allow-all-get]-rule[0]");
  const post = evaluateRbacFilters(out.http, rbacRequest({ method: "POST", path: "/items" }));
  assert.equal(post.allowed, false);
  assert.equal(post.decisions[0]!.rules?.rulesAction, "LOG");
  assert.equal(post.decisions[0]!.policy, "ns[istio-system]-policy[audit-writes]-rule[0]");
  assert.equal(post.deniedBy?.index, 2);
});

test("dry-run policies become shadow rules with istio_dry_run_* stat prefixes", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: try-deny, namespace: shop, annotations: {istio.io/dry-run: "true"}}
spec:
  action: DENY
  rules: [{from: [{source: {namespaces: [untrusted]}}]}]
`);
  const out = buildAuthzFilters(model, target("shop"), STOCK);
  const cfg = httpFilterJson(out.http[0]!).typed_config as any;
  assert.equal(cfg.rules, undefined);
  assert.equal(cfg.shadow_rules_stat_prefix, "istio_dry_run_deny_");
  const d = evaluateRbac(out.http[0]!, rbacRequest({ principal: "spiffe://cluster.local/ns/untrusted/sa/x" }));
  assert.equal(d.action, "ALLOW");
  assert.equal(d.shadow?.action, "DENY");
  assert.equal(d.shadow?.metadata["istio_dry_run_deny_shadow_effective_policy_id"], "ns[shop]-policy[try-deny]-rule[0]");
});

test("selector, targetRefs and root-namespace policies select as istiod does", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: mesh-deny, namespace: istio-system}
spec: {action: DENY, selector: {matchLabels: {app: cart}}, rules: [{from: [{source: {ipBlocks: ["1.2.3.4"]}}]}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: other-app, namespace: shop}
spec: {selector: {matchLabels: {app: other}}, rules: [{}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: gateway-only, namespace: shop}
spec: {targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}], rules: [{}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: elsewhere, namespace: other}
spec: {rules: [{}]}
`);
  const cart = buildAuthzFilters(model, target("shop", { app: "cart" }), STOCK);
  assert.deepEqual(cart.http.map((f) => Object.keys((httpFilterJson(f).typed_config as any).rules.policies)), [["ns[istio-system]-policy[mesh-deny]-rule[0]"]]);
  const gw = buildAuthzFilters(model, target("shop", { "gateway.networking.k8s.io/gateway-name": "gw", app: "cart" }), STOCK);
  assert.deepEqual(gw.http.map((f) => Object.keys((httpFilterJson(f).typed_config as any).rules.policies)), [["ns[shop]-policy[gateway-only]-rule[0]"]]);
});

test("a policy without rules matches nothing; ALLOW {} rule matches everything", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: a}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: b}
spec: {rules: [{}]}
`);
  const none = buildAuthzFilters(model, target("a"), STOCK).http[0]!;
  assert.equal(evaluateRbac(none, rbacRequest({ method: "GET", path: "/" })).action, "DENY");
  const all = buildAuthzFilters(model, target("b"), STOCK).http[0]!;
  assert.equal(evaluateRbac(all, rbacRequest({})).action, "ALLOW");
});

const TCP_POLICIES = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-get, namespace: db}
spec:
  rules:
  - from: [{source: {principals: [cluster.local/ns/app/sa/api]}}]
    to: [{operation: {methods: [GET], ports: ["5432"]}}]
  - from: [{source: {principals: [cluster.local/ns/app/sa/admin]}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-delete, namespace: db}
spec:
  action: DENY
  rules:
  - from: [{source: {namespaces: [legacy]}}]
    to: [{operation: {methods: [DELETE]}}]
`;

test("HTTP-only fields on TCP chains: the ALLOW rule is dropped, the DENY condition removed, with diagnostics", () => {
  const model = modelOf(TCP_POLICIES);
  const out = buildAuthzFilters(model, target("db"), { ...STOCK, tcp: true });
  assert.deepEqual(out.http, []);
  assert.deepEqual(out.network.map((f) => f.name), ["envoy.filters.network.rbac", "envoy.filters.network.rbac"]);
  const [deny, allow] = out.network.map((f) => networkFilterJson(f).typed_config as any);
  assert.equal(deny.stat_prefix, "tcp.");
  assert.equal(deny.rules.action, "DENY");
  assert.deepEqual(Object.keys(allow.rules.policies), ["ns[db]-policy[allow-get]-rule[1]"], "rule 0 (methods) is dropped");
  // the DENY rule lost its method condition: it denies every connection from legacy
  const denyPolicy = deny.rules.policies["ns[db]-policy[deny-delete]-rule[0]"];
  assert.deepEqual(denyPolicy.permissions, [{ and_rules: { rules: [{ any: true }] } }]);
  const codes = out.diagnostics.map((d) => [d.code, d.resource?.name, d.path]);
  assert.deepEqual(codes, [
    ["MSH-authz-http-only-on-tcp", "deny-delete", "spec.rules[0].to[0].operation.methods"],
    ["MSH-authz-http-only-on-tcp", "allow-get", "spec.rules[0].to[0].operation.methods"],
  ]);
  assert.match(out.diagnostics[0]!.message, /removed/);
  assert.match(out.diagnostics[1]!.message, /dropped/);

  const legacy = evaluateRbacFilters(out.network, rbacRequest({ principal: "spiffe://cluster.local/ns/legacy/sa/x", port: 5432 }));
  assert.equal(legacy.allowed, false);
  assert.equal(legacy.deniedBy?.policy, "ns[db]-policy[deny-delete]-rule[0]");
  const api = evaluateRbacFilters(out.network, rbacRequest({ principal: "spiffe://cluster.local/ns/app/sa/api", port: 5432 }));
  assert.equal(api.allowed, false, "the api rule needed HTTP and was dropped");
  const admin = evaluateRbacFilters(out.network, rbacRequest({ principal: "spiffe://cluster.local/ns/app/sa/admin", port: 5432 }));
  assert.equal(admin.allowed, true);
  // the same policies on an HTTP chain keep everything
  const http = buildAuthzFilters(model, target("db"), STOCK);
  assert.deepEqual(http.diagnostics, []);
  assert.equal(evaluateRbacFilters(http.http, rbacRequest({ principal: "spiffe://cluster.local/ns/app/sa/api", method: "GET", port: 5432 })).allowed, true);
});

test("when conditions, not-values, headers, claims, IP blocks and trust-domain aliases", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: rich, namespace: ns1}
spec:
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/ns1/sa/*"]
        notPrincipals: ["cluster.local/ns/ns1/sa/blocked"]
        ipBlocks: ["10.0.0.0/8"]
    to:
    - operation: {hosts: ["*.example.com"], notPaths: ["/private*"]}
    when:
    - {key: "request.headers[x-tenant]", values: [gold, "silver*"]}
    - {key: "request.auth.claims[groups]", values: [admins]}
    - {key: "request.auth.claims[nested][role]", values: [owner]}
    - {key: destination.port, notValues: ["9999"]}
    - {key: connection.sni, values: ["*.svc"]}
`, { trustDomainAliases: ["old.td"] });
  const out = buildAuthzFilters(model, target("ns1"), { ...STOCK, aliases: ["old.td"] });
  assert.deepEqual(out.diagnostics, []);
  const f = out.http[0]!;
  const json = httpFilterJson(f).typed_config as any;
  const principals = json.rules.policies["ns[ns1]-policy[rich]-rule[0]"].principals[0].and_ids.ids;
  assert.deepEqual(principals[0].or_ids.ids.map((p: any) => p.authenticated.principal_name.prefix), ["spiffe://cluster.local/ns/ns1/sa/", "spiffe://old.td/ns/ns1/sa/"]);
  const base = {
    principal: "spiffe://old.td/ns/ns1/sa/web",
    sourceIp: "10.1.2.3",
    host: "Shop.Example.com",
    path: "/public",
    port: 8080,
    sni: "shop.svc",
    headers: { "x-tenant": "silver-plus" },
    jwtClaims: { groups: ["users", "admins"], nested: { role: "owner" } },
  };
  assert.equal(evaluateRbac(f, rbacRequest(base)).action, "ALLOW");
  for (const change of [
    { principal: "spiffe://cluster.local/ns/ns1/sa/blocked" },
    { sourceIp: "192.168.0.1" },
    { host: "example.org" },
    { path: "/private/x" },
    { port: 9999 },
    { sni: "shop.com" },
    { headers: { "x-tenant": "bronze" } },
    { jwtClaims: { groups: "users", nested: { role: "owner" } } },
    { jwtClaims: { groups: "admins", nested: { role: "viewer" } } },
  ]) {
    assert.equal(evaluateRbac(f, rbacRequest({ ...base, ...change })).action, "DENY", JSON.stringify(change));
  }
  assert.equal(evaluateRbac(f, rbacRequest({ ...base, jwtClaims: { groups: "admins", nested: { role: "owner" } } })).action, "ALLOW", "a scalar claim matches too");
});

test("requestPrincipals read jwt_authn payload iss/sub; unknown when keys skip the rule with a diagnostic", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: jwt, namespace: ns1}
spec:
  rules:
  - from: [{source: {requestPrincipals: ["https://issuer.example.com/alice", "other-issuer/*"]}}]
  - when: [{key: request.unknown, values: [x]}]
`);
  const out = buildAuthzFilters(model, target("ns1"), STOCK);
  assert.deepEqual(out.diagnostics.map((d) => [d.code, d.path]), [["MSH-authz-invalid-rule", "spec.rules[1].when[0]"]]);
  const f = out.http[0]!;
  const cfg = rbacConfigOf(f)!;
  assert.deepEqual(Object.keys(cfg.rules!.policies!), ["ns[ns1]-policy[jwt]-rule[0]"]);
  assert.equal(evaluateRbac(f, rbacRequest({ jwtClaims: { iss: "https://issuer.example.com", sub: "alice" } })).action, "ALLOW");
  assert.equal(evaluateRbac(f, rbacRequest({ jwtClaims: { iss: "other-issuer", sub: "bob" } })).action, "ALLOW");
  assert.equal(evaluateRbac(f, rbacRequest({ jwtClaims: { iss: "https://issuer.example.com", sub: "bob" } })).action, "DENY");
  assert.equal(evaluateRbac(f, rbacRequest({})).action, "DENY");
});
