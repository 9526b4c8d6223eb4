import { test } from "node:test";
import assert from "node:assert/strict";
import { anyOf, ENVOY_TYPES, type Filter, type HttpFilter } from "../../../src/compile/envoy/index.js";
import { RBAC_Action, type Policy } from "../../../src/gen/envoy/envoy/config/rbac/v3/rbac.js";
import { evaluateRbac, evaluateRbacFilters, evaluateRules, rbacRequest } from "../../../src/compile/simulate/rbac.js";

const any: Policy = { permissions: [{ any: true }], principals: [{ any: true }] };
const http = (cfg: object): HttpFilter => ({ name: "envoy.filters.http.rbac", typedConfig: anyOf(ENVOY_TYPES.httpRbac, cfg) });

test("engine: ALLOW needs a match, DENY blocks on a match, LOG never blocks; first policy in name order wins", () => {
  const ctx = rbacRequest({ method: "GET", path: "/x" });
  const policies = { "b-second": any, "a-first": any };
  assert.deepEqual(evaluateRules({ action: RBAC_Action.ALLOW, policies }, ctx), { rulesAction: "ALLOW", action: "ALLOW", policy: "a-first" });
  assert.deepEqual(evaluateRules({ action: RBAC_Action.ALLOW, policies: {} }, ctx), { rulesAction: "ALLOW", action: "DENY" });
  assert.deepEqual(evaluateRules({ action: RBAC_Action.DENY, policies }, ctx), { rulesAction: "DENY", action: "DENY", policy: "a-first" });
  assert.deepEqual(evaluateRules({ action: RBAC_Action.DENY, policies: {} }, ctx), { rulesAction: "DENY", action: "ALLOW" });
  assert.deepEqual(evaluateRules({ action: RBAC_Action.LOG, policies }, ctx), { rulesAction: "LOG", action: "ALLOW", policy: "a-first" });
  assert.equal(evaluateRbac(http({}), ctx).action, "ALLOW", "no rules: not enforced");
});

test("principals: authenticated needs a peer certificate; direct_remote_ip vs remote_ip; not_id", () => {
  const p = (principals: Policy["principals"]): Policy => ({ permissions: [{ any: true }], principals });
  const rules = (pol: Policy) => ({ action: RBAC_Action.ALLOW, policies: { p: pol } });
  const authAny = p([{ authenticated: {} }]);
  assert.equal(evaluateRules(rules(authAny), rbacRequest({})).action, "DENY");
  assert.equal(evaluateRules(rules(authAny), rbacRequest({ principal: "spiffe://td/ns/a/sa/b" })).action, "ALLOW");
  const direct = p([{ directRemoteIp: { addressPrefix: "10.0.0.0", prefixLen: 8 } }]);
  const remote = p([{ remoteIp: { addressPrefix: "192.168.0.0", prefixLen: 16 } }]);
  const ctx = rbacRequest({ sourceIp: "10.1.1.1", remoteIp: "192.168.3.4" });
  assert.equal(evaluateRules(rules(direct), ctx).action, "ALLOW");
  assert.equal(evaluateRules(rules(remote), ctx).action, "ALLOW");
  assert.equal(evaluateRules(rules(remote), rbacRequest({ sourceIp: "10.1.1.1" })).action, "DENY", "remote_ip defaults to the peer address");
  const notNs = p([{ notId: { authenticated: { principalName: { safeRegex: { regex: ".*/ns/bad/.*" } } } } }]);
  assert.equal(evaluateRules(rules(notNs), rbacRequest({ principal: "spiffe://td/ns/bad/sa/x" })).action, "DENY");
  assert.equal(evaluateRules(rules(notNs), rbacRequest({ principal: "spiffe://td/ns/good/sa/x" })).action, "ALLOW");
});

test("permissions: headers (present, invert, joined values), ports, SNI, metadata lists", () => {
  const perm = (permissions: Policy["permissions"]) => ({ action: RBAC_Action.ALLOW, policies: { p: { permissions, principals: [{ any: true }] } } });
  const present = perm([{ header: { name: "x-a", presentMatch: true } }]);
  assert.equal(evaluateRules(present, rbacRequest({ headers: { "X-A": "1" } })).action, "ALLOW");
  assert.equal(evaluateRules(present, rbacRequest({})).action, "DENY");
  const inverted = perm([{ header: { name: "x-a", stringMatch: { exact: "1" }, invertMatch: true } }]);
  assert.equal(evaluateRules(inverted, rbacRequest({ headers: { "x-a": "2" } })).action, "ALLOW");
  const joined = perm([{ header: { name: "x-a", stringMatch: { exact: "1,2" } } }]);
  assert.equal(evaluateRules(joined, rbacRequest({ headers: { "x-a": ["1", "2"] } })).action, "ALLOW");
  const ports = perm([{ orRules: { rules: [{ destinationPort: 80 }, { destinationPortRange: { start: 8000, end: 9000 } }] } }]);
  assert.equal(evaluateRules(ports, rbacRequest({ port: 8080 })).action, "ALLOW");
  assert.equal(evaluateRules(ports, rbacRequest({ port: 9000 })).action, "DENY");
  const sni = perm([{ requestedServerName: { suffix: ".local" } }]);
  assert.equal(evaluateRules(sni, rbacRequest({ sni: "a.local" })).action, "ALLOW");
  const scope = perm([{ metadata: { filter: "envoy.filters.http.jwt_authn", path: [{ key: "payload" }, { key: "scope" }], value: { listMatch: { oneOf: { stringMatch: { exact: "write" } } } } } }]);
  assert.equal(evaluateRules(scope, rbacRequest({ jwtClaims: { scope: "read write" } })).action, "ALLOW", "scope is split on spaces");
  assert.equal(evaluateRules(scope, rbacRequest({ jwtClaims: { scope: "read" } })).action, "DENY");
  const template = perm([{ uriTemplate: { name: "uri-template" } }]);
  const d = evaluateRbac(http({ rules: template }), rbacRequest({ path: "/a" }));
  assert.equal(d.action, "DENY");
  assert.match(d.warnings![0]!, /uri_template/);
});

test("chains: network RBAC filters, non-RBAC filters skipped, shadow metadata", () => {
  const net = (cfg: object): Filter => ({ name: "envoy.filters.network.rbac", typedConfig: anyOf(ENVOY_TYPES.networkRbac, { statPrefix: "tcp.", ...cfg }) });
  const filters: Filter[] = [
    { name: "envoy.filters.network.tcp_proxy", typedConfig: anyOf(ENVOY_TYPES.tcpProxy, { statPrefix: "x", cluster: "c" }) },
    net({ shadowRules: { action: RBAC_Action.DENY, policies: { shadowed: any } }, shadowRulesStatPrefix: "istio_dry_run_deny_" }),
    net({ rules: { action: RBAC_Action.ALLOW, policies: { "ns[a]-policy[p]-rule[0]": { permissions: [{ destinationPort: 5432 }], principals: [{ any: true }] } } } }),
  ];
  const ok = evaluateRbacFilters(filters, rbacRequest({ port: 5432 }));
  assert.equal(ok.allowed, true);
  assert.equal(ok.decisions.length, 2);
  assert.deepEqual(ok.decisions[0]!.shadow?.metadata, { istio_dry_run_deny_shadow_engine_result: "denied", istio_dry_run_deny_shadow_effective_policy_id: "shadowed" });
  assert.equal(ok.allowedBy?.policy, "ns[a]-policy[p]-rule[0]");
  const no = evaluateRbacFilters(filters, rbacRequest({ port: 5433 }));
  assert.equal(no.allowed, false);
  assert.equal(no.deniedBy?.index, 2);
  assert.equal(no.deniedBy?.filter, "envoy.filters.network.rbac");
});

test("a filter chain with an HCM: security filters in istiod's order, evaluated for a simulator call", async () => {
  const { buildAuthzFilters, securityHttpFilters } = await import("../../../src/compile/security/authz-filters.js");
  const { evaluateChainRbac, rbacRequestFromCall } = await import("../../../src/compile/simulate/rbac.js");
  const { applyCallDefaults } = await import("../../../src/compile/simulate/call.js");
  const { fixtureModel, workload } = await import("../security/helpers.js");
  const model = await fixtureModel("fixtures/blog-app");
  const authz = buildAuthzFilters(model, workload(model, "posts-v1.blog-app"), { trustDomain: "cluster.local", flavor: "stock", tcp: false });
  const httpFilters = [...securityHttpFilters(authz), { name: "envoy.filters.http.router", typedConfig: anyOf(ENVOY_TYPES.router, {}) }];
  const chain = { name: "0.0.0.0_8080", filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: anyOf(ENVOY_TYPES.httpConnectionManager, { statPrefix: "inbound_0.0.0.0_8080", httpFilters }) }] };
  const call = applyCallDefaults({ callMode: "inbound", port: 8080, protocol: "http", tls: "mtls", path: "/api/posts", hostHeader: "posts" });
  const frontend = { principal: "spiffe://cluster.local/ns/blog-app/sa/frontend" };
  const ok = evaluateChainRbac(chain, rbacRequestFromCall(call, frontend));
  assert.equal(ok.allowed, true);
  assert.equal(ok.allowedBy?.policy, "ns[blog-app]-policy[posts-allow-frontend]-rule[0]");
  const plaintext = evaluateChainRbac(chain, rbacRequestFromCall({ ...call, tls: "plaintext" }, frontend));
  assert.equal(plaintext.allowed, false, "no peer certificate, no principal");
  const other = evaluateChainRbac(chain, rbacRequestFromCall(call, { principal: "spiffe://cluster.local/ns/blog-app/sa/comments" }));
  assert.equal(other.allowed, false);
  assert.equal(other.deniedBy?.filter, "envoy.filters.http.rbac");
});
