import { test } from "node:test";
import assert from "node:assert/strict";
import { hostRouteConfigName, inboundClusterName, listenerName, outboundClusterName, parseClusterName, parseListenerName, parseRouteConfigName, parseSniName, sniName } from "../../src/compile/names.js";

test("cluster names build and parse", () => {
  const n = outboundClusterName(9080, "v1", "reviews.default.svc.cluster.local");
  assert.equal(n, "outbound|9080|v1|reviews.default.svc.cluster.local");
  assert.deepEqual(parseClusterName(n), { direction: "outbound", port: 9080, subset: "v1", host: "reviews.default.svc.cluster.local" });
  assert.equal(inboundClusterName(80), "inbound|80||");
  assert.deepEqual(parseClusterName("inbound|80||"), { direction: "inbound", port: 80, subset: "", host: "" });
  assert.equal(parseClusterName("PassthroughCluster"), undefined);
});

test("SNI, listener and route config names round-trip", () => {
  const s = sniName(9080, undefined, "reviews.default.svc.cluster.local");
  assert.equal(s, "outbound_.9080_._.reviews.default.svc.cluster.local");
  assert.deepEqual(parseSniName(s), { port: 9080, subset: "", host: "reviews.default.svc.cluster.local" });
  assert.deepEqual(parseListenerName(listenerName("10.0.0.1", 53)), { bind: "10.0.0.1", port: 53 });
  assert.deepEqual(parseRouteConfigName("9080"), { port: 9080 });
  assert.deepEqual(parseRouteConfigName(hostRouteConfigName("a.b.svc.cluster.local", 81)), { port: 81, host: "a.b.svc.cluster.local" });
});
