import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { compileForTest } from "../../../../src/validate/ajv-options.js";
import { collectCheckSites, runChecks } from "../../../../src/validate/check-paths.js";
import { ServiceEntrySpec } from "../../../../src/validate/schemas/istio/networking/service-entry.js";
import { WorkloadEntrySpec } from "../../../../src/validate/schemas/istio/networking/workload-entry.js";
import { WorkloadGroupSpec } from "../../../../src/validate/schemas/istio/networking/workload-group.js";

function harness(schema: object) {
  const validate = compileForTest(schema);
  const sites = collectCheckSites(schema);
  return {
    accepts: (spec: unknown) => assert.equal(validate(spec), true, JSON.stringify(validate.errors)),
    rejects: (spec: unknown, keyword: string) => {
      assert.equal(validate(spec), false);
      assert.ok(validate.errors!.some((e) => e.keyword === keyword), JSON.stringify(validate.errors));
    },
    checks: (spec: unknown) => runChecks(sites, spec).map((f) => f.path.join(".")),
  };
}

const se = harness(ServiceEntrySpec);
const entry = parse(`
hosts: [api.example.com]
addresses: [192.0.2.10]
location: MESH_EXTERNAL
resolution: STATIC
ports: [{number: 443, name: https, protocol: TLS}, {number: 80, name: http, targetPort: 8080}]
endpoints:
- address: 192.0.2.11
  ports: {https: 8443}
  labels: {zone: a}
  weight: 2
- address: unix:///var/run/api.sock
exportTo: ["*"]
`);

test("ServiceEntry schema: accepts a typical entry; rejects unknown fields, bad enums, wrong types, missing hosts", () => {
  se.accepts(entry);
  se.rejects({ ...entry, bad: 1 }, "additionalProperties");
  se.rejects({ hosts: ["a.example"], resolution: "MAGIC" }, "enum");
  se.rejects({ hosts: "a.example" }, "type");
  se.rejects({ ports: [] }, "required");
  se.rejects({ hosts: [] }, "minItems");
  se.rejects({ hosts: ["a.example"], ports: [{ number: 80 }] }, "required");
  se.rejects({ hosts: ["a.example"], addresses: ["x".repeat(65)] }, "maxLength");
});

test("ServiceEntry schema: the CRD's rules run where the CRD puts them", () => {
  assert.deepEqual(se.checks(entry), []);
  assert.deepEqual(se.checks({ hosts: ["*"] }), ["hosts.0"]);
  assert.deepEqual(se.checks({ hosts: ["a"], workloadSelector: { labels: { app: "a" } }, endpoints: [], resolution: "STATIC" }), [""]);
  assert.deepEqual(se.checks({ hosts: ["a"], addresses: ["10.0.0.0/8"], resolution: "DNS" }), [""]);
  assert.deepEqual(se.checks({ hosts: ["a"], addresses: ["10.0.0.0/8"] }), []);
  assert.deepEqual(se.checks({ hosts: ["a"], endpoints: [{ address: "1.1.1.1" }] }), [""]);
  assert.deepEqual(se.checks({ hosts: ["a"], resolution: "DNS_ROUND_ROBIN", endpoints: [{ address: "a.b" }, { address: "c.d" }] }), [""]);
  assert.deepEqual(se.checks({ hosts: ["a"], resolution: "DNS_ROUND_ROBIN", endpoints: [{ address: "a.b" }] }), []);
  assert.deepEqual(se.checks({ hosts: ["a"], ports: [{ number: 80, name: "a" }, { number: 80, name: "b" }] }), ["ports.1.number"]);
  assert.deepEqual(se.checks({ hosts: ["a"], ports: [{ number: 0, name: "a", targetPort: 70000 }] }).sort(), ["ports.0.number", "ports.0.targetPort"]);
  assert.deepEqual(se.checks({ hosts: ["a"], workloadSelector: { labels: { app: "*" } } }), ["workloadSelector.labels.app"]);
});

const we = harness(WorkloadEntrySpec);

test("WorkloadEntry schema: accepts an entry; rejects unknown fields, wrong types, long names", () => {
  we.accepts({ address: "10.0.0.1", ports: { http: 8080 }, labels: { app: "vm" }, serviceAccount: "sa", network: "n1", locality: "r/z", weight: 1 });
  we.rejects({ address: "10.0.0.1", adress: "x" }, "additionalProperties");
  we.rejects({ address: "10.0.0.1", weight: -1 }, "minimum");
  we.rejects({ address: 10 }, "type");
  we.rejects({ address: "a", serviceAccount: "s".repeat(254) }, "maxLength");
});

test("WorkloadEntry schema: address, unix socket and port rules", () => {
  assert.deepEqual(we.checks({ address: "10.0.0.1", ports: { http: 80 } }), []);
  assert.deepEqual(we.checks({ network: "n1" }), []);
  assert.deepEqual(we.checks({ labels: { a: "b" } }), [""]);
  assert.deepEqual(we.checks({ address: "unix:///sock", ports: { http: 80 } }), ["ports"]);
  assert.deepEqual(we.checks({ address: "unix://relative" }), ["address"]);
  assert.deepEqual(we.checks({ address: "unix://@abstract" }), []);
  assert.deepEqual(we.checks({ address: "unix:///dir/" }), ["address"]);
  assert.deepEqual(we.checks({ address: "1.1.1.1", ports: { "-bad": 80, ok: 0 } }).sort(), ["ports.-bad", "ports.ok"]);
});

const wg = harness(WorkloadGroupSpec);
const group = parse(`
metadata: {labels: {app: vm}, annotations: {a: b}}
template: {serviceAccount: sa, ports: {http: 8080}}
probe:
  initialDelaySeconds: 5
  httpGet: {path: /ready, port: 8080, scheme: HTTPS, httpHeaders: [{name: x-probe, value: "1"}]}
`);

test("WorkloadGroup schema: accepts a group; rejects unknown fields, missing template, two probe methods, bad header names", () => {
  wg.accepts(group);
  wg.rejects({ ...group, bad: 1 }, "additionalProperties");
  wg.rejects({ probe: {} }, "required");
  wg.rejects({ template: {}, probe: { httpGet: { port: 80 }, tcpSocket: { port: 80 } } }, "oneOf");
  wg.rejects({ template: {}, probe: { httpGet: { port: 80, httpHeaders: [{ name: "bad header" }] } } }, "pattern");
  wg.rejects({ template: {}, probe: { periodSeconds: -1, exec: { command: ["x"] } } }, "minimum");
  wg.rejects({ template: {}, probe: { exec: { command: [""] } } }, "minLength");
});

test("WorkloadGroup schema: probe ports, probe scheme and the template's unix rule", () => {
  assert.deepEqual(wg.checks(group), []);
  assert.deepEqual(wg.checks({ template: {}, probe: { httpGet: { port: 0, scheme: "FTP" } } }).sort(), ["probe.httpGet.port", "probe.httpGet.scheme"]);
  assert.deepEqual(wg.checks({ template: {}, probe: { tcpSocket: { port: 65536 } } }), ["probe.tcpSocket.port"]);
  assert.deepEqual(wg.checks({ template: {}, probe: { grpc: { port: 0 } } }), ["probe.grpc.port"]);
  // the template needs no address (it is filled in per workload)
  assert.deepEqual(wg.checks({ template: { labels: { a: "b" } } }), []);
  assert.deepEqual(wg.checks({ template: { address: "unix:///s", ports: { a: 1 } } }), ["template.ports"]);
});
