/** Sidecar egress scoping: `ns/host`, `./`, `*\/`, `~/`, port-specific egress listeners, Sidecar selection. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { importsHost, selectSidecar } from "../../../src/compile/to-ir/scope.js";
import { meshIndex } from "../../../src/compile/to-ir/mesh-index.js";
import { compileYaml, modelOf, service } from "../compile-helpers.js";

const SERVICES = [
  service("a", "default", [{ name: "http", port: 80 }]),
  service("b", "shop", [{ name: "http", port: 80 }]),
  service("c", "shop", [{ name: "http", port: 8080 }]),
  service("d", "ops", [{ name: "http", port: 80 }]),
].join("---\n");

function visible(hosts: string[], extraEgress = ""): string[] {
  const sidecar = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  egress:
${extraEgress}  - hosts: ${JSON.stringify(hosts)}
`;
  const r = compileYaml(SERVICES + sidecar);
  return [...new Set(r.ir.clusters.map((c) => /^outbound\|\d+\|\|(.+)$/.exec(c.name)?.[1]).filter((h): h is string => h !== undefined))].sort();
}

test("no Sidecar: every exported service is visible", () => {
  const r = compileYaml(SERVICES);
  assert.equal(r.ir.clusters.filter((c) => c.name.startsWith("outbound|")).length, 4);
});

test("ns/host imports one host of one namespace", () => {
  assert.deepEqual(visible(["shop/b.shop.svc.cluster.local"]), ["b.shop.svc.cluster.local"]);
});

test("./* imports the Sidecar's own namespace", () => {
  assert.deepEqual(visible(["./*"]), ["a.default.svc.cluster.local"]);
});

test("*/host imports a host from any namespace; */* everything", () => {
  assert.deepEqual(visible(["*/d.ops.svc.cluster.local"]), ["d.ops.svc.cluster.local"]);
  assert.equal(visible(["*/*"]).length, 4);
});

test("~/host excludes a host unless a namespace-specific entry imports it", () => {
  assert.deepEqual(visible(["~/b.shop.svc.cluster.local", "*/*"]), ["a.default.svc.cluster.local", "c.shop.svc.cluster.local", "d.ops.svc.cluster.local"]);
  assert.equal(importsHost([{ namespace: "~", host: "x.example.com" }, { namespace: "shop", host: "*" }, { namespace: "*", host: "*" }], "shop", "x.example.com"), true);
});

test("wildcard dnsName: ns/*.suffix", () => {
  assert.deepEqual(visible(["shop/*.shop.svc.cluster.local"]), ["b.shop.svc.cluster.local", "c.shop.svc.cluster.local"]);
});

test("an egress listener with a port imports its hosts on that port only (route configurations per port)", () => {
  const sidecar = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  egress:
  - port: {number: 8080, protocol: HTTP, name: http}
    hosts: [shop/*]
  - hosts: ["./*"]
`;
  const r = compileYaml(SERVICES + sidecar);
  const vhosts = (rc: string) => r.ir.routeConfigs.find((x) => x.name === rc)?.virtualHosts.map((v) => v.name);
  assert.deepEqual(vhosts("80"), ["a.default.svc.cluster.local:80", "allow_any"]);
  assert.deepEqual(vhosts("8080"), ["c.shop.svc.cluster.local:8080", "allow_any"]);
});

test("Sidecar selection: a matching workloadSelector beats the namespace default, which beats the root namespace's", () => {
  const sc = (name: string, ns: string, sel?: Record<string, string>) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: ${ns}}
spec:
${sel ? `  workloadSelector: {labels: ${JSON.stringify(sel)}}\n` : ""}  egress: [{hosts: ["./*"]}]
`;
  const index = meshIndex(modelOf(sc("root", "istio-system") + sc("ns", "default") + sc("web", "default", { app: "web" })));
  const pick = (ns: string, labels: Record<string, string>) => selectSidecar(index, { id: "x", namespace: ns, labels, ips: [], serviceAccount: "x", type: "sidecar" })?.name;
  assert.equal(pick("default", { app: "web" }), "web");
  assert.equal(pick("default", { app: "api" }), "ns");
  assert.equal(pick("other", {}), "root");
});

test("egress bind / captureMode NONE: the port's services share one listener on that address, bound for real with NONE", () => {
  const sidecar = (extra: string) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  egress:
  - port: {number: 8080, protocol: HTTP, name: http}
${extra}    hosts: ["*/*"]
  - hosts: ["*/*"]
`;
  const none = compileYaml(SERVICES + sidecar("    captureMode: NONE\n"));
  const l = none.ir.listeners.find((x) => x.port === 8080)!;
  assert.deepEqual([l.name, l.bindToPort], ["127.0.0.1_8080", true]);
  assert.equal(l.chains[0]!.terminal.kind === "http" && l.chains[0]!.terminal.rds, "8080");
  const bind = compileYaml(SERVICES + sidecar("    bind: 10.0.0.9\n"));
  const b = bind.ir.listeners.find((x) => x.port === 8080)!;
  assert.deepEqual([b.name, b.bindToPort], ["10.0.0.9_8080", false]);
  assert.ok(bind.ir.listeners.some((x) => x.name === "0.0.0.0_80"), "other ports are unaffected");
  assert.deepEqual(bind.diagnostics, []);
});
