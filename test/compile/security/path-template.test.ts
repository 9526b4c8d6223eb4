import { test } from "node:test";
import assert from "node:assert/strict";
import { buildAuthzFilters } from "../../../src/compile/security/authz-filters.js";
import { containsPathTemplate, pathMatcher, pathTemplateRegex, templateToUriTemplate, validPathTemplate } from "../../../src/compile/security/path-template.js";
import { evaluateRbac, rbacRequest } from "../../../src/compile/simulate/rbac.js";
import { httpFilterJson, modelOf, target } from "./helpers.js";

test("Istio path templates become full-match regexes with URI-template meaning", () => {
  assert.equal(containsPathTemplate("/a/{*}/b"), true);
  assert.equal(containsPathTemplate("/a/*"), false);
  assert.equal(templateToUriTemplate("/a/{*}/b/{**}"), "/a/*/b/**");
  assert.equal(validPathTemplate("/a/{*}/b/{**}"), true);
  assert.equal(validPathTemplate("/a/{**}/b"), false);
  assert.deepEqual(pathMatcher("/api/*"), { path: { prefix: "/api/" } });
  assert.deepEqual(pathMatcher("*.html"), { path: { suffix: ".html" } });
  assert.deepEqual(pathMatcher("*"), { path: { safeRegex: { regex: ".+" } } });
  assert.deepEqual(pathMatcher("/exact"), { path: { exact: "/exact" } });
  const re = new RegExp(`^${pathTemplateRegex("/v1/{*}/items.json")}$`);
  assert.ok(re.test("/v1/shop/items.json"));
  assert.ok(!re.test("/v1/a/b/items.json"));
  assert.ok(!re.test("/v1/items.json"));
  assert.ok(!re.test("/v1/shopXitems.json"), "the dot is literal");
});

test("path templates in a policy: {*} one segment, {**} any depth", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: tmpl, namespace: ns1}
spec:
  rules:
  - to: [{operation: {paths: ["/users/{*}/profile", "/files/{**}"]}}]
`);
  const out = buildAuthzFilters(model, target("ns1"), { trustDomain: "cluster.local", flavor: "stock", tcp: false });
  const cfg = httpFilterJson(out.http[0]!).typed_config as any;
  const paths = cfg.rules.policies["ns[ns1]-policy[tmpl]-rule[0]"].permissions[0].and_rules.rules[0].or_rules.rules;
  assert.ok(paths.every((p: any) => typeof p.url_path.path.safe_regex.regex === "string"));
  const f = out.http[0]!;
  const allowed = (path: string) => evaluateRbac(f, rbacRequest({ path })).action === "ALLOW";
  assert.ok(allowed("/users/alice/profile"));
  assert.ok(!allowed("/users/alice/bob/profile"));
  assert.ok(!allowed("/users//profile"));
  assert.ok(allowed("/files/"));
  assert.ok(allowed("/files/a/b/c.txt"));
  assert.ok(!allowed("/filesystem"));
});
