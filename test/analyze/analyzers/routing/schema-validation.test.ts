import { test } from "node:test";
import assert from "node:assert/strict";
import { SCHEMA_ANALYZERS, SCHEMA_KINDS } from "../../../../src/analyze/analyzers/routing/schema-validation.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const byKind = (kind: string) => SCHEMA_ANALYZERS.find((a) => a.meta.name === `schema.ValidationAnalyzer.${kind}`)!;

test("one analyzer per Istio kind, named as istioctl lists them", () => {
  assert.equal(SCHEMA_ANALYZERS.length, 17);
  assert.deepEqual(
    SCHEMA_ANALYZERS.map((a) => a.meta.name),
    SCHEMA_KINDS.map((k) => `schema.ValidationAnalyzer.${k}`),
  );
});

test("finds schema errors as IST0106", async () => {
  const r = await runAnalyzer(
    byKind("VirtualService"),
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bad
  namespace: blog
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
      weight: -5
`,
  );
  assert.deepEqual(r.found, ["IST0106 VirtualService blog/bad"]);
  assert.match(r.messages[0]!.message, /^Schema validation error: .*weight/);
  assert.equal(r.messages[0]!.origin!.line, 1);
});

test("finds unreachable rules (IST0130) and ineffective matches (IST0131) with their arguments", async () => {
  const r = await runAnalyzer(
    byKind("VirtualService"),
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: dup
  namespace: blog
spec:
  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: reviews}
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: ratings}
`,
  );
  assert.deepEqual(r.found, ["IST0130 VirtualService blog/dup", "IST0131 VirtualService blog/dup"]);
  assert.equal(r.messages[0]!.message, "VirtualService rule #1 not used (all matches used by prior rules).");
  assert.equal(r.messages[1]!.message, "VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).");
});

test("stays quiet for valid resources, other kinds, and the unvalidated mesh objects", async () => {
  const yaml = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: blog
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;
  assert.deepEqual((await runAnalyzer(byKind("DestinationRule"), yaml)).found, []);
  assert.deepEqual((await runAnalyzer(byKind("VirtualService"), yaml)).found, []);
  assert.deepEqual((await runAnalyzer(byKind("MeshConfig"), yaml)).found, []);
});
