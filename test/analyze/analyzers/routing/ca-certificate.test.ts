import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/ca-certificate.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const dr = (name: string, tls: string, portTls: string, extra = "") => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: prod
spec:
  host: db.prod.svc.cluster.local
${extra}  trafficPolicy:
    tls: ${tls}
    portLevelSettings:
    - port: {number: 443}
      tls: ${portTls}
---
`;

test("finds TLS origination without caCertificates at rule and port level", async () => {
  const r = await runAnalyzer(analyzer, dr("db", "{mode: MUTUAL}", "{mode: SIMPLE}"));
  assert.deepEqual(r.found, ["IST0128 DestinationRule prod/db", "IST0129 DestinationRule prod/db"]);
  assert.equal(r.messages[1]!.message, "DestinationRule prod/db in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: db.prod.svc.cluster.local at port number:443");
  assert.equal(r.messages[0]!.origin!.line, 1); // caCertificates is absent: document line
});

test("stays quiet with caCertificates, non-originating modes, or a credentialName on a selected rule", async () => {
  const yaml =
    dr("with-ca", "{mode: SIMPLE, caCertificates: /etc/ca.pem}", "{mode: MUTUAL, caCertificates: /etc/ca.pem}") +
    dr("istio", "{mode: ISTIO_MUTUAL}", "{mode: DISABLE}") +
    dr("cred", "{mode: SIMPLE, credentialName: db-ca}", "{mode: SIMPLE, credentialName: db-ca}", "  workloadSelector:\n    matchLabels: {app: client}\n");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
