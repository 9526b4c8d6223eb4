import { test } from "node:test";
import assert from "node:assert/strict";
import { PeerAuthentication, PeerAuthenticationSpec } from "../../../../src/validate/schemas/istio/security/peer-authentication.js";
import { harness, ids } from "./harness.js";

const h = harness(PeerAuthenticationSpec);

test("PeerAuthentication: definition names its kind", () => {
  assert.equal(PeerAuthentication.kind, "PeerAuthentication");
  assert.equal(PeerAuthentication.spec, PeerAuthenticationSpec);
});

test("PeerAuthentication: valid specs pass", () => {
  for (const spec of [
    {},
    { mtls: { mode: "STRICT" } },
    { selector: { matchLabels: { app: "reviews" } }, mtls: { mode: "PERMISSIVE" }, portLevelMtls: { "8080": { mode: "DISABLE" }, "9090": {} } },
  ]) {
    assert.deepEqual(h.errors(spec), [], JSON.stringify(spec));
    assert.deepEqual(h.checks(spec), [], JSON.stringify(spec));
  }
});

test("PeerAuthentication: unknown fields, wrong types and bad enums are rejected", () => {
  assert.deepEqual(h.errors({ mtls: { mode: "STRICT", extra: 1 } }), ["/mtls additionalProperties"]);
  assert.deepEqual(h.errors({ mode: "STRICT" }), [" additionalProperties"]);
  assert.deepEqual(h.errors({ mtls: { mode: "strict" } }), ["/mtls/mode enum"]);
  assert.deepEqual(h.errors({ mtls: "STRICT" }), ["/mtls type"]);
  assert.deepEqual(h.errors({ selector: { matchLabels: { app: 3 } } }), ["/selector/matchLabels/app type"]);
  assert.deepEqual(h.errors({ selector: { matchLabels: { app: "x".repeat(64) } } }), ["/selector/matchLabels/app maxLength"]);
  assert.deepEqual(h.errors({ selector: { matchLabels: { a: "b" } }, portLevelMtls: {} }), ["/portLevelMtls minProperties"]);
  assert.deepEqual(h.errors({ portLevelMtls: { "80": { mode: "ON" } } }), ["/portLevelMtls/80/mode enum"]);
});

test("PeerAuthentication: checks are attached where the CRD puts its rules", () => {
  assert.deepEqual(h.idsAt(""), ["port-level-mtls-needs-selector"]);
  assert.deepEqual(h.idsAt("portLevelMtls"), ["port-key-range"]);
  assert.deepEqual(h.idsAt("selector.matchLabels"), ["no-wildcard-keys", "no-empty-keys"]);
  assert.deepEqual(h.idsAt("selector.matchLabels.{}"), ["no-wildcard"]);
});

test("PeerAuthentication check port-level-mtls-needs-selector", () => {
  assert.deepEqual(ids(h.checks({ portLevelMtls: { "80": { mode: "STRICT" } } })), ["port-level-mtls-needs-selector"]);
  assert.deepEqual(ids(h.checks({ selector: {}, portLevelMtls: { "80": { mode: "STRICT" } } })), ["port-level-mtls-needs-selector"]);
  assert.deepEqual(ids(h.checks({ selector: { matchLabels: {} }, portLevelMtls: { "80": {} } })), ["port-level-mtls-needs-selector"]);
  assert.equal(h.checks({ portLevelMtls: { "80": {} } })[0]!.path, "portLevelMtls");
  assert.deepEqual(h.checks({ selector: { matchLabels: { app: "a" } }, portLevelMtls: { "80": {} } }), []);
});

test("PeerAuthentication check port-key-range", () => {
  const sel = { matchLabels: { app: "a" } };
  const found = h.checks({ selector: sel, portLevelMtls: { "0": {}, "65536": {}, http: {}, "443": {} } });
  assert.deepEqual(ids(found), ["port-key-range", "port-key-range", "port-key-range"]);
  assert.deepEqual(found.map((f) => f.path).sort(), ["portLevelMtls.0", "portLevelMtls.65536", "portLevelMtls.http"]);
  assert.deepEqual(h.checks({ selector: sel, portLevelMtls: { "1": {}, "65535": {} } }), []);
});

test("PeerAuthentication: selector label checks (shared ids)", () => {
  assert.deepEqual(ids(h.checks({ selector: { matchLabels: { "app*": "x" } } })), ["no-wildcard-keys"]);
  assert.deepEqual(ids(h.checks({ selector: { matchLabels: { app: "rev*" } } })), ["no-wildcard"]);
  assert.deepEqual(ids(h.checks({ selector: { matchLabels: { "": "x" } } })), ["no-empty-keys"]);
});
