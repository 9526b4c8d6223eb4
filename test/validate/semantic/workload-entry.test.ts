import { test } from "node:test";
import assert from "node:assert/strict";
import { rule as workloadEntry } from "../../../src/validate/semantic/workload-entry.js";
import { rule as workloadGroup } from "../../../src/validate/semantic/workload-group.js";

const ctx = { namespace: "default", name: "w" };
const we = (spec: unknown) => workloadEntry(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);
const wg = (spec: unknown) => workloadGroup(spec, ctx).map((i) => `${i.level} ${i.path.join(".")}`);

test("WorkloadEntry: sound entries have no issues", () => {
  assert.deepEqual(we({ address: "10.0.0.1", ports: { http: 8080 }, labels: { app: "vm" } }), []);
  assert.deepEqual(we({ address: "vm1.example.com" }), []);
  assert.deepEqual(we({ address: "2001:db8::1" }), []);
});

test("WorkloadEntry: address, unix sockets, ports and labels", () => {
  assert.deepEqual(we({}), ["error spec.address"]);
  assert.deepEqual(we({ network: "n1" }), ["warning spec.address"]);
  assert.deepEqual(we({ address: "not an address" }), ["error spec.address"]);
  assert.deepEqual(we({ address: "unix://rel" }), ["error spec.address"]);
  assert.deepEqual(we({ address: "unix:///s", ports: { a: 1 } }), ["error spec.ports"]);
  assert.deepEqual(we({ address: "10.0.0.1", ports: { Bad_Name: 1, ok: 0 } }), ["error spec.ports.Bad_Name", "error spec.ports.ok"]);
  assert.deepEqual(we({ address: "10.0.0.1", labels: { app: "no spaces" } }), ["error spec.labels"]);
});

test("WorkloadGroup: labels and probe", () => {
  assert.deepEqual(wg({ template: {}, metadata: { labels: { app: "vm" } }, probe: { httpGet: { port: 80, httpHeaders: [{ name: "x-a" }] } } }), []);
  assert.deepEqual(wg({ template: {}, metadata: { labels: { "-bad": "x" } } }), ["error spec.metadata.labels"]);
  assert.deepEqual(wg({ template: {}, probe: { periodSeconds: 5 } }), ["error spec.probe"]);
  assert.deepEqual(wg({ template: {}, probe: { exec: { command: [] } } }), ["error spec.probe.exec.command"]);
  assert.deepEqual(wg({ template: {}, probe: { httpGet: { port: 80, httpHeaders: [{ name: "" }] } } }), ["error spec.probe.httpGet.httpHeaders.0.name"]);
});
