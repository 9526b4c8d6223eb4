import { test } from "node:test";
import assert from "node:assert/strict";
import { rule } from "../../../src/validate/semantic/peer-authentication.js";

const ctx = { namespace: "default", name: "pa" };
const brief = (spec: object) => rule(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);

test("PeerAuthentication: a sound policy has no issues", () => {
  assert.deepEqual(brief({ mtls: { mode: "STRICT" } }), []);
  assert.deepEqual(brief({ selector: { matchLabels: { app: "a" } }, portLevelMtls: { "8080": { mode: "DISABLE" } } }), []);
});

test("PeerAuthentication: a selector without labels is a warning", () => {
  assert.deepEqual(brief({ selector: {}, mtls: { mode: "STRICT" } }), ["warning spec.selector"]);
  assert.deepEqual(brief({ selector: { matchLabels: {} }, mtls: { mode: "STRICT" } }), ["warning spec.selector"]);
});

test("PeerAuthentication: a policy that sets no mode is a warning", () => {
  assert.deepEqual(brief({}), ["warning spec"]);
  assert.deepEqual(brief({ mtls: { mode: "UNSET" } }), ["warning spec"]);
  assert.deepEqual(brief({ mtls: {} }), ["warning spec"]);
});

test("PeerAuthentication: never throws on odd input", () => {
  assert.doesNotThrow(() => rule(null, ctx));
  assert.doesNotThrow(() => rule({ selector: null, portLevelMtls: "x" }, ctx));
});
