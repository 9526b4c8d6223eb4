import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/destination-rule.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: blog
spec:
  host: reviews.blog.svc.cluster.local
  subsets:
  - name: v1
    labels: {version: v1}
---
`;

const vs = (subset: string, mirrorSubset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: blog
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
    mirror:
      host: reviews.blog.svc.cluster.local
      subset: ${mirrorSubset}
`;

test("finds route and mirror subsets no DestinationRule defines", async () => {
  const r = await runAnalyzer(analyzer, dr + vs("v2", "v3"));
  assert.deepEqual(r.found, ["IST0101 VirtualService blog/reviews", "IST0101 VirtualService blog/reviews"]);
  assert.deepEqual(r.messages.map((m) => m.message).sort(), ['Referenced host+subset in destinationrule not found: "reviews+v2"', 'Referenced mirror+subset in destinationrule not found: "reviews.blog.svc.cluster.local+v3"']);
});

test("stays quiet when the subsets exist (short and FQDN hosts)", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, dr + vs("v1", "v1"))).found, []);
});
