import { test } from "node:test";
import assert from "node:assert/strict";
import { rule } from "../../../src/validate/semantic/service-entry.js";

const brief = (spec: unknown) => rule(spec, { namespace: "default", name: "se" }).map((i) => `${i.level} ${i.path.join(".")}`);
const tls = { number: 443, name: "https", protocol: "TLS" };

test("ServiceEntry: sound entries have no issues", () => {
  assert.deepEqual(brief({ hosts: ["api.example.com"], ports: [tls], resolution: "DNS" }), []);
  assert.deepEqual(brief({ hosts: ["*.example.com"], ports: [tls], addresses: ["10.0.0.0/24"], location: "MESH_EXTERNAL" }), []);
  assert.deepEqual(brief({ hosts: ["db.internal"], ports: [{ number: 5432, name: "pg", protocol: "TCP" }], resolution: "STATIC", endpoints: [{ address: "10.0.0.5", ports: { pg: 6432 } }] }), []);
});

test("ServiceEntry: hosts and addresses", () => {
  assert.deepEqual(brief({ hosts: ["bad host"], ports: [tls] }), ["error spec.hosts.0"]);
  assert.deepEqual(brief({ hosts: ["*foo.example.com"], ports: [tls] }), ["warning spec.hosts.0"]);
  assert.deepEqual(brief({ hosts: ["a.example.com"], addresses: ["300.0.0.1"], ports: [tls] }), ["error spec.addresses.0"]);
  assert.deepEqual(brief({ hosts: ["*.example.com"], ports: [tls], resolution: "DNS" }), ["error spec.hosts.0"]);
});

test("ServiceEntry: ports: unique names, valid names and protocols", () => {
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [tls, { ...tls, number: 8443 }] }), ["error spec.ports.1.name"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [{ number: 80, name: "Http_1", protocol: "HTTP" }] }), ["error spec.ports.0.name"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [{ number: 80, name: "h", protocol: "SPDY" }] }), ["error spec.ports.0.protocol"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [{ ...tls, targetPort: 8443 }] }), ["warning spec.ports.0.targetPort"]);
});

test("ServiceEntry: endpoints must fit the resolution", () => {
  const pg = { number: 5432, name: "pg", protocol: "TCP" };
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [pg], resolution: "STATIC", endpoints: [{ address: "db.example.com" }] }), ["error spec.endpoints.0.address"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [pg], resolution: "STATIC", endpoints: [{ address: "10.0.0.1", ports: { other: 1 } }] }), ["error spec.endpoints.0.ports.other"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [pg], resolution: "DNS", endpoints: [{ address: "db.example.com", labels: { "a/b/c": "x" } }] }), ["error spec.endpoints.0.labels"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [pg], resolution: "STATIC", endpoints: [{ address: "unix:///s" }] }), []);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [pg, tls], resolution: "STATIC", endpoints: [{ address: "unix:///s" }] }), ["error spec.endpoints.0.address"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [tls], workloadSelector: { labels: { app: "x" } } }), ["warning spec.workloadSelector"]);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [tls], resolution: "STATIC", workloadSelector: {} }), ["warning spec.workloadSelector"]);
});

test("ServiceEntry: several hosts need HTTP or TLS ports unless resolution is NONE", () => {
  const tcp = { number: 9000, name: "tcp", protocol: "TCP" };
  assert.deepEqual(brief({ hosts: ["a.b", "c.d"], ports: [tcp], resolution: "DNS" }), ["error spec.ports"]);
  assert.deepEqual(brief({ hosts: ["a.b", "c.d"], ports: [tcp] }), []);
  assert.deepEqual(brief({ hosts: ["a.b", "c.d"], ports: [tls], resolution: "DNS" }), []);
});

test("ServiceEntry: exportTo may use ~ alone", () => {
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [tls], exportTo: ["~"] }), []);
  assert.deepEqual(brief({ hosts: ["a.b"], ports: [tls], exportTo: ["~", "."] }), ["error spec.exportTo"]);
});
