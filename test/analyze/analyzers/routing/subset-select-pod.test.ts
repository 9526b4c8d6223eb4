import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/subset-select-pod.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const world = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: blog
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1-abc
  namespace: blog
  labels: {app: reviews, version: v1}
spec:
  nodeName: node-a
  containers: [{name: reviews, image: reviews}]
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels: {topology.kubernetes.io/zone: zone-1}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
  namespace: blog
spec:
  selector:
    matchLabels: {app: reviews, version: v2}
  template:
    metadata:
      labels: {app: reviews, version: v2}
    spec:
      containers: [{name: reviews, image: reviews}]
---
`;

const dr = (host: string, subsets: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: blog
spec:
  host: ${host}
  subsets: ${subsets}
`;

test("finds an unknown host and a subset that selects no pod", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, world + dr("ghost", "[]"))).found, ["IST0174 DestinationRule blog/reviews"]);
  const r = await runAnalyzer(analyzer, world + dr("reviews", "[{name: v3, labels: {version: v3}}]"));
  assert.deepEqual(r.found, ["IST0173 DestinationRule blog/reviews"]);
  assert.equal(r.messages[0]!.message, "The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).");
});

test("stays quiet for subsets selecting pods, node topology labels, or a Deployment's pod template", async () => {
  const subsets = "[{name: v1, labels: {version: v1}}, {name: zone, labels: {topology.kubernetes.io/zone: zone-1}}, {name: v2, labels: {version: v2}}]";
  assert.deepEqual((await runAnalyzer(analyzer, world + dr("reviews.blog.svc.cluster.local", subsets))).found, []);
});
