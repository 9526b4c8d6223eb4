import { test } from "node:test";
import assert from "node:assert/strict";
import { labelSelectorMatches } from "../../../src/analyze/common/label-selector.js";

test("label selectors: matchLabels and every matchExpressions operator", () => {
  const labels = { app: "web", tier: "front" };
  assert.ok(labelSelectorMatches(undefined, labels));
  assert.ok(labelSelectorMatches({}, labels));
  assert.ok(labelSelectorMatches({ matchLabels: { app: "web" } }, labels));
  assert.ok(!labelSelectorMatches({ matchLabels: { app: "api" } }, labels));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] }, labels));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, labels));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: "tier", operator: "Exists" }] }, labels));
  assert.ok(!labelSelectorMatches({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, labels));
  assert.ok(!labelSelectorMatches({ matchExpressions: [{ key: "app", operator: "In", values: [] }] }, labels), "malformed selects nothing");
  assert.ok(!labelSelectorMatches({ matchExpressions: [{ key: "app", operator: "Bogus" }] }, labels));
});
