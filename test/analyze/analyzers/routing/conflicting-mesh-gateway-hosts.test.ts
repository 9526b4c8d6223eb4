import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/conflicting-mesh-gateway-hosts.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const vs = (ns: string, name: string, hosts: string[], extra = "") => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]
${extra}  http:
  - route:
    - destination:
        host: reviews
---
`;

test("finds two mesh VirtualServices for one host, short and FQDN forms alike", async () => {
  const r = await runAnalyzer(analyzer, vs("blog", "a", ["reviews"]) + vs("other", "b", ["reviews.blog.svc.cluster.local"], "  gateways: [mesh, ingress]\n"));
  assert.deepEqual(r.found.sort(), ["IST0109 VirtualService blog/a", "IST0109 VirtualService other/b"]);
  assert.equal(
    r.messages[0]!.message,
    "The VirtualServices blog/a,other/b associated with mesh gateway define the same host */reviews.blog.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.",
  );
  assert.equal(r.messages.find((m) => m.resource?.name === "a")!.origin!.line, 4); // metadata.name
});

test("a namespace-local host conflicts with an exported wildcard that covers it", async () => {
  const r = await runAnalyzer(analyzer, vs("foo", "local", ["*.shop.example.com"], "  exportTo: [\".\"]\n") + vs("bar", "wide", ["*.example.com"]));
  assert.deepEqual(r.found.sort(), ["IST0109 VirtualService bar/wide", "IST0109 VirtualService foo/local"]);
});

test("stays quiet for gateway-only VirtualServices, distinct hosts and disjoint exportTo scopes", async () => {
  const yaml =
    vs("blog", "a", ["reviews"]) +
    vs("blog", "gw", ["reviews"], "  gateways: [ingress]\n") +
    vs("blog", "b", ["ratings"]) +
    vs("team1", "c", ["details.team1.svc.cluster.local"], '  exportTo: ["."]\n') +
    vs("team2", "d", ["details.team1.svc.cluster.local"], '  exportTo: ["."]\n');
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
