import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { extractProxyConfig, parseConfigDump, parseConfigDumpText, proxyConfigFromXds, readProxyConfig, toConfigDump, toXdsSnapshot } from "../../src/compile/config-dump.js";
import { ENVOY_TYPES, fromEnvoyJson, toEnvoyJson } from "../../src/compile/envoy/index.js";
import { applyCallDefaults, simulate } from "../../src/compile/simulate.js";
import { InputError } from "../../src/errors.js";
import { HAS_SHARED, REPO_ROOT, sharedPath, skipNotice } from "../helpers/shared.js";

const dumps = (name: string) => readFileSync(sharedPath("conformance/envoy/configdump", name), "utf8");
const shared = { skip: HAS_SHARED ? false : skipNotice("config dumps") };

test("the shared config dumps parse strictly and split into typed resources", shared, () => {
  const cases: Array<[string, { bootstrap: boolean; listeners: number; routes: number; clusters: number; endpoints: number; secrets: number }]> = [
    ["configdump.json", { bootstrap: true, listeners: 0, routes: 0, clusters: 0, endpoints: 0, secrets: 0 }],
    ["bootstrapdump.json", { bootstrap: true, listeners: 0, routes: 0, clusters: 0, endpoints: 0, secrets: 0 }],
    ["gateway-http-routes-clusters.configdump.json", { bootstrap: false, listeners: 0, routes: 1, clusters: 1, endpoints: 0, secrets: 0 }],
    ["gateway-https-routes.configdump.json", { bootstrap: false, listeners: 0, routes: 1, clusters: 0, endpoints: 0, secrets: 0 }],
    ["sidecar-endpoints.configdump.json", { bootstrap: false, listeners: 0, routes: 0, clusters: 0, endpoints: 37, secrets: 0 }],
    ["sidecar-listeners.configdump.yaml", { bootstrap: false, listeners: 29, routes: 0, clusters: 0, endpoints: 0, secrets: 0 }],
    ["sidecar-secrets.configdump.json", { bootstrap: false, listeners: 0, routes: 0, clusters: 0, endpoints: 0, secrets: 3 }],
  ];
  for (const [name, want] of cases) {
    const pc = readProxyConfig(dumps(name), name);
    assert.deepEqual(
      { bootstrap: pc.bootstrap !== undefined, listeners: pc.listeners.length, routes: pc.routes.length, clusters: pc.clusters.length, endpoints: pc.endpoints.length, secrets: pc.secrets.length },
      want,
      name,
    );
  }
  const boot = readProxyConfig(dumps("bootstrapdump.json"), "b").bootstrap!;
  assert.equal(boot.node?.metadata?.ISTIO_VERSION, "1.10.0", "camelCase keys of the bare bootstrap dump are accepted");
  assert.equal(boot.node?.userAgentBuildVersion?.version?.minorNumber, 18);
  const secrets = readProxyConfig(dumps("sidecar-secrets.configdump.json"), "s").secrets;
  assert.deepEqual(secrets.map((s) => [s.name, s.state, s.secret !== undefined]), [["configmap://some/thing", "WARMING", true], ["default", "ACTIVE", true], ["ROOTCA", "ACTIVE", true]]);
  const gw = readProxyConfig(dumps("gateway-http-routes-clusters.configdump.json"), "g");
  assert.deepEqual([gw.routes[0]!.name, gw.clusters[0]!.name], ["http.8080", "outbound|9080|v1|productpage.default.svc.cluster.local"]);
});

test("istio-only extensions need flavor istio (auto); stock rejects them with the place and a hint", shared, () => {
  assert.equal(readProxyConfig(dumps("sidecar-listeners.configdump.yaml"), "l", "istio").listeners.length, 29);
  assert.throws(
    () => parseConfigDumpText(dumps("sidecar-listeners.configdump.yaml"), "l.yaml", "stock"),
    (e: unknown) => e instanceof InputError && e.location?.file === "l.yaml" && /\$\.configs\[0\]\.dynamic_listeners\[0\].*"stats\.PluginConfig" is an istio-proxy-only extension/.test(e.message) && /--flavor istio/.test(e.hint ?? ""),
  );
});

test("the simulator runs on a real dump: TCP VIP listener, inbound mTLS, outbound catch-all", shared, () => {
  const xds = toXdsSnapshot(readProxyConfig(dumps("sidecar-listeners.configdump.yaml"), "l"));
  const tcp = simulate(xds, applyCallDefaults({ address: "10.96.0.1", port: 443, protocol: "tcp" }));
  assert.deepEqual([tcp.listener, tcp.cluster, tcp.error], ["10.96.0.1_443", "outbound|443||kubernetes.default.svc.cluster.local", undefined]);
  const http = simulate(xds, applyCallDefaults({ port: 9080, protocol: "http", hostHeader: "reviews" }));
  assert.deepEqual([http.listener, http.routeConfig, http.error], ["0.0.0.0_9080", "9080", "no_route_config"], "the dump holds listeners only");
  const inbound = simulate(xds, applyCallDefaults({ callMode: "inbound", port: 9080, protocol: "http", tls: "mtls" }));
  assert.deepEqual([inbound.listener, inbound.filterChain, inbound.tlsContext?.requireClientCertificate], ["virtualInbound", "virtualInbound-catchall-http", true]);
  const out = simulate(xds, applyCallDefaults({ port: 12345, protocol: "tcp" }));
  assert.deepEqual([out.listener, out.filterChain, out.cluster], ["virtualOutbound", "virtualOutbound-catchall-tcp", "PassthroughCluster"]);
});

test("accepted shapes: full dump, a single section, a bare bootstrap; anything else is an InputError", () => {
  const section = { "@type": "type.googleapis.com/envoy.admin.v3.RoutesConfigDump", dynamic_route_configs: [{ route_config: { "@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration", name: "80" } }] };
  assert.equal(extractProxyConfig(parseConfigDump(section)).routes[0]!.name, "80");
  assert.equal(extractProxyConfig(parseConfigDump({ configs: [section] })).routes[0]!.name, "80");
  assert.equal(extractProxyConfig(parseConfigDump({ bootstrap: { node: { id: "n" } } })).bootstrap?.node?.id, "n");
  assert.throws(() => parseConfigDump([]), InputError);
  assert.throws(() => parseConfigDump({ listeners: [] }), /not an Envoy config dump/);
  assert.throws(() => parseConfigDump({ "@type": "type.googleapis.com/envoy.config.listener.v3.Listener" }), /found a envoy\.config\.listener\.v3\.Listener/);
  assert.equal(readProxyConfig(`configs:\n  - "@type": type.googleapis.com/envoy.admin.v3.RoutesConfigDump\n`, "y.yaml").routes.length, 0, "YAML is read too");
});

test("ProxyConfig round trip: fixture → ProxyConfig → ConfigDump → JSON → ProxyConfig", () => {
  const text = readFileSync(join(REPO_ROOT, "fixtures/xds/sidecar.config_dump.json"), "utf8");
  const pc = readProxyConfig(text, "fixture", "stock");
  assert.deepEqual([pc.listeners.length, pc.routes.length, pc.clusters.length, pc.endpoints.length, pc.secrets.length], [5, 2, 13, 8, 3]);
  assert.deepEqual(pc.listeners.map((l) => l.name), ["0.0.0.0_15090", "virtualOutbound", "0.0.0.0_9080", "10.96.0.10_53", "virtualInbound"], "static listeners first");
  const json = toEnvoyJson(ENVOY_TYPES.configDump, toConfigDump(pc), { flavor: pc.flavor });
  const back = extractProxyConfig(fromEnvoyJson(ENVOY_TYPES.configDump, JSON.parse(JSON.stringify(json))), "stock");
  assert.deepEqual(back.listeners, pc.listeners);
  assert.deepEqual(back.routes, pc.routes);
  assert.deepEqual(back.clusters, pc.clusters);
  assert.deepEqual(back.endpoints, pc.endpoints);
  assert.deepEqual(back.secrets.map((s) => [s.name, s.state]), pc.secrets.map((s) => [s.name, s.state]));
  assert.deepEqual(back.bootstrap, pc.bootstrap);
  const fromXds = proxyConfigFromXds(toXdsSnapshot(pc), { secrets: [pc.secrets[1]!.secret!] });
  assert.deepEqual([fromXds.listeners.length, fromXds.secrets[0]!.name, fromXds.secrets[0]!.state], [5, "default", "ACTIVE"]);
});
