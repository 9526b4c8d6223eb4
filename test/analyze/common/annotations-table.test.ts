/** Our annotation catalog against Istio's own (../shared/reference/istio-annotations.yaml), field by field. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { ISTIO_ANNOTATIONS, isIstioAnnotation, lookupAnnotation } from "../../../src/analyze/common/annotations-table.js";
import { HAS_SHARED, sharedPath, skipNotice } from "../../helpers/shared.js";

interface Reference {
  annotations: { name: string; featureStatus?: string; deprecated?: boolean; hidden?: boolean; resources: string[] }[];
}

test("the annotation table matches Istio's catalog", (t) => {
  if (!HAS_SHARED) {
    t.diagnostic(skipNotice("annotation table cross-check"));
    return;
  }
  const ref = load(readFileSync(sharedPath("reference", "istio-annotations.yaml"), "utf8")) as Reference;
  assert.equal(ISTIO_ANNOTATIONS.length, ref.annotations.length);
  for (const a of ref.annotations) {
    const ours = lookupAnnotation(a.name);
    assert.ok(ours, `missing ${a.name}`);
    assert.equal(ours.status, a.featureStatus ?? "Alpha", `${a.name} feature status`);
    assert.equal(ours.deprecated ?? false, a.deprecated ?? false, `${a.name} deprecated`);
    assert.equal(ours.hidden ?? false, a.hidden ?? false, `${a.name} hidden`);
    assert.deepEqual(ours.resources, a.resources, `${a.name} resources`);
  }
});

test("Istio annotations are those in an istio.io prefix, plus kubernetes.io/ingress.class", () => {
  assert.ok(isIstioAnnotation("sidecar.istio.io/inject"));
  assert.ok(isIstioAnnotation("istio.io/rev"));
  assert.ok(isIstioAnnotation("kubernetes.io/ingress.class"));
  assert.ok(!isIstioAnnotation("kubernetes.io/psp"));
  assert.ok(!isIstioAnnotation("helm.sh/hook"));
  assert.ok(!isIstioAnnotation("istio.io.example.com/x"));
});
