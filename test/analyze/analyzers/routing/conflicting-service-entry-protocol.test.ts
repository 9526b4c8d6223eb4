import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/conflicting-service-entry-protocol.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const se = (ns: string, name: string, protocol: string, exportTo = "") => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts: [api.example.com]
${exportTo}  resolution: DNS
  ports:
  - {number: 8443, name: p, protocol: ${protocol}}
---
`;

test("finds ServiceEntries giving one host and port different protocols", async () => {
  const r = await runAnalyzer(analyzer, se("a", "one", "HTTP") + se("b", "two", "HTTPS", '  exportTo: ["."]\n'));
  assert.deepEqual(r.found, ["IST0177 ServiceEntry a/one", "IST0177 ServiceEntry b/two"]);
  assert.equal(r.messages[0]!.message, 'Multiple ServiceEntries (a/one, b/two) define the same host "api.example.com" and port 8443 with conflicting protocols (HTTP, HTTPS).');
});

test("stays quiet for equal protocols (any case) and for scopes that never meet", async () => {
  assert.deepEqual((await runAnalyzer(analyzer, se("a", "one", "http") + se("b", "two", "HTTP"))).found, []);
  assert.deepEqual((await runAnalyzer(analyzer, se("a", "one", "HTTP", '  exportTo: ["."]\n') + se("b", "two", "TCP", '  exportTo: ["."]\n'))).found, []);
});
