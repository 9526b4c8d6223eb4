import { test } from "node:test";
import assert from "node:assert/strict";
import { RequestAuthentication, RequestAuthenticationSpec } from "../../../../src/validate/schemas/istio/security/request-authentication.js";
import { requestUriScheme } from "../../../../src/validate/cel/security.js";
import { harness, ids } from "./harness.js";

const h = harness(RequestAuthenticationSpec);
const rule = (r: object) => ({ jwtRules: [{ issuer: "https://issuer", ...r }] });

test("RequestAuthentication: definition names its kind", () => assert.equal(RequestAuthentication.kind, "RequestAuthentication"));

test("RequestAuthentication: valid specs pass", () => {
  for (const spec of [
    {},
    rule({ jwksUri: "https://issuer/keys", audiences: ["a"], forwardOriginalToken: true, presence: "REQUIRED", timeout: "5s" }),
    rule({ jwks: '{"keys":[]}', fromHeaders: [{ name: "x-jwt", prefix: "Bearer " }], fromParams: ["token"], fromCookies: ["c"] }),
    rule({ jwks_uri: "http://keys.local:8080/jwks", outputPayloadToHeader: "x-payload", outputClaimToHeaders: [{ header: "x-sub", claim: "sub" }], spaceDelimitedClaims: ["scope"] }),
  ]) {
    assert.deepEqual(h.errors(spec), [], JSON.stringify(spec));
    assert.deepEqual(h.checks(spec), [], JSON.stringify(spec));
  }
});

test("RequestAuthentication: unknown fields, wrong types, bad enums and limits are rejected", () => {
  assert.deepEqual(h.errors(rule({ issuers: ["a"] })), ["/jwtRules/0 additionalProperties"]);
  assert.deepEqual(h.errors(rule({ presence: "MUST" })), ["/jwtRules/0/presence enum"]);
  assert.deepEqual(h.errors(rule({ forwardOriginalToken: "yes" })), ["/jwtRules/0/forwardOriginalToken type"]);
  assert.deepEqual(h.errors(rule({ audiences: [""] })), ["/jwtRules/0/audiences/0 minLength"]);
  assert.deepEqual(h.errors(rule({ fromHeaders: [{ prefix: "B" }] })), ["/jwtRules/0/fromHeaders/0 required"]);
  assert.deepEqual(h.errors(rule({ outputClaimToHeaders: [{ header: "x sub", claim: "sub" }] })), ["/jwtRules/0/outputClaimToHeaders/0/header pattern"]);
  assert.deepEqual(h.errors(rule({ outputClaimToHeaders: [{ header: "x" }] })), ["/jwtRules/0/outputClaimToHeaders/0 required"]);
  assert.deepEqual(h.errors(rule({ jwksUri: "h".repeat(2049) })), ["/jwtRules/0/jwksUri maxLength"]);
  assert.deepEqual(h.errors(rule({ spaceDelimitedClaims: Array(65).fill("s") })), ["/jwtRules/0/spaceDelimitedClaims maxItems"]);
  assert.deepEqual(h.errors({ jwtRules: [{ issuer: "" }] }), ["/jwtRules/0/issuer minLength"]);
});

test("RequestAuthentication: checks are attached where the CRD puts its rules", () => {
  assert.deepEqual(h.idsAt(""), ["selector-or-target-refs"]);
  assert.deepEqual(h.idsAt("jwtRules.[]"), ["jwt-rule-single-jwks-source"]);
  assert.deepEqual(h.idsAt("jwtRules.[].jwksUri"), ["jwks-uri-scheme"]);
  assert.deepEqual(h.idsAt("jwtRules.[].jwks_uri"), ["jwks-uri-scheme"]);
  assert.deepEqual(h.idsAt("jwtRules.[].timeout"), ["duration-min-1ms"]);
});

test("RequestAuthentication check jwks-uri-scheme", () => {
  for (const bad of ["ftp://x/keys", "keys.example.com/jwks", "/jwks", "https://bad host/"]) {
    assert.deepEqual(ids(h.checks(rule({ jwksUri: bad }))), ["jwks-uri-scheme"], bad);
  }
  assert.deepEqual(ids(h.checks(rule({ jwks_uri: "file:///k" }))), ["jwks-uri-scheme"]);
  assert.deepEqual(h.checks(rule({ jwksUri: "HTTPS://x.example.com/.well-known/jwks.json?v=1" })), []);
});

test("RequestAuthentication check jwt-rule-single-jwks-source", () => {
  assert.deepEqual(ids(h.checks(rule({ jwks: "{}", jwksUri: "https://a/k" }))), ["jwt-rule-single-jwks-source"]);
  assert.deepEqual(ids(h.checks(rule({ jwks_uri: "https://a/k", jwksUri: "https://a/k" }))), ["jwt-rule-single-jwks-source"]);
  assert.deepEqual(h.checks(rule({ jwksUri: "https://a/k" })), []);
});

test("RequestAuthentication: timeout uses duration-min-1ms", () => {
  assert.deepEqual(ids(h.checks(rule({ timeout: "500us" }))), ["duration-min-1ms"]);
  assert.deepEqual(ids(h.checks(rule({ timeout: "soon" }))), ["duration-min-1ms"]);
  assert.deepEqual(h.checks(rule({ timeout: "1ms" })), []);
});

test("requestUriScheme reads URLs like Go's ParseRequestURI", () => {
  assert.equal(requestUriScheme("https://a.b/c"), "https");
  assert.equal(requestUriScheme("OCI://reg/img:1"), "oci");
  assert.equal(requestUriScheme("/abs/path"), "");
  assert.equal(requestUriScheme("localhost:5000/img"), "localhost");
  assert.equal(requestUriScheme("reg.io/img:1"), undefined);
  assert.equal(requestUriScheme(""), undefined);
  assert.equal(requestUriScheme(":x"), undefined);
  assert.equal(requestUriScheme("http://h:port/"), undefined);
  assert.equal(requestUriScheme("http://[::1]:8080/x"), "http");
  assert.equal(requestUriScheme("http://a\n/"), undefined);
});
