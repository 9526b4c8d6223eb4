import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthorizationPolicy, AuthorizationPolicySpec } from "../../../../src/validate/schemas/istio/security/authorization-policy.js";
import { harness, ids } from "./harness.js";

const h = harness(AuthorizationPolicySpec);

const full = {
  selector: { matchLabels: { app: "httpbin" } },
  action: "ALLOW",
  rules: [
    {
      from: [{ source: { principals: ["cluster.local/ns/default/sa/sleep"], ipBlocks: ["10.0.0.0/8"], notRemoteIpBlocks: ["1.2.3.4"], trustDomains: ["td"] } }],
      to: [{ operation: { methods: ["GET"], paths: ["/info*"], ports: ["8080"], hosts: ["a.com"] } }],
      when: [{ key: "request.auth.claims[iss]", values: ["https://accounts.google.com"], notValues: ["x"] }],
    },
  ],
};

test("AuthorizationPolicy: definition names its kind", () => assert.equal(AuthorizationPolicy.kind, "AuthorizationPolicy"));

test("AuthorizationPolicy: valid specs pass", () => {
  for (const spec of [
    {},
    full,
    { action: "DENY", rules: [{}] },
    { action: "CUSTOM", provider: { name: "ext-authz" }, rules: [{ to: [{ operation: { paths: ["/admin"] } }] }] },
    { targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw" }], rules: [{ from: [{ source: { serviceAccounts: ["ns/sa"] } }] }] },
    { targetRef: { kind: "Service", group: "", name: "svc", namespace: "" } },
  ]) {
    assert.deepEqual(h.errors(spec), [], JSON.stringify(spec));
    assert.deepEqual(h.checks(spec), [], JSON.stringify(spec));
  }
});

test("AuthorizationPolicy: unknown fields, wrong types, bad enums and limits are rejected", () => {
  assert.deepEqual(h.errors({ action: "REJECT" }), ["/action enum"]);
  assert.deepEqual(h.errors({ rules: [{ from: [{ source: { users: ["a"] } }] }] }), ["/rules/0/from/0/source additionalProperties"]);
  assert.deepEqual(h.errors({ rules: [{ to: [{ operation: { ports: [8080] } }] }] }), ["/rules/0/to/0/operation/ports/0 type"]);
  assert.deepEqual(h.errors({ rules: [{ when: [{ values: ["a"] }] }] }), ["/rules/0/when/0 required"]);
  assert.deepEqual(h.errors({ provider: { name: "x", port: 1 } }), ["/provider additionalProperties"]);
  assert.deepEqual(h.errors({ rules: {} }), ["/rules type"]);
  assert.deepEqual(h.errors({ rules: [{ from: [{ source: { serviceAccounts: Array(17).fill("a") } }] }] }), ["/rules/0/from/0/source/serviceAccounts maxItems"]);
  assert.deepEqual(h.errors({ targetRef: { name: "x" } }), ["/targetRef required"]);
  assert.deepEqual(h.errors({ targetRef: { kind: "Service", name: "x", group: "Bad_Group" } }), ["/targetRef/group pattern"]);
  assert.deepEqual(h.errors({ targetRefs: Array(17).fill({ kind: "Service", name: "x" }) }), ["/targetRefs maxItems"]);
});

test("AuthorizationPolicy: checks are attached where the CRD puts its rules", () => {
  assert.deepEqual(h.idsAt(""), ["selector-or-target-refs"]);
  assert.deepEqual(h.idsAt("rules.[].from.[].source"), ["source-service-accounts-exclusive"]);
  assert.deepEqual(h.idsAt("targetRef.namespace"), ["policy-target-same-namespace"]);
  assert.deepEqual(h.idsAt("targetRefs.[].namespace"), ["policy-target-same-namespace"]);
});

test("AuthorizationPolicy check selector-or-target-refs", () => {
  const ref = { kind: "Service", name: "s" };
  assert.deepEqual(ids(h.checks({ selector: { matchLabels: { a: "b" } }, targetRefs: [ref] })), ["selector-or-target-refs"]);
  assert.deepEqual(ids(h.checks({ targetRef: ref, targetRefs: [ref] })), ["selector-or-target-refs"]);
  assert.deepEqual(h.checks({ targetRefs: [ref] }), []);
});

test("AuthorizationPolicy check policy-target-same-namespace", () => {
  const found = h.checks({ targetRefs: [{ kind: "Service", name: "s", namespace: "other" }] });
  assert.deepEqual(ids(found), ["policy-target-same-namespace"]);
  assert.equal(found[0]!.path, "targetRefs.0.namespace");
  assert.deepEqual(ids(h.checks({ targetRef: { kind: "Service", name: "s", namespace: "x" } })), ["policy-target-same-namespace"]);
  assert.deepEqual(h.checks({ targetRef: { kind: "Service", name: "s", namespace: "" } }), []);
});

test("AuthorizationPolicy check source-service-accounts-exclusive", () => {
  const spec = (source: object) => ({ rules: [{ from: [{ source }] }] });
  assert.deepEqual(ids(h.checks(spec({ serviceAccounts: ["a"], namespaces: ["ns"] }))), ["source-service-accounts-exclusive"]);
  assert.deepEqual(ids(h.checks(spec({ notServiceAccounts: ["a"], notPrincipals: ["p"] }))), ["source-service-accounts-exclusive"]);
  assert.deepEqual(h.checks(spec({ serviceAccounts: ["a"], ipBlocks: ["1.1.1.1"] })), []);
  assert.deepEqual(h.checks(spec({ principals: ["p"], namespaces: ["n"] })), []);
});
