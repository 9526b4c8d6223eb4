/** Registry services → clusters and listeners: ServiceEntry resolutions, headless and ExternalName Services. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cluster, compileYaml, listener, routes } from "../compile-helpers.js";

const se = (name: string, resolution: string, extra = "", ports = "[{number: 8443, name: tls, protocol: TLS}]") => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${name}.example.org]
  location: MESH_EXTERNAL
  resolution: ${resolution}
  ports: ${ports}
${extra}---
`;

test("ServiceEntry NONE → ORIGINAL_DST / CLUSTER_PROVIDED, no load assignment, no auto mTLS", () => {
  const c = cluster(compileYaml(se("none", "NONE")), "outbound|8443||none.example.org");
  assert.deepEqual([c.discovery, c.lbPolicy, c.loadAssignment, c.tls, c.metadata?.external], ["ORIGINAL_DST", "CLUSTER_PROVIDED", undefined, undefined, true]);
});

test("ServiceEntry STATIC → EDS with the listed endpoints (ports mapped by name)", () => {
  const r = compileYaml(se("static", "STATIC", "  endpoints:\n  - {address: 192.0.2.10, ports: {tls: 9443}}\n  - {address: 192.0.2.11}\n"));
  assert.equal(cluster(r, "outbound|8443||static.example.org").discovery, "EDS");
  const la = r.ir.endpoints.find((e) => e.clusterName === "outbound|8443||static.example.org")!;
  assert.deepEqual(la.groups.flatMap((g) => g.endpoints.map((e) => `${e.address}:${e.port}`)), ["192.0.2.10:9443", "192.0.2.11:8443"]);
});

test("ServiceEntry DNS → STRICT_DNS with inline endpoints (the host itself when none are listed) and DNS settings", () => {
  const c = cluster(compileYaml(se("dns", "DNS")), "outbound|8443||dns.example.org");
  assert.equal(c.discovery, "STRICT_DNS");
  assert.deepEqual(c.loadAssignment?.groups.flatMap((g) => g.endpoints.map((e) => e.address)), ["dns.example.org"]);
  assert.deepEqual(c.dns, { refreshRate: "60s", respectTtl: true, v4Only: true });
  const two = cluster(compileYaml(se("dns2", "DNS", "  endpoints: [{address: a.example.org}, {address: b.example.org}]\n")), "outbound|8443||dns2.example.org");
  assert.deepEqual(two.loadAssignment?.groups.flatMap((g) => g.endpoints.map((e) => e.address)), ["a.example.org", "b.example.org"]);
});

test("ServiceEntry DNS_ROUND_ROBIN → LOGICAL_DNS with a single inline endpoint", () => {
  const c = cluster(compileYaml(se("rr", "DNS_ROUND_ROBIN", "  endpoints: [{address: a.example.org}, {address: b.example.org}]\n")), "outbound|8443||rr.example.org");
  assert.equal(c.discovery, "LOGICAL_DNS");
  assert.deepEqual(c.loadAssignment?.groups.flatMap((g) => g.endpoints.map((e) => e.address)), ["a.example.org"]);
});

test("TLS ServiceEntry without addresses: one SNI chain on 0.0.0.0_<port>, TLS inspector, passthrough default chain", () => {
  const l = listener(compileYaml(se("dns", "DNS")), "0.0.0.0_8443");
  assert.deepEqual(l.chains.map((c) => c.match.serverNames), [["dns.example.org"]]);
  assert.deepEqual(l.listenerFilters.map((f) => f.kind), ["tls_inspector"]);
  assert.equal(l.defaultChain?.terminal.kind === "tcp" && l.defaultChain.terminal.cluster, "PassthroughCluster");
});

test("ServiceEntry with a CIDR address: 0.0.0.0 listener with a prefix-range chain", () => {
  const r = compileYaml(se("cidr", "NONE", "  addresses: [10.20.0.0/16]\n", "[{number: 5000, name: tcp, protocol: TCP}]"));
  assert.deepEqual(listener(r, "0.0.0.0_5000").chains.map((c) => c.match.prefixRanges), [["10.20.0.0/16"]]);
});

const HEADLESS = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  clusterIP: None
  ports: [{name: tcp, port: 5432}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-1, namespace: default, labels: {kubernetes.io/service-name: db}}
endpoints: [{addresses: [10.3.0.1]}, {addresses: [10.3.0.2]}, {addresses: [10.0.0.9]}]
ports: [{name: tcp, port: 5432}]
`;

test("headless Service → ORIGINAL_DST cluster and one listener per endpoint IP (the proxy's own skipped)", () => {
  const r = compileYaml(HEADLESS);
  const c = cluster(r, "outbound|5432||db.default.svc.cluster.local");
  assert.deepEqual([c.discovery, c.lbPolicy, c.tls], ["ORIGINAL_DST", "CLUSTER_PROVIDED", undefined]);
  assert.deepEqual(r.ir.listeners.filter((l) => l.port === 5432).map((l) => l.name), ["10.3.0.1_5432", "10.3.0.2_5432"]);
});

test("headless Service with PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER: one 0.0.0.0 listener, one /32 chain per endpoint", () => {
  const r = compileYaml(HEADLESS, { features: { headlessFilterChainListener: true } });
  assert.deepEqual(listener(r, "0.0.0.0_5432").chains.map((c) => c.match.prefixRanges), [["10.3.0.1/32"], ["10.3.0.2/32"]]);
});

test("ExternalName Service: no cluster or listener of its own; routes to it use the target's cluster, and its names join the target's virtual host", () => {
  const yaml = `apiVersion: v1
kind: Service
metadata: {name: alias, namespace: default}
spec: {type: ExternalName, externalName: real.default.svc.cluster.local, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: real, namespace: default}
spec: {clusterIP: 10.96.5.5, selector: {app: real}, ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: via-alias, namespace: default}
spec:
  hosts: [real]
  http: [{route: [{destination: {host: alias}}]}]
`;
  const r = compileYaml(yaml);
  assert.ok(!r.ir.clusters.some((c) => c.name.endsWith("|alias.default.svc.cluster.local")));
  const route = routes(r, "80", "real.default.svc.cluster.local:80")[0]!;
  assert.deepEqual(route.action.kind === "forward" && route.action.clusters.map((c) => c.name), ["outbound|80||real.default.svc.cluster.local"]);
  const vh = r.ir.routeConfigs.find((x) => x.name === "80")!.virtualHosts.find((v) => v.name === "real.default.svc.cluster.local:80")!;
  assert.ok(vh.domains.includes("alias.default.svc.cluster.local"));
});

test("ALLOW_ANY_DYNAMIC_DNS: AllowAnyDynamicDNSCluster, the catch-all virtual host and virtualOutbound's HTTP chain use the dynamic forward proxy", () => {
  const r = compileYaml(se("dns", "DNS", "", "[{number: 80, name: http, protocol: HTTP}]"), { mesh: { outboundTrafficPolicy: { mode: "ALLOW_ANY_DYNAMIC_DNS" } } });
  assert.deepEqual([cluster(r, "AllowAnyDynamicDNSCluster").discovery, cluster(r, "AllowAnyDynamicDNSCluster").dynamicDns], ["DYNAMIC_FORWARD_PROXY", { cacheName: "dynamic_forward_proxy_cache_config", v4Only: true }]);
  const catchAll = r.ir.routeConfigs.find((x) => x.name === "80")!.virtualHosts.at(-1)!;
  assert.equal(catchAll.name, "allow_any_dynamic_dns");
  const vo = listener(r, "virtualOutbound");
  assert.deepEqual(vo.chains.map((c) => c.name), ["virtualOutbound-blackhole", "virtualOutbound-catchall-tcp-http", "virtualOutbound-catchall-tcp"]);
  assert.deepEqual(vo.listenerFilters.map((f) => f.kind), ["http_inspector"]);
  const http = listener(r, "0.0.0.0_80").chains[0]!.terminal;
  assert.ok(http.kind === "http" && http.dynamicForwardProxy);
});
