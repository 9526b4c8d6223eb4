import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/gateways/certificate.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const gw = (name: string, selector: string, tls: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: edge
spec:
  selector: ${selector}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: ${tls}
---
`;

test("finds Gateways on the same workloads sharing a credentialName (not the one with extra selector labels)", async () => {
  const yaml =
    gw("a", "{istio: ingressgateway}", "{mode: SIMPLE, credentialName: shared}") +
    gw("b", "{istio: ingressgateway}", "{mode: SIMPLE, credentialName: shared}") +
    gw("c", "{istio: ingressgateway, extra: x}", "{mode: SIMPLE, credentialName: shared}");
  const r = await runAnalyzer(analyzer, yaml);
  // a and b each pair with the other and with c (whose selector includes theirs); c itself is not reported.
  assert.deepEqual(r.found, ["IST0138 Gateway edge/a", "IST0138 Gateway edge/a", "IST0138 Gateway edge/b", "IST0138 Gateway edge/b"]);
  const a = r.messages.filter((m) => m.resource!.name === "a").map((m) => m.message);
  assert.deepEqual(a, [
    "Duplicate certificate in multiple gateways [edge/a edge/b] may cause 404s if clients re-use HTTP2 connections.",
    "Duplicate certificate in multiple gateways [edge/a edge/c] may cause 404s if clients re-use HTTP2 connections.",
  ]);
  assert.equal(r.messages[0]!.origin!.line, 4); // metadata.name
});

test("finds file certificates shared without credentialName", async () => {
  const tls = "{mode: SIMPLE, serverCertificate: /etc/cert.pem, privateKey: /etc/key.pem}";
  const r = await runAnalyzer(analyzer, gw("a", "{app: gw}", tls) + gw("b", "{app: gw}", tls));
  assert.deepEqual(r.found, ["IST0138 Gateway edge/a", "IST0138 Gateway edge/b"]);
});

test("stays quiet with different credentials or one side without a credentialName", async () => {
  const yaml =
    gw("a", "{istio: ingressgateway}", "{mode: SIMPLE, credentialName: one}") +
    gw("b", "{istio: ingressgateway}", "{mode: SIMPLE, credentialName: two}") +
    gw("c", "{istio: ingressgateway}", "{mode: SIMPLE, serverCertificate: /etc/cert.pem, privateKey: /etc/key.pem}");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});
