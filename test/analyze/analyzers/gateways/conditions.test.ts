import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/conditions.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const yaml = (status: string, routeStatus: string) => `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec: {ports: [{port: 80}]}
status:
  conditions: ${status}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: shop}
spec: {parentRefs: [{name: gw}]}
status:
  parents:
  - parentRef: {name: gw}
    controllerName: istio.io/gateway-controller
    conditions: ${routeStatus}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: partial, namespace: shop}
spec: {action: ALLOW}
status:
  conditions: [{type: WaypointAccepted, status: "True", reason: PartiallyInvalid, message: some refs are invalid}]
`;

test("finds negative conditions of the types Istio writes", async () => {
  const r = await runAnalyzer(analyzer, yaml("[{type: istio.io/WaypointBound, status: 'False', reason: NoWaypoint, message: not ready}]", "[{type: ResolvedRefs, status: 'False', reason: BackendNotFound, message: missing}]"));
  assert.deepEqual(r.found, ["IST0171 AuthorizationPolicy shop/partial", "IST0171 HTTPRoute shop/reviews", "IST0171 Service shop/reviews"]);
  assert.equal(r.messages[2]!.message, "A condition with a negative status is present: type=istio.io/WaypointBound, reason=NoWaypoint, message=not ready.");
});

test("stays quiet for positive or unrelated conditions", async () => {
  const r = await runAnalyzer(analyzer, yaml("[{type: istio.io/WaypointBound, status: 'True'}, {type: Other, status: 'False'}]", "[{type: Accepted, status: 'True'}]"));
  assert.deepEqual(r.found, ["IST0171 AuthorizationPolicy shop/partial"]);
  const quiet = await runAnalyzer(analyzer, "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {ports: [{port: 80}]}\n");
  assert.deepEqual(quiet.found, []);
});
