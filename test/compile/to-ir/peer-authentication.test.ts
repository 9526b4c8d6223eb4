/** PeerAuthentication resolution per level (mesh, namespace, workload, port) and its effect on inbound chains and auto mTLS. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { meshIndex } from "../../../src/compile/to-ir/mesh-index.js";
import { modeForPort, peerAuthFor, serviceMtlsMode } from "../../../src/compile/to-ir/peer-authentication.js";
import { cluster, compileYaml, listener, modelOf, service } from "../compile-helpers.js";

const pa = (name: string, ns: string, mode: string | undefined, extra = "", created = "2024-01-01T00:00:00Z") => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}, creationTimestamp: "${created}"}
spec:
${mode ? `  mtls: {mode: ${mode}}\n` : ""}${extra}---
`;

function modeOf(yaml: string, ns = "default", labels: Record<string, string> = { app: "web" }) {
  const index = meshIndex(modelOf(yaml));
  return peerAuthFor(index, ns, labels);
}

test("nothing at all: PERMISSIVE", () => {
  assert.equal(modeOf("").mode, "PERMISSIVE");
});

test("mesh level: a selector-less policy in the root namespace applies everywhere", () => {
  assert.equal(modeOf(pa("mesh", "istio-system", "STRICT")).mode, "STRICT");
  assert.equal(modeOf(pa("mesh", "istio-system", "STRICT"), "other").mode, "STRICT");
});

test("namespace level beats mesh level; workload level beats both", () => {
  const yaml = pa("mesh", "istio-system", "STRICT") + pa("ns", "default", "DISABLE") + pa("web", "default", "PERMISSIVE", "  selector: {matchLabels: {app: web}}\n");
  assert.equal(modeOf(yaml).mode, "PERMISSIVE", "workload");
  assert.equal(modeOf(yaml, "default", { app: "api" }).mode, "DISABLE", "namespace (selector does not match)");
  assert.equal(modeOf(yaml, "other").mode, "STRICT", "mesh");
});

test("UNSET inherits from the level above; the oldest policy of a level wins", () => {
  const yaml = pa("ns", "default", "STRICT") + pa("web", "default", undefined, "  selector: {matchLabels: {app: web}}\n");
  assert.equal(modeOf(yaml).mode, "STRICT");
  const twoNs = pa("b-newer", "default", "DISABLE", "", "2024-02-01T00:00:00Z") + pa("a-older", "default", "STRICT", "", "2024-01-01T00:00:00Z");
  assert.equal(modeOf(twoNs).mode, "STRICT");
});

test("portLevelMtls (workload policy only) overrides per target port", () => {
  const yaml = pa("ns", "default", "STRICT") + pa("web", "default", undefined, "  selector: {matchLabels: {app: web}}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n");
  const m = modeOf(yaml);
  assert.equal(modeForPort(m, 8080), "DISABLE");
  assert.equal(modeForPort(m, 9090), "STRICT");
});

test("service mTLS mode for auto mTLS: namespace over mesh, workload policies ignored", () => {
  const index = meshIndex(modelOf(pa("mesh", "istio-system", "STRICT") + pa("ns", "legacy", "DISABLE")));
  assert.equal(serviceMtlsMode(index, "legacy"), "DISABLE");
  assert.equal(serviceMtlsMode(index, "default"), "STRICT");
});

test("inbound chains follow the mode: STRICT has no plaintext chain, DISABLE no TLS chain, a port override adds its own", () => {
  const svc = service("web", "default", [{ name: "http", port: 8080 }, { name: "tcp", port: 9090 }], { endpoints: [{ ip: "10.0.0.9" }] });
  const proxy = { proxy: { labels: { app: "web" } } };
  const strict = compileYaml(svc + "---\n" + pa("ns", "default", "STRICT"), proxy);
  const chains8080 = listener(strict, "virtualInbound").chains.filter((c) => c.match.destinationPort === 8080);
  assert.deepEqual(chains8080.map((c) => [c.match.transportProtocol, c.tls !== undefined]), [["tls", true]]);
  const disabled = compileYaml(svc + "---\n" + pa("ns", "default", "DISABLE"), proxy);
  assert.deepEqual(listener(disabled, "virtualInbound").chains.filter((c) => c.match.destinationPort === 9090).map((c) => [c.match.transportProtocol, c.tls !== undefined]), [["raw_buffer", false]]);
  const override = compileYaml(svc + "---\n" + pa("ns", "default", "STRICT") + pa("web", "default", undefined, "  selector: {matchLabels: {app: web}}\n  portLevelMtls:\n    9090: {mode: PERMISSIVE}\n"), proxy);
  assert.deepEqual(listener(override, "virtualInbound").chains.filter((c) => c.match.destinationPort === 9090).map((c) => c.match.transportProtocol), ["tls", "tls", "raw_buffer"]);
});

test("auto mTLS is off towards a namespace whose policy is DISABLE", () => {
  const yaml = service("legacy", "legacy", [{ name: "http", port: 80 }], { endpoints: [{ ip: "10.2.0.1" }] }) + "---\n" + service("modern", "default", [{ name: "http", port: 80 }], { endpoints: [{ ip: "10.2.0.2" }] }) + "---\n" + pa("ns", "legacy", "DISABLE");
  const r = compileYaml(yaml);
  assert.equal(cluster(r, "outbound|80||legacy.legacy.svc.cluster.local").tls, undefined);
  assert.equal(cluster(r, "outbound|80||modern.default.svc.cluster.local").tls?.mode, "istio");
});
