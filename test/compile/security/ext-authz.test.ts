import { test } from "node:test";
import assert from "node:assert/strict";
import { buildAuthzFilters } from "../../../src/compile/security/authz-filters.js";
import { evaluateRbacFilters, rbacRequest } from "../../../src/compile/simulate/rbac.js";
import { httpFilterJson, modelOf, networkFilterJson, target } from "./helpers.js";

const STOCK = { trustDomain: "cluster.local", flavor: "stock" as const, tcp: false };

const MESH = {
  extensionProviders: [
    {
      name: "opa-http",
      envoyExtAuthzHttp: {
        service: "opa.authz.svc.cluster.local",
        port: 8181,
        pathPrefix: "/check",
        failOpen: true,
        statusOnError: "503",
        includeRequestHeadersInCheck: ["authorization", "x-custom-*"],
        headersToUpstreamOnAllow: ["x-user"],
        headersToDownstreamOnDeny: ["set-cookie"],
        includeAdditionalHeadersInCheck: { "x-b": "2", "x-a": "1" },
      },
    },
    { name: "opa-grpc", envoyExtAuthzGrpc: { service: "authz/opa.authz.svc.cluster.local", port: 9191, timeout: "0.5s" } },
  ],
};

const SERVICES = `
apiVersion: v1
kind: Service
metadata: {name: opa, namespace: authz}
spec: {selector: {app: opa}, ports: [{name: http, port: 8181}, {name: grpc, port: 9191}]}
`;

function customPolicy(provider: string): string {
  return `${SERVICES}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext, namespace: shop}
spec:
  action: CUSTOM
  provider: {name: ${provider}}
  rules: [{to: [{operation: {paths: ["/admin/*"]}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: shop}
spec: {rules: [{}]}
`;
}

test("CUSTOM with an HTTP provider: shadow RBAC + ext_authz before the other RBAC filters", () => {
  const model = modelOf(customPolicy("opa-http"), MESH);
  const out = buildAuthzFilters(model, target("shop"), STOCK);
  assert.deepEqual(out.diagnostics, []);
  assert.deepEqual(out.httpCustom.map((f) => f.name), ["envoy.filters.http.rbac", "envoy.filters.http.ext_authz"]);
  assert.deepEqual(out.http.map((f) => f.name), ["envoy.filters.http.rbac"]);
  const rbac = httpFilterJson(out.httpCustom[0]!).typed_config as any;
  assert.equal(rbac.rules, undefined);
  assert.equal(rbac.shadow_rules_stat_prefix, "istio_ext_authz_");
  assert.deepEqual(Object.keys(rbac.shadow_rules.policies), ["istio-ext-authz-opa-http-ns[shop]-policy[ext]-rule[0]"]);
  const ext = httpFilterJson(out.httpCustom[1]!).typed_config as any;
  assert.deepEqual(ext, {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz",
    http_service: {
      server_uri: { uri: "http://opa.authz.svc.cluster.local", cluster: "outbound|8181||opa.authz.svc.cluster.local", timeout: "600s" },
      path_prefix: "/check",
      authorization_request: { headers_to_add: [{ key: "x-a", value: "1" }, { key: "x-b", value: "2" }] },
      authorization_response: { allowed_upstream_headers: { patterns: [{ exact: "x-user", ignore_case: true }] }, allowed_client_headers: { patterns: [{ exact: "set-cookie", ignore_case: true }] } },
    },
    transport_api_version: "V3",
    failure_mode_allow: true,
    status_on_error: { code: "ServiceUnavailable" },
    filter_enabled_metadata: { filter: "envoy.filters.http.rbac", path: [{ key: "istio_ext_authz_shadow_effective_policy_id" }], value: { string_match: { prefix: "istio-ext-authz-opa-http" } } },
    allowed_headers: { patterns: [{ exact: "authorization", ignore_case: true }, { prefix: "x-custom-", ignore_case: true }] },
  });
  // the simulator tells whether ext_authz would be asked
  const chain = [...out.httpCustom, ...out.http];
  const admin = evaluateRbacFilters(chain, rbacRequest({ method: "GET", path: "/admin/users" }));
  assert.equal(admin.allowed, true);
  assert.deepEqual(admin.extAuthz, [{ filter: "envoy.filters.http.ext_authz", index: 1, policy: "istio-ext-authz-opa-http-ns[shop]-policy[ext]-rule[0]" }]);
  assert.deepEqual(evaluateRbacFilters(chain, rbacRequest({ method: "GET", path: "/shop" })).extAuthz, []);
});

test("CUSTOM with a gRPC provider also serves TCP chains; an HTTP provider is skipped there", () => {
  const grpc = buildAuthzFilters(modelOf(customPolicy("opa-grpc"), MESH), target("shop"), { ...STOCK, tcp: true });
  assert.deepEqual(grpc.network.map((f) => f.name), ["envoy.filters.network.rbac", "envoy.filters.network.ext_authz", "envoy.filters.network.rbac"]);
  const ext = networkFilterJson(grpc.network[1]!).typed_config as any;
  assert.deepEqual(ext.grpc_service, { envoy_grpc: { cluster_name: "outbound|9191||opa.authz.svc.cluster.local", authority: "opa.authz.svc.cluster.local" }, timeout: "0.500s" });
  assert.equal(ext.stat_prefix, "tcp.");
  assert.equal(ext.filter_enabled_metadata.filter, "envoy.filters.network.rbac");
  // the CUSTOM rule needs HTTP paths: on TCP its condition is removed (broader), as for DENY
  assert.deepEqual(grpc.diagnostics.map((d) => d.code), ["MSH-authz-http-only-on-tcp"]);
  const http = buildAuthzFilters(modelOf(customPolicy("opa-http"), MESH), target("shop"), { ...STOCK, tcp: true });
  assert.deepEqual(http.network.map((f) => f.name), ["envoy.filters.network.rbac"]);
  assert.ok(http.diagnostics.some((d) => d.code === "MSH-authz-custom-provider" && d.level === "Info"));
});

test("CUSTOM with an unknown provider denies what the policy matches, with an error", () => {
  const out = buildAuthzFilters(modelOf(customPolicy("missing"), MESH), target("shop"), STOCK);
  assert.deepEqual(out.diagnostics.map((d) => [d.code, d.level]), [["MSH-authz-custom-provider", "Error"]]);
  const cfg = httpFilterJson(out.httpCustom[0]!).typed_config as any;
  assert.equal(cfg.rules.action, "DENY");
  assert.deepEqual(Object.keys(cfg.rules.policies), ["istio-ext-authz-missing-ns[shop]-policy[ext]-rule[0]-bad-custom-action"]);
  const chain = [...out.httpCustom, ...out.http];
  assert.equal(evaluateRbacFilters(chain, rbacRequest({ path: "/admin/x" })).allowed, false);
  assert.equal(evaluateRbacFilters(chain, rbacRequest({ path: "/home" })).allowed, true);
});
