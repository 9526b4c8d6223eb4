import { test } from "node:test";
import assert from "node:assert/strict";
import { ipOrCidrError, rule } from "../../../src/validate/semantic/authorization-policy.js";

const ctx = { namespace: "default", name: "ap" };
const brief = (spec: object) => rule(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);
const one = (r: object, extra: object = {}) => brief({ rules: [r], ...extra });
const src = (source: object, extra: object = {}) => one({ from: [{ source }] }, extra);
const op = (operation: object, extra: object = {}) => one({ to: [{ operation }] }, extra);
const when = (c: object, extra: object = {}) => one({ when: [c] }, extra);

test("AuthorizationPolicy: sound policies have no issues", () => {
  assert.deepEqual(brief({}), []);
  assert.deepEqual(brief({ action: "ALLOW", rules: [{}] }), []);
  assert.deepEqual(
    brief({
      selector: { matchLabels: { app: "a" } },
      rules: [
        {
          from: [{ source: { principals: ["cluster.local/ns/a/sa/b"], ipBlocks: ["10.0.0.0/8", "2001:db8::/32", "::1", "::ffff:1.2.3.4"], serviceAccounts: undefined } }],
          to: [{ operation: { methods: ["GET"], paths: ["/api/{*}/items/{**}"], ports: ["8080"] } }],
          when: [
            { key: "request.headers[x-user]", values: ["alice"] },
            { key: "source.ip", notValues: ["192.168.0.0/16"] },
            { key: "destination.port", values: ["443"] },
            { key: "request.auth.claims[groups]", values: ["admin"] },
            { key: "source.serviceAccount", values: ["ns/sa", "sa"] },
          ],
        },
      ],
    }),
    [],
  );
  assert.deepEqual(brief({ action: "CUSTOM", provider: { name: "opa" }, rules: [{ to: [{ operation: { paths: ["/admin"] } }] }] }), []);
  assert.deepEqual(brief({ action: "DENY", rules: [{ from: [{ source: { notNamespaces: ["x"] } }] }] }), []);
  assert.deepEqual(brief({ action: "DENY", rules: [{ to: [{ operation: { ports: ["80"], methods: ["POST"] } }] }] }), []);
});

test("AuthorizationPolicy: scope checks (selector labels, targetRef kinds)", () => {
  assert.deepEqual(brief({ selector: {} }), ["warning spec.selector"]);
  assert.deepEqual(brief({ targetRefs: [{ kind: "Deployment", group: "apps", name: "d" }] }), ["error spec.targetRefs.0.kind"]);
  assert.deepEqual(brief({ targetRef: { kind: "Gateway", group: "networking.istio.io", name: "g" } }), ["error spec.targetRef.kind"]);
  assert.deepEqual(brief({ targetRefs: [{ kind: "Service", name: "s" }, { kind: "ServiceEntry", group: "networking.istio.io", name: "e" }, { kind: "GatewayClass", group: "gateway.networking.k8s.io", name: "c" }] }), []);
});

test("AuthorizationPolicy: action and provider", () => {
  assert.deepEqual(brief({ action: "CUSTOM", provider: { name: "opa" } }), ["error spec.rules"]);
  assert.deepEqual(brief({ action: "CUSTOM", rules: [{}] }), ["error spec.provider.name"]);
  assert.deepEqual(brief({ action: "CUSTOM", provider: {}, rules: [{}] }), ["error spec.provider.name"]);
  assert.deepEqual(brief({ action: "ALLOW", provider: { name: "opa" } }), ["error spec.provider"]);
  assert.deepEqual(brief({ provider: { name: "opa" }, rules: [{}] }), ["error spec.provider"]);
  assert.deepEqual(brief({ action: "DENY" }), ["error spec.rules"]);
  assert.deepEqual(brief({ action: "DENY", rules: [] }), ["error spec.rules"]);
});

test("AuthorizationPolicy: CUSTOM cannot use identity fields or keys", () => {
  const custom = { action: "CUSTOM", provider: { name: "opa" } };
  assert.deepEqual(src({ principals: ["p"] }, custom), ["error spec.rules.0.from.0.source.principals"]);
  assert.deepEqual(src({ ipBlocks: ["1.2.3.4"] }, custom), []);
  assert.deepEqual(when({ key: "request.auth.claims[iss]", values: ["x"] }, custom), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "source.ip", values: ["1.2.3.4"] }, custom), []);
});

test("AuthorizationPolicy: from/to must not be empty lists or empty entries", () => {
  assert.deepEqual(one({ from: [] }), ["error spec.rules.0.from"]);
  assert.deepEqual(one({ to: [] }), ["error spec.rules.0.to"]);
  assert.deepEqual(one({ from: [{}] }), ["error spec.rules.0.from.0.source"]);
  assert.deepEqual(one({ to: [{}] }), ["error spec.rules.0.to.0.operation"]);
  assert.deepEqual(src({}), ["error spec.rules.0.from.0.source"]);
  assert.deepEqual(src({ trustDomains: ["td"] }), ["error spec.rules.0.from.0.source"]);
  assert.deepEqual(op({ methods: [] }), ["error spec.rules.0.to.0.operation"]);
  assert.deepEqual(brief({ rules: [null] }), ["error spec.rules.0"]);
});

test("AuthorizationPolicy: empty strings in value lists", () => {
  assert.deepEqual(src({ principals: ["a", ""] }), ["error spec.rules.0.from.0.source.principals.1"]);
  assert.deepEqual(op({ hosts: [""] }), ["error spec.rules.0.to.0.operation.hosts.0"]);
});

test("AuthorizationPolicy: IP and CIDR syntax", () => {
  assert.deepEqual(src({ ipBlocks: ["10.0.0.300"] }), ["error spec.rules.0.from.0.source.ipBlocks.0"]);
  assert.deepEqual(src({ remoteIpBlocks: ["10.0.0.0/33"] }), ["error spec.rules.0.from.0.source.remoteIpBlocks.0"]);
  assert.deepEqual(src({ notIpBlocks: ["example.com"] }), ["error spec.rules.0.from.0.source.notIpBlocks.0"]);
  assert.deepEqual(src({ ipBlocks: ["1.2.3.4", "fe80::1%eth0", "2001:db8::/129"] }), ["error spec.rules.0.from.0.source.ipBlocks.2"]);
  for (const ok of ["0.0.0.0/0", "1:2:3:4:5:6:7:8", "::", "::/0", "1::", "::ffff:10.0.0.1"]) assert.equal(ipOrCidrError(ok), undefined, ok);
  for (const bad of ["01.2.3.4", "1.2.3", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "10.0.0.0/08", "10.0.0.0/", "fe80::1%eth0/64", ""]) assert.ok(ipOrCidrError(bad), bad);
});

test("AuthorizationPolicy: ports, service accounts and path templates", () => {
  assert.deepEqual(op({ ports: ["http"] }), ["error spec.rules.0.to.0.operation.ports.0"]);
  assert.deepEqual(op({ notPorts: ["70000"] }), ["error spec.rules.0.to.0.operation.notPorts.0"]);
  assert.deepEqual(src({ serviceAccounts: ["a/b/c"] }), ["error spec.rules.0.from.0.source.serviceAccounts.0"]);
  assert.deepEqual(src({ notServiceAccounts: ["ns/*"] }), ["error spec.rules.0.from.0.source.notServiceAccounts.0"]);
  assert.deepEqual(src({ serviceAccounts: ["/sa"] }), ["error spec.rules.0.from.0.source.serviceAccounts.0"]);
  assert.deepEqual(op({ paths: ["/a/{**}/b/{*}"] }), ["error spec.rules.0.to.0.operation.paths.0"]);
  assert.deepEqual(op({ paths: ["/a/{id}"] }), ["error spec.rules.0.to.0.operation.paths.0"]);
  assert.deepEqual(op({ notPaths: ["/a/x{*}"] }), ["error spec.rules.0.to.0.operation.notPaths.0"]);
  assert.deepEqual(op({ paths: ["/a b/{*}"] }), ["error spec.rules.0.to.0.operation.paths.0"]);
  assert.deepEqual(op({ paths: ["/a/{*}/{**}", "/x*", "*/y", "/a b"] }), []);
});

test("AuthorizationPolicy: when conditions", () => {
  assert.deepEqual(when({ key: "", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "source.ip" }), ["error spec.rules.0.when.0"]);
  assert.deepEqual(when({ key: "source.ip", values: [] }), ["error spec.rules.0.when.0"]);
  assert.deepEqual(when({ key: "request.header[x]", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "request.headers", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "request.headers[]", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "destination.namespace", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "destination.labels[app]", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "destination.user", values: ["a"] }), ["error spec.rules.0.when.0.key"]);
  assert.deepEqual(when({ key: "remote.ip", values: ["1.2.3.4", "nope"] }), ["error spec.rules.0.when.0.values.1"]);
  assert.deepEqual(when({ key: "destination.port", notValues: ["x"] }), ["error spec.rules.0.when.0.notValues.0"]);
  assert.deepEqual(when({ key: "source.serviceAccount", values: ["a/b/c"] }), ["error spec.rules.0.when.0.values.0"]);
  assert.deepEqual(when({ key: "connection.sni", values: [""] }), ["error spec.rules.0.when.0.values.0"]);
  assert.deepEqual(when({ key: "experimental.envoy.filters.a[b]", values: ["x"] }), []);
  assert.deepEqual(when({ key: "request.experimental.inline.headers[x]", values: ["x"] }), []);
});

test("AuthorizationPolicy: a DENY rule with only HTTP attributes warns about TCP traffic", () => {
  assert.deepEqual(op({ methods: ["POST"] }, { action: "DENY" }), ["warning spec.rules.0"]);
  assert.deepEqual(src({ requestPrincipals: ["*"] }, { action: "DENY" }), ["warning spec.rules.0"]);
  assert.deepEqual(op({ methods: ["POST"] }, { action: "ALLOW" }), []);
  assert.deepEqual(one({ from: [{ source: { namespaces: ["x"] } }], to: [{ operation: { paths: ["/a"] } }] }, { action: "DENY" }), ["warning spec.rules.0"]);
});

test("AuthorizationPolicy: never throws on odd input", () => {
  assert.doesNotThrow(() => rule(null, ctx));
  assert.doesNotThrow(() => rule({ rules: [{ from: [null], to: [null], when: [null] }] }, ctx));
});
