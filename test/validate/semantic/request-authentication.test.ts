import { test } from "node:test";
import assert from "node:assert/strict";
import { inlineJwksError, rule } from "../../../src/validate/semantic/request-authentication.js";

const ctx = { namespace: "default", name: "ra" };
const brief = (spec: object) => rule(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);
const jwt = (r: object) => brief({ jwtRules: [r] });

test("RequestAuthentication: sound policies have no issues", () => {
  assert.deepEqual(brief({}), []);
  assert.deepEqual(jwt({ issuer: "https://issuer", jwksUri: "https://issuer/keys" }), []);
  assert.deepEqual(jwt({ jwksUri: "https://issuer/keys" }), []);
  assert.deepEqual(jwt({ issuer: "i", jwks: '{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}' }), []);
  assert.deepEqual(jwt({ issuer: "i", jwks: '{"kty":"EC"}' }), []);
  assert.deepEqual(brief({ targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "g" }], jwtRules: [{ issuer: "i" }] }), []);
});

test("RequestAuthentication: scope checks", () => {
  assert.deepEqual(brief({ selector: {} }), ["warning spec.selector"]);
  assert.deepEqual(brief({ targetRef: { kind: "Pod", name: "p" } }), ["error spec.targetRef.kind"]);
});

test("RequestAuthentication: issuer (or jwksUri) is required", () => {
  assert.deepEqual(jwt({}), ["error spec.jwtRules.0.issuer"]);
  assert.deepEqual(jwt({ jwks: '{"keys":[]}' }), ["error spec.jwtRules.0.issuer"]);
  assert.deepEqual(jwt({ jwks_uri: "https://a/k" }), []);
  assert.deepEqual(brief({ jwtRules: [null] }), ["error spec.jwtRules.0"]);
});

test("RequestAuthentication: inline jwks must be a key set", () => {
  assert.deepEqual(jwt({ issuer: "i", jwks: "not json" }), ["error spec.jwtRules.0.jwks"]);
  assert.deepEqual(jwt({ issuer: "i", jwks: "[]" }), ["error spec.jwtRules.0.jwks"]);
  assert.deepEqual(jwt({ issuer: "i", jwks: '{"foo":1}' }), ["error spec.jwtRules.0.jwks"]);
  assert.deepEqual(jwt({ issuer: "i", jwks: '{"keys":[{"n":"x"}]}' }), ["error spec.jwtRules.0.jwks"]);
  assert.equal(inlineJwksError('{"keys":[]}'), undefined);
});

test("RequestAuthentication: a jwksUri without a host is a warning", () => {
  assert.deepEqual(jwt({ issuer: "i", jwksUri: "https:///keys" }), ["warning spec.jwtRules.0.jwksUri"]);
  assert.deepEqual(jwt({ issuer: "i", jwks_uri: "http:keys" }), ["warning spec.jwtRules.0.jwks_uri"]);
  assert.deepEqual(jwt({ issuer: "i", jwksUri: "https://user@host:8443/keys" }), []);
});
