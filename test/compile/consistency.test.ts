/** The reference check run on every compile. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkConsistency } from "../../src/compile/consistency.js";
import type { ProxyIR } from "../../src/compile/ir.js";

function ir(over: Partial<ProxyIR>): ProxyIR {
  return { proxy: { id: "a.b", namespace: "b", ips: ["10.0.0.1"], type: "sidecar" }, listeners: [], routeConfigs: [], clusters: [], endpoints: [], secrets: [], ...over };
}

test("a consistent IR has no problems", () => {
  assert.deepEqual(checkConsistency(ir({ clusters: [{ name: "c", discovery: "EDS", connectTimeout: "1s", lbPolicy: "ROUND_ROBIN" }], endpoints: [{ clusterName: "c", groups: [] }], secrets: ["default", "ROOTCA", "kubernetes://cred"] })), []);
});

test("dangling references: RDS name, cluster of a route / TCP proxy / mirror, EDS load assignment, SDS secret", () => {
  const problems = checkConsistency(
    ir({
      listeners: [
        {
          name: "0.0.0.0_80",
          address: "0.0.0.0",
          port: 80,
          direction: "outbound",
          bindToPort: false,
          listenerFilters: [],
          chains: [
            { name: "", match: {}, terminal: { kind: "http", direction: "outbound", statPrefix: "s", rds: "80" } },
            { name: "", match: { destinationPort: 1 }, terminal: { kind: "tcp", statPrefix: "s", cluster: "gone-tcp" } },
          ],
        },
      ],
      routeConfigs: [{ name: "8080", virtualHosts: [{ name: "v", domains: ["*"], routes: [{ name: "r", match: { path: { prefix: "/" }, caseSensitive: true }, action: { kind: "forward", clusters: [{ name: "gone-http", weight: 100 }], timeout: "0s", mirrors: [{ cluster: "gone-mirror", percent: 5 }] } }] }] }],
      clusters: [{ name: "eds", discovery: "EDS", connectTimeout: "1s", lbPolicy: "ROUND_ROBIN" }],
      secrets: ["vault://x"],
    }),
  );
  assert.deepEqual(
    problems.map((p) => [p.kind, p.name, p.referencedBy]),
    [
      ["missing-route-config", "80", "listener 0.0.0.0_80"],
      ["missing-cluster", "gone-tcp", "listener 0.0.0.0_80"],
      ["missing-cluster", "gone-http", "route configuration 8080"],
      ["missing-cluster", "gone-mirror", "route configuration 8080"],
      ["missing-load-assignment", "eds", "cluster eds"],
      ["unservable-secret", "vault://x", "SDS"],
    ],
  );
});
