import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/service-entry-protocol-addresses.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const se = (name: string, extra: string, ports: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: ext
spec:
  hosts: [${name}.example.com]
${extra}  resolution: DNS
  ports:
${ports}
---
`;

test("finds TCP and protocol-less ports without addresses, one message per named port", async () => {
  const r = await runAnalyzer(analyzer, se("db", "", "  - {number: 5432, name: pg, protocol: tcp}\n  - {number: 5433, name: pg2}\n  - {number: 443, name: https, protocol: HTTPS}"));
  assert.deepEqual(r.found, ["IST0134 ServiceEntry ext/db", "IST0134 ServiceEntry ext/db"]);
  assert.equal(r.messages[0]!.message, "ServiceEntry addresses are required for this protocol.");
});

test("stays quiet with addresses, non-TCP protocols, or auto-allocated addresses", async () => {
  const yaml = se("a", "  addresses: [10.0.0.1]\n", "  - {number: 22, name: ssh, protocol: TCP}") + se("b", "", "  - {number: 443, name: https, protocol: HTTPS}");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
  const meshConfig = { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: "true", ISTIO_META_DNS_AUTO_ALLOCATE: "true" } } };
  assert.deepEqual((await runAnalyzer(analyzer, se("c", "", "  - {number: 22, name: ssh, protocol: TCP}"), { meshConfig })).found, []);
});
