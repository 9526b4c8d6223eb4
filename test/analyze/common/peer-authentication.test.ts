import { test } from "node:test";
import assert from "node:assert/strict";
import { effectiveMtls, namespaceMtls } from "../../../src/analyze/common/peer-authentication.js";
import { tlsFor } from "../../../src/analyze/common/destination-rule-tls.js";
import { buildModel } from "../../../src/model/mesh-model.js";
import { parseSourceText } from "../../../src/sources/documents.js";

const model = (yaml: string) => buildModel(parseSourceText("t.yaml", yaml, { ignoreUnknown: true }).resources);
const pa = (name: string, ns: string, body: string, created = "") => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}${created ? `, creationTimestamp: "${created}"` : ""}}
spec:
${body}
---
`;

test("PeerAuthentication precedence: port > workload > namespace > mesh, UNSET inherits, oldest wins", () => {
  const m = model(
    pa("mesh", "istio-system", "  mtls: {mode: STRICT}") +
      pa("ns", "shop", "  mtls: {mode: UNSET}") +
      pa("new", "shop", "  selector: {matchLabels: {app: a}}\n  mtls: {mode: DISABLE}", "2025-01-01T00:00:00Z") +
      pa("old", "shop", "  selector: {matchLabels: {app: a}}\n  mtls: {mode: PERMISSIVE}\n  portLevelMtls:\n    8080: {mode: DISABLE}", "2024-01-01T00:00:00Z"),
  );
  assert.deepEqual([namespaceMtls(m, "shop").mode, namespaceMtls(m, "shop").level], ["STRICT", "mesh"]);
  assert.equal(effectiveMtls(m, "shop", { app: "a" }).policy?.name, "old");
  assert.equal(effectiveMtls(m, "shop", { app: "a" }, 8080).mode, "DISABLE");
  assert.equal(effectiveMtls(m, "shop", { app: "a" }, 9090).mode, "PERMISSIVE");
  assert.equal(effectiveMtls(m, "shop", { app: "b" }).mode, "STRICT");
  assert.equal(effectiveMtls(m, "other", {}).level, "mesh");
  assert.deepEqual(namespaceMtls(model(""), "x"), { mode: "PERMISSIVE", level: "default" });
});

test("DestinationRule TLS per port and subset: a port entry replaces, a subset overrides", () => {
  const m = model(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r, namespace: shop}
spec:
  host: r
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings:
    - port: {number: 80}
      tls: {mode: DISABLE}
    - port: {number: 81}
      connectionPool: {tcp: {maxConnections: 1}}
  subsets:
  - name: v1
    trafficPolicy: {tls: {mode: SIMPLE}}
`);
  const dr = m.list("DestinationRule")[0]!;
  assert.equal(tlsFor(dr, 80).mode, "DISABLE");
  assert.equal(tlsFor(dr, 81).mode, undefined); // a port entry without tls means none
  assert.equal(tlsFor(dr, 82).mode, "ISTIO_MUTUAL");
  assert.deepEqual(tlsFor(dr, 82, "v1"), { mode: "SIMPLE", path: ["spec", "subsets", 0, "trafficPolicy", "tls", "mode"], fromSubset: true });
});
