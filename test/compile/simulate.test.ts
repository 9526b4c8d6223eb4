import { test } from "node:test";
import assert from "node:assert/strict";
import { anyOf, ENVOY_TYPES, type Cluster, type FilterChain, type FilterChainMatch, type Listener, type Route, type RouteConfiguration, type VirtualHost } from "../../src/compile/envoy/index.js";
import {
  applyCallDefaults,
  clusterShape,
  inboundClusters,
  listenerShape,
  listenerTls,
  simulate,
  virtualHostClusters,
  type CallInput,
  type SimulateOptions,
  type SimulationResult,
  type XdsSnapshot,
} from "../../src/compile/simulate.js";
import { Cluster_DiscoveryType } from "../../src/compile/envoy/index.js";
import { VirtualHost_TlsRequirementType } from "../../src/gen/envoy/envoy/config/route/v3/route_components.js";

// ---------- builders: small typed xDS objects ----------

function hcm(rds: string | RouteConfiguration, httpFilters = ["envoy.filters.http.router"]) {
  return {
    name: "envoy.filters.network.http_connection_manager",
    typedConfig: anyOf(ENVOY_TYPES.httpConnectionManager, {
      statPrefix: "test",
      ...(typeof rds === "string" ? { rds: { routeConfigName: rds, configSource: { ads: {} } } } : { routeConfig: rds }),
      httpFilters: httpFilters.map((name) => ({ name, typedConfig: anyOf(ENVOY_TYPES.router, {}) })),
    }),
  };
}

function tcp(cluster: string) {
  return { name: "envoy.filters.network.tcp_proxy", typedConfig: anyOf(ENVOY_TYPES.tcpProxy, { statPrefix: cluster, cluster }) };
}

function chain(name: string, match: FilterChainMatch | undefined, filters: FilterChain["filters"], tls?: { secret: string; requireClient: boolean }): FilterChain {
  const fc: FilterChain = { name, filters };
  if (match !== undefined) fc.filterChainMatch = match;
  if (tls !== undefined) {
    fc.transportSocket = {
      name: "envoy.transport_sockets.tls",
      typedConfig: anyOf(ENVOY_TYPES.downstreamTlsContext, {
        commonTlsContext: { tlsCertificateSdsSecretConfigs: [{ name: tls.secret, sdsConfig: { apiConfigSource: { grpcServices: [{ envoyGrpc: { clusterName: "sds-grpc" } }] } } }] },
        requireClientCertificate: tls.requireClient,
      }),
    };
  }
  return fc;
}

const TLS_INSPECTOR = { name: "envoy.filters.listener.tls_inspector", typedConfig: anyOf(ENVOY_TYPES.tlsInspector, {}) };
const HTTP_INSPECTOR = { name: "envoy.filters.listener.http_inspector", typedConfig: anyOf(ENVOY_TYPES.httpInspector, {}) };

function listener(name: string, address: string, port: number, chains: FilterChain[], extra: Partial<Listener> = {}): Listener {
  return { name, address: { socketAddress: { address, portValue: port } }, filterChains: chains, ...extra };
}

function vh(name: string, domains: string[], routes: Route[], extra: Partial<VirtualHost> = {}): VirtualHost {
  return { name, domains, routes, ...extra };
}

function route(name: string, match: Route["match"], cluster: string, extra: Partial<Route> = {}): Route {
  return { name, match, route: { cluster }, ...extra };
}

function snap(listeners: Listener[], routes: RouteConfiguration[] = [], clusters: Cluster[] = []): XdsSnapshot {
  return { listeners, routes, clusters };
}

function run(xds: XdsSnapshot, input: CallInput, options?: SimulateOptions): SimulationResult {
  return simulate(xds, applyCallDefaults(input), options);
}

/** The README's result fields only (what the conformance runner compares). */
function core(r: SimulationResult) {
  return { listener: r.listener, filterChain: r.filterChain, routeConfig: r.routeConfig, virtualHost: r.virtualHost, routeName: r.routeName, cluster: r.cluster, error: r.error };
}

// ---------- call defaults ----------

test("applyCallDefaults: the README's defaults", () => {
  const c = applyCallDefaults({ port: 80 });
  assert.deepEqual(
    { callMode: c.callMode, address: c.address, tls: c.tls, alpn: c.alpn, sni: c.sni, path: c.path, mtls: c.mtlsSecretConfigName, method: c.method, protocol: c.protocol },
    { callMode: "outbound", address: "1.3.3.7", tls: "plaintext", alpn: "", sni: "", path: "/", mtls: "default", method: "GET", protocol: undefined },
  );
  assert.equal(applyCallDefaults({ port: 1, tls: "mtls", protocol: "http" }).alpn, "istio-http/1.1");
  assert.equal(applyCallDefaults({ port: 1, tls: "mtls", protocol: "http2" }).alpn, "istio-h2");
  assert.equal(applyCallDefaults({ port: 1, tls: "mtls" }).alpn, "istio");
  assert.equal(applyCallDefaults({ port: 1, tls: "tls", protocol: "http" }).alpn, "http/1.1");
  assert.equal(applyCallDefaults({ port: 1, tls: "tls", protocol: "http2" }).alpn, "h2");
  assert.equal(applyCallDefaults({ port: 1, tls: "tls", protocol: "tcp" }).alpn, "");
  assert.equal(applyCallDefaults({ port: 1, tls: "tls", hostHeader: "a.com" }).sni, "a.com", "tls: SNI defaults to the host");
  assert.equal(applyCallDefaults({ port: 1, tls: "mtls", hostHeader: "a.com" }).sni, "", "mtls: no SNI default");
  const q = applyCallDefaults({ port: 1, path: "/p?a=1&b=x%20y", query: { c: "3" }, headers: { "X-A": "1", Host: "h" } });
  assert.deepEqual([q.path, q.query, q.headers["x-a"], q.hostHeader], ["/p", [["a", "1"], ["b", "x y"], ["c", "3"]], ["1"], "h"]);
  assert.throws(() => applyCallDefaults({ port: 1, alpn: "h2" }), /ALPN can only be offered/);
});

// ---------- step 1: listener ----------

test("step 1: exact address:port, then 0.0.0.0:port, then virtualOutbound; inbound → virtualInbound; none → no_listener", () => {
  const xds = snap([
    listener("10.0.0.1_80", "10.0.0.1", 80, [chain("vip", undefined, [tcp("vip-cluster")])]),
    listener("0.0.0.0_80", "0.0.0.0", 80, [chain("any", undefined, [tcp("any-cluster")])]),
    listener("virtualOutbound", "0.0.0.0", 15001, [chain("out", undefined, [tcp("PassthroughCluster")])]),
    listener("virtualInbound", "0.0.0.0", 15006, [chain("in", undefined, [tcp("InboundPassthroughCluster")])]),
  ]);
  assert.equal(run(xds, { port: 80, address: "10.0.0.1" }).cluster, "vip-cluster");
  assert.equal(run(xds, { port: 80 }).cluster, "any-cluster");
  assert.equal(run(xds, { port: 81 }).listener, "virtualOutbound");
  assert.equal(run(xds, { port: 80, callMode: "inbound" }).listener, "virtualInbound");
  const none = run(snap([xds.listeners[0]!]), { port: 81 });
  assert.deepEqual([none.error, none.listener], ["no_listener", ""]);
  assert.equal(run(snap([]), { port: 80, callMode: "inbound" }).error, "no_listener");
});

// ---------- steps 2–3: listener filters and filter chains ----------

const alpnChains = [
  chain("tls-h2", { transportProtocol: "tls", applicationProtocols: ["h2"] }, [tcp("tls-h2")]),
  chain("tls", { transportProtocol: "tls" }, [tcp("tls")]),
  chain("plain-http", { transportProtocol: "raw_buffer", applicationProtocols: ["http/1.1", "h2c"] }, [tcp("plain-http")]),
  chain("plain", { transportProtocol: "raw_buffer" }, [tcp("plain")]),
];

test("step 2: without a TLS inspector ALPN is forgotten and every connection is raw_buffer", () => {
  const without = snap([listener("l", "0.0.0.0", 443, alpnChains, { defaultFilterChain: chain("fallback", undefined, [tcp("fallback")]) })]);
  const r = run(without, { port: 443, tls: "tls", protocol: "http2" });
  assert.deepEqual([r.filterChain, r.inspectors], ["plain", { tls: false, http: false }]);
  const withTls = snap([listener("l", "0.0.0.0", 443, alpnChains, { listenerFilters: [TLS_INSPECTOR] })]);
  assert.equal(run(withTls, { port: 443, tls: "tls", protocol: "http2" }).filterChain, "tls-h2");
  assert.equal(run(withTls, { port: 443, tls: "tls", protocol: "http" }).filterChain, "tls", "ALPN http/1.1 not listed: the chain without application_protocols");
  assert.equal(run(withTls, { port: 443, protocol: "http" }).filterChain, "plain", "no HTTP inspector: no ALPN for plaintext");
});

test("step 2: filter_disabled predicates switch inspectors off per port; the HTTP inspector sets http/1.1 or h2c", () => {
  const disabled = { ...TLS_INSPECTOR, filterDisabled: { orMatch: { rules: [{ destinationPortRange: { start: 440, end: 444 } }, { notMatch: { anyMatch: true } }] } } };
  const xds = snap([listener("l", "0.0.0.0", 443, alpnChains, { listenerFilters: [disabled, HTTP_INSPECTOR] }), listener("l2", "0.0.0.0", 8443, alpnChains, { listenerFilters: [disabled, HTTP_INSPECTOR] })]);
  assert.equal(run(xds, { port: 443, tls: "tls", protocol: "http2" }).filterChain, "plain", "disabled on 440-443");
  assert.equal(run(xds, { port: 8443, tls: "tls", protocol: "http2" }).filterChain, "tls-h2", "enabled elsewhere");
  assert.equal(run(xds, { port: 8443, protocol: "http" }).filterChain, "plain-http");
  assert.equal(run(xds, { port: 8443, protocol: "http2" }).filterChain, "plain-http");
  assert.equal(run(xds, { port: 8443, protocol: "tcp" }).filterChain, "plain");
});

test("step 3: destination port, most specific CIDR, then chains without prefix ranges", () => {
  const chains = [
    chain("port-9090", { destinationPort: 9090 }, [tcp("p9090")]),
    chain("wide", { destinationPort: 8080, prefixRanges: [{ addressPrefix: "10.0.0.0", prefixLen: 8 }] }, [tcp("wide")]),
    chain("narrow", { destinationPort: 8080, prefixRanges: [{ addressPrefix: "10.1.0.0", prefixLen: 16 }, { addressPrefix: "192.168.0.0", prefixLen: 16 }] }, [tcp("narrow")]),
    chain("host", { destinationPort: 8080, prefixRanges: [{ addressPrefix: "10.1.2.3", prefixLen: 32 }] }, [tcp("host")]),
    chain("any-8080", { destinationPort: 8080 }, [tcp("any")]),
    chain("v6", { destinationPort: 8080, prefixRanges: [{ addressPrefix: "fd00::", prefixLen: 8 }] }, [tcp("v6")]),
  ];
  const xds = snap([listener("virtualInbound", "0.0.0.0", 15006, chains)]);
  const hit = (address: string, port = 8080) => run(xds, { callMode: "inbound", port, address }).filterChain;
  assert.equal(hit("10.1.2.3"), "host");
  assert.equal(hit("10.1.9.9"), "narrow");
  assert.equal(hit("10.9.9.9"), "wide");
  assert.equal(hit("192.168.1.1"), "narrow");
  assert.equal(hit("172.16.0.1"), "any-8080", "no range matches: the chain that leaves prefix_ranges unset");
  assert.equal(hit("fd12::1"), "v6");
  assert.equal(hit("10.1.2.3", 9090), "port-9090");
  const r = run(xds, { callMode: "inbound", port: 7070 });
  assert.deepEqual([r.error, r.listener], ["no_filter_chain", "virtualInbound"], "every chain sets destination_port and none matches");
});

test("step 3: exact SNI beats wildcards, a longer wildcard beats a shorter one; plaintext calls keep their SNI", () => {
  const xds = snap([
    listener("0.0.0.0_443", "0.0.0.0", 443, [
      chain("exact", { serverNames: ["a.b.example.com"] }, [tcp("exact")]),
      chain("long", { serverNames: ["*.b.example.com"] }, [tcp("long")]),
      chain("short", { serverNames: ["*.example.com", "other.org"] }, [tcp("short")]),
      chain("none", {}, [tcp("none")]),
    ], { listenerFilters: [TLS_INSPECTOR] }),
  ]);
  const sni = (name: string, tls: "tls" | "plaintext" = "tls") => run(xds, { port: 443, tls, sni: name, protocol: "tcp" }).filterChain;
  assert.equal(sni("a.b.example.com"), "exact");
  assert.equal(sni("c.b.example.com"), "long");
  assert.equal(sni("x.y.b.example.com"), "long");
  assert.equal(sni("c.example.com"), "short");
  assert.equal(sni("other.org"), "short");
  assert.equal(sni("example.com"), "none");
  assert.equal(sni("c.b.example.com", "plaintext"), "long", "the harness sets SNI directly");
  assert.equal(run(xds, { port: 443, protocol: "tcp" }).filterChain, "none");
});

test("step 3: equal survivors → multiple_filter_chains; none → default_filter_chain, else no_filter_chain", () => {
  const twins = [chain("a", { transportProtocol: "raw_buffer" }, [tcp("a")]), chain("b", { transportProtocol: "raw_buffer" }, [tcp("b")])];
  const r = run(snap([listener("l", "0.0.0.0", 80, twins)]), { port: 80 });
  assert.deepEqual([r.error, r.listener, r.filterChain], ["multiple_filter_chains", "l", ""]);
  const withDefault = snap([listener("l", "0.0.0.0", 80, [chain("tls", { transportProtocol: "tls" }, [tcp("t")])], { defaultFilterChain: chain("PassthroughFilterChain", undefined, [tcp("PassthroughCluster")]) })]);
  assert.deepEqual(core(run(withDefault, { port: 80 })), { listener: "l", filterChain: "PassthroughFilterChain", routeConfig: "", virtualHost: "", routeName: "", cluster: "PassthroughCluster", error: undefined });
  const noDefault = snap([listener("l", "0.0.0.0", 80, [chain("tls", { transportProtocol: "tls" }, [tcp("t")])])]);
  assert.equal(run(noDefault, { port: 80 }).error, "no_filter_chain");
});

// ---------- steps 4–5: TLS ----------

test("steps 4–5: tls_error, mtls_error both ways, mtlsSecretConfigName, tlsContext", () => {
  const xds = snap([
    listener("virtualInbound", "0.0.0.0", 15006, [
      chain("mtls", { destinationPort: 1 }, [tcp("c1")], { secret: "default", requireClient: true }),
      chain("simple", { destinationPort: 2 }, [tcp("c2")], { secret: "kubernetes://cred", requireClient: false }),
      chain("mutual-cred", { destinationPort: 3 }, [tcp("c3")], { secret: "kubernetes://cred", requireClient: true }),
    ]),
  ]);
  const call = (port: number, tls: "plaintext" | "tls" | "mtls", extra: Partial<CallInput> = {}) => run(xds, { callMode: "inbound", port, tls, protocol: "tcp", ...extra });
  assert.equal(call(1, "plaintext").error, "tls_error");
  assert.equal(call(1, "tls").error, "mtls_error");
  assert.equal(call(1, "mtls").cluster, "c1");
  assert.deepEqual(call(1, "mtls").tlsContext, { certificateSdsSecretName: "default", requireClientCertificate: true });
  assert.equal(call(2, "mtls").error, "mtls_error");
  assert.equal(call(2, "tls").cluster, "c2");
  assert.deepEqual(call(2, "tls").tlsContext, { certificateSdsSecretName: "kubernetes://cred", requireClientCertificate: false });
  assert.equal(call(3, "mtls").error, "mtls_error", "not the mTLS secret");
  assert.equal(call(3, "mtls", { mtlsSecretConfigName: "kubernetes://cred" }).cluster, "c3");
  const failed = call(1, "tls");
  assert.deepEqual([failed.listener, failed.filterChain], ["virtualInbound", "mtls"], "a failing call reports how far it got");
});

// ---------- step 6: HTTP ----------

const rc80: RouteConfiguration = {
  name: "80",
  virtualHosts: [
    vh("exact:80", ["exact.com", "exact.com:80"], [route("r-exact", { prefix: "/" }, "exact")]),
    vh("wild-long", ["*.b.example.com"], [route("r", { prefix: "/" }, "wild-long")]),
    vh("wild-short", ["*.example.com"], [route("r", { prefix: "/" }, "wild-short")]),
    vh("prefix", ["api.*"], [route("r", { prefix: "/" }, "prefix")]),
    vh("secure", ["secure.com"], [route("r", { prefix: "/" }, "secure")], { requireTls: VirtualHost_TlsRequirementType.ALL }),
    vh("paths", ["paths.com"], [
      route("exact-path", { path: "/exact" }, "exact-path"),
      route("sep", { pathSeparatedPrefix: "/sep" }, "sep"),
      route("regex", { safeRegex: { regex: "/re/[0-9]+" } }, "regex"),
      route("prefix", { prefix: "/pre" }, "prefix"),
    ]),
    vh("catch-all", ["*"], [route("blackhole", { prefix: "/only" }, "BlackHoleCluster")]),
  ],
};

const httpXds = snap([
  listener("0.0.0.0_80", "0.0.0.0", 80, [chain("http", undefined, [hcm("80", ["envoy.filters.http.rbac", "envoy.filters.http.router"])])]),
  listener("0.0.0.0_81", "0.0.0.0", 81, [chain("missing-rds", undefined, [hcm("nope")])]),
  listener("0.0.0.0_82", "0.0.0.0", 82, [chain("inline", undefined, [hcm({ virtualHosts: [vh("inline-vh", ["*"], [route("inline-route", { prefix: "/" }, "inline-cluster")])] })])]),
  listener("0.0.0.0_443", "0.0.0.0", 443, [chain("https", undefined, [hcm("80")], { secret: "kubernetes://cert", requireClient: false })], { listenerFilters: [TLS_INSPECTOR] }),
], [rc80, { name: "ignore-port", ignorePortInHostMatching: true, virtualHosts: [vh("svc", ["svc.ns"], [route("r", { prefix: "/" }, "svc")])] }]);

test("step 6: protocol_error for TLS into a plaintext HCM and for TCP into any HCM", () => {
  assert.equal(run(httpXds, { port: 80, tls: "tls", protocol: "http" }).error, "protocol_error");
  assert.equal(run(httpXds, { port: 80, tls: "mtls", protocol: "http" }).error, "protocol_error");
  assert.equal(run(httpXds, { port: 80, protocol: "tcp" }).error, "protocol_error");
  assert.equal(run(httpXds, { port: 80 }).error, "protocol_error", "no protocol = raw bytes");
  const ok = run(httpXds, { port: 443, tls: "tls", protocol: "http", hostHeader: "exact.com" });
  assert.deepEqual([ok.error, ok.cluster, ok.routeConfig], [undefined, "exact", "80"]);
});

test("step 6: RDS and inline route configurations; a missing RDS name is no_route_config", () => {
  const rds = run(httpXds, { port: 80, protocol: "http", hostHeader: "exact.com" });
  assert.deepEqual(core(rds), { listener: "0.0.0.0_80", filterChain: "http", routeConfig: "80", virtualHost: "exact:80", routeName: "r-exact", cluster: "exact", error: undefined });
  assert.deepEqual([rds.chainKind, rds.networkFilters, rds.httpFilters], ["http", ["envoy.filters.network.http_connection_manager"], ["envoy.filters.http.rbac", "envoy.filters.http.router"]]);
  const inline = run(httpXds, { port: 82, protocol: "http2", hostHeader: "x" });
  assert.deepEqual([inline.routeConfig, inline.virtualHost, inline.routeName, inline.cluster], ["", "inline-vh", "inline-route", "inline-cluster"]);
  const missing = run(httpXds, { port: 81, protocol: "http", hostHeader: "x" });
  assert.deepEqual([missing.error, missing.routeConfig], ["no_route_config", "nope"]);
});

test("step 6: virtual hosts: exact, longest *.suffix, prefix*, *; ignore_port_in_host_matching; no_virtual_host", () => {
  const host = (h: string, rc = 80) => run(snap([listener("l", "0.0.0.0", 80, [chain("c", undefined, [hcm(rc === 80 ? "80" : "ignore-port")])])], httpXds.routes), { port: 80, protocol: "http", hostHeader: h }).virtualHost;
  assert.equal(host("exact.com"), "exact:80");
  assert.equal(host("exact.com:80"), "exact:80");
  assert.equal(host("EXACT.com"), "exact:80", "domains are case-insensitive");
  assert.equal(host("x.b.example.com"), "wild-long");
  assert.equal(host("x.example.com"), "wild-short");
  assert.equal(host("api.foo"), "prefix");
  assert.equal(host("other"), "catch-all");
  assert.equal(host("svc.ns:8080", 81), "svc");
  const none = run(snap([listener("l", "0.0.0.0", 80, [chain("c", undefined, [hcm("ignore-port")])])], httpXds.routes), { port: 80, protocol: "http", hostHeader: "svc.ns.other" });
  assert.deepEqual([none.error, none.routeConfig, none.virtualHost], ["no_virtual_host", "ignore-port", ""]);
});

test("step 6: require_tls ALL on plaintext → tls_redirect; routes by path; no_route keeps the virtual host", () => {
  const r = run(httpXds, { port: 80, protocol: "http", hostHeader: "secure.com" });
  assert.deepEqual([r.error, r.virtualHost, r.routeConfig], ["tls_redirect", "secure", "80"]);
  assert.equal(run(httpXds, { port: 443, protocol: "http", tls: "tls", hostHeader: "secure.com" }).cluster, "secure");
  const path = (p: string) => run(httpXds, { port: 80, protocol: "http", hostHeader: "paths.com", path: p }, { matchHeaders: false }).routeName;
  assert.equal(path("/exact"), "exact-path");
  assert.equal(path("/exact?x=1"), "exact-path", "the query string is not part of an exact path");
  assert.equal(path("/sep"), "sep");
  assert.equal(path("/sep/x"), "sep");
  assert.equal(path("/sepx"), "", "path-separated prefix needs a separator");
  assert.equal(path("/re/123"), "regex");
  assert.equal(path("/re/123x"), "", "safe_regex must match the whole path");
  assert.equal(path("/prefix"), "prefix");
  const miss = run(httpXds, { port: 80, protocol: "http", hostHeader: "nowhere", path: "/x" });
  assert.deepEqual([miss.error, miss.virtualHost, miss.routeName], ["no_route", "catch-all", ""]);
  assert.equal(miss.routeIndex, -1);
});

// ---------- header / query / method matching (Envoy semantics) ----------

const matchRc: RouteConfiguration = {
  name: "m",
  virtualHosts: [
    vh("m", ["*"], [
      route("post", { prefix: "/", headers: [{ name: ":method", stringMatch: { exact: "POST" } }] }, "post"),
      route("jason", { prefix: "/", headers: [{ name: "end-user", stringMatch: { exact: "Jason", ignoreCase: true } }] }, "jason"),
      route("beta", { prefix: "/", headers: [{ name: "x-beta", presentMatch: true }] }, "beta"),
      route("not-prod", { prefix: "/", headers: [{ name: "x-env", stringMatch: { prefix: "prod" }, invertMatch: true }, { name: "x-env", presentMatch: true }] }, "not-prod"),
      route("ua", { prefix: "/", headers: [{ name: "user-agent", stringMatch: { safeRegex: { regex: ".*Firefox.*" } } }] }, "firefox"),
      route("suffix", { prefix: "/", headers: [{ name: "x-s", stringMatch: { suffix: "-end" } }, { name: "x-c", stringMatch: { contains: "mid" } }] }, "suffix"),
      route("query", { prefix: "/", queryParameters: [{ name: "v", stringMatch: { exact: "2" } }, { name: "debug", presentMatch: true }] }, "query"),
      route("ci", { prefix: "/CaSe", caseSensitive: false }, "case-insensitive"),
      route("default", { prefix: "/" }, "default"),
    ]),
  ],
};
const matchXds = snap([listener("l", "0.0.0.0", 80, [chain("c", undefined, [hcm("m")])])], [matchRc]);
const req = (extra: Partial<CallInput>, options?: SimulateOptions) => run(matchXds, { port: 80, protocol: "http", hostHeader: "h", ...extra }, options).routeName;

test("Envoy mode: headers incl. :method, present_match, string_match (exact/prefix/suffix/contains/regex, ignore_case), invert_match", () => {
  assert.equal(req({ method: "POST" }), "post");
  assert.equal(req({ headers: { "End-User": "jason" } }), "jason");
  assert.equal(req({ headers: { "x-beta": "" } }), "beta");
  assert.equal(req({ headers: { "x-env": "staging" } }), "not-prod");
  assert.equal(req({ headers: { "x-env": "production" } }), "default");
  assert.equal(req({ headers: { "user-agent": "Mozilla Firefox/1" } }), "ua");
  assert.equal(req({ headers: { "x-s": "a-end", "x-c": "amidb" } }), "suffix");
  assert.equal(req({ headers: { "x-s": "a-end" } }), "default", "every header matcher must match");
  assert.equal(req({}), "default");
});

test("Envoy mode: query parameters and case_sensitive", () => {
  assert.equal(req({ path: "/?v=2&debug" }), "query");
  assert.equal(req({ path: "/", query: { v: "2", debug: "1" } }), "query");
  assert.equal(req({ path: "/?v=3&debug" }), "default");
  assert.equal(req({ path: "/case/x" }), "ci");
});

test("Istio mode (matchHeaders: false): only the path, case-sensitive", () => {
  const istio = { matchHeaders: false };
  assert.equal(req({ headers: { "end-user": "jason" }, method: "GET" }, istio), "post", "the first path match wins");
  assert.equal(req({ path: "/case/x" }, istio), "post");
});

// ---------- route policies ----------

test("weighted clusters, retries, timeout, fault, mirrors, rewrite, CORS, redirect, direct response", () => {
  const policyRc: RouteConfiguration = {
    name: "p",
    virtualHosts: [
      vh("p", ["*"], [
        {
          name: "split",
          match: { prefix: "/split" },
          route: {
            weightedClusters: { clusters: [{ name: "v1", weight: 80 }, { name: "v2", weight: 20 }] },
            timeout: { seconds: 5, nanos: 500_000_000 },
            retryPolicy: { retryOn: "5xx,connect-failure", numRetries: 3, perTryTimeout: { seconds: 2 } },
            requestMirrorPolicies: [{ cluster: "shadow", runtimeFraction: { defaultValue: { numerator: 25 } } }],
            prefixRewrite: "/v2",
            cors: { allowMethods: "GET" },
          },
          typedPerFilterConfig: {
            "envoy.filters.http.fault": anyOf(ENVOY_TYPES.fault, { abort: { httpStatus: 503, percentage: { numerator: 10 } }, delay: { fixedDelay: { seconds: 1 }, percentage: { numerator: 50 } } }),
          },
          metadata: { filterMetadata: { istio: { config: "/apis/networking.istio.io/v1/namespaces/shop/virtual-service/reviews" } } },
        },
        { name: "one", match: { prefix: "/one" }, route: { weightedClusters: { clusters: [{ name: "only", weight: 100 }] } } },
        { name: "moved", match: { prefix: "/old" }, redirect: { httpsRedirect: true, hostRedirect: "new.com", pathRedirect: "/new" } },
        { name: "teapot", match: { prefix: "/tea" }, directResponse: { status: 418, body: { inlineString: "short and stout" } } },
      ]),
    ],
  };
  const xds = snap([listener("l", "0.0.0.0", 80, [chain("c", undefined, [hcm("p")])])], [policyRc]);
  const split = run(xds, { port: 80, protocol: "http", hostHeader: "h", path: "/split" });
  assert.equal(split.cluster, "", "several weighted clusters: no single cluster");
  assert.deepEqual(split.route, {
    action: "route",
    cors: true,
    weightedClusters: [{ name: "v1", weight: 80 }, { name: "v2", weight: 20 }],
    timeout: "5.500s",
    retries: { retryOn: "5xx,connect-failure", numRetries: 3, perTryTimeout: "2s" },
    fault: { delay: { fixedDelay: "1s", percent: 50 }, abort: { percent: 10, httpStatus: 503 } },
    mirrors: [{ cluster: "shadow", percent: 25 }],
    rewrite: { prefix: "/v2" },
    perFilterConfig: ["envoy.filters.http.fault"],
    virtualService: "reviews.shop",
  });
  assert.equal(run(xds, { port: 80, protocol: "http", hostHeader: "h", path: "/one" }).cluster, "only", "a one-entry weighted cluster is a single cluster");
  const moved = run(xds, { port: 80, protocol: "http", hostHeader: "h", path: "/old" });
  assert.deepEqual([moved.cluster, moved.route?.action, moved.route?.redirect], ["", "redirect", { responseCode: 301, scheme: "https", host: "new.com", path: "/new" }]);
  assert.deepEqual(run(xds, { port: 80, protocol: "http", hostHeader: "h", path: "/tea" }).route?.directResponse, { status: 418, body: "short and stout" });
});

// ---------- step 7: TCP proxy ----------

test("step 7: TCP proxy cluster and weighted TCP clusters", () => {
  const weighted = { name: "envoy.filters.network.tcp_proxy", typedConfig: anyOf(ENVOY_TYPES.tcpProxy, { statPrefix: "w", weightedClusters: { clusters: [{ name: "a", weight: 1 }, { name: "b", weight: 3 }] } }) };
  const rbac = { name: "envoy.filters.network.rbac", typedConfig: anyOf(ENVOY_TYPES.networkRbac, { statPrefix: "tcp." }) };
  const xds = snap([listener("l", "0.0.0.0", 3306, [chain("c", undefined, [rbac, weighted])]), listener("m", "0.0.0.0", 27017, [chain("c", undefined, [tcp("mongo")])])]);
  const r = run(xds, { port: 3306, protocol: "tcp" });
  assert.deepEqual([r.chainKind, r.cluster, r.tcpWeightedClusters, r.networkFilters], ["tcp", "", [{ name: "a", weight: 1 }, { name: "b", weight: 3 }], ["envoy.filters.network.rbac", "envoy.filters.network.tcp_proxy"]]);
  assert.equal(run(xds, { port: 27017 }).cluster, "mongo", "raw bytes into a TCP proxy");
  assert.equal(run(xds, { port: 27017, protocol: "http" }).cluster, "mongo", "HTTP into a TCP proxy is just bytes");
});

// ---------- structural checks ----------

test("structural checks: virtualHostClusters, inboundClusters, listenerShape, listenerTls, clusterShape", () => {
  const xds: XdsSnapshot = {
    listeners: [
      listener("0.0.0.0_8080", "0.0.0.0", 8080, [1, 2, 3].map((i) => chain(`pod${i}`, { prefixRanges: [{ addressPrefix: `10.0.0.${i}`, prefixLen: 32 }] }, [tcp("x")])), { defaultFilterChain: chain("PassthroughFilterChain", undefined, [tcp("PassthroughCluster")]) }),
      listener("0.0.0.0_443", "0.0.0.0", 443, [chain("gw", undefined, [hcm("https")], { secret: "my-credential", requireClient: false })]),
    ],
    routes: [{ name: "80", virtualHosts: [vh("a", ["a.default.svc.cluster.local", "a"], [route("r", { prefix: "/x" }, "outbound|80||b"), { name: "w", match: { prefix: "/" }, route: { weightedClusters: { clusters: [{ name: "outbound|80||a", weight: 1 }, { name: "outbound|80||b", weight: 1 }] } } }]), vh("bh", ["blackhole"], [{ name: "d", match: { prefix: "/" }, directResponse: { status: 404 } }])] }],
    clusters: [
      { name: "inbound|80||", type: Cluster_DiscoveryType.STATIC, loadAssignment: { clusterName: "inbound|80||", endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: "127.0.0.1", portValue: 80 } } } }] }] } },
      { name: "inbound|81||", type: Cluster_DiscoveryType.ORIGINAL_DST },
      { name: "inbound|82||", loadAssignment: { clusterName: "x", endpoints: [{ lbEndpoints: [{ endpoint: { address: { pipe: { path: "/socket" } } } }] }] } },
      { name: "InboundPassthroughCluster", type: Cluster_DiscoveryType.ORIGINAL_DST },
      { name: "outbound|443||dns", type: Cluster_DiscoveryType.STRICT_DNS, loadAssignment: { clusterName: "outbound|443||dns", endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: "a.com", portValue: 443 } } } }, { endpoint: { address: { socketAddress: { address: "b.com", portValue: 443 } } } }] }] } },
      { name: "outbound|80||eds", type: Cluster_DiscoveryType.EDS, edsClusterConfig: { serviceName: "outbound|80||eds" } },
    ],
    endpoints: [{ clusterName: "outbound|80||eds", endpoints: [{ lbEndpoints: [{}] }, { lbEndpoints: [{}, {}], priority: 1 }] }],
  };
  assert.deepEqual(virtualHostClusters(xds, "80", "a"), ["outbound|80||a", "outbound|80||b"]);
  assert.equal(virtualHostClusters(xds, "80", "a.default"), null, "domains must contain exactly the name");
  assert.equal(virtualHostClusters(xds, "80", "blackhole"), null, "no cluster routes");
  assert.equal(virtualHostClusters(xds, "8080", "a"), null);
  assert.deepEqual(inboundClusters(xds), { "inbound|80||": ["127.0.0.1:80"], "inbound|81||": null, "inbound|82||": ["/socket"] });
  assert.deepEqual(listenerShape(xds, 8080), { port: 8080, listenerCount: 1, listeners: ["0.0.0.0_8080"], listener: "0.0.0.0_8080", filterChainMatcher: false, prefixRangeChains: 3, prefixLen: 32, prefixLens: [32], defaultFilterChain: true });
  assert.equal(listenerShape(xds, 9).listenerCount, 0);
  assert.deepEqual(listenerTls(xds, "0.0.0.0_443", 0), { listener: "0.0.0.0_443", found: true, transportSocket: true, certificateSdsSecretName: "my-credential", sdsGrpcCluster: "sds-grpc" });
  assert.equal(listenerTls(xds, "0.0.0.0_443", 5).found, false);
  assert.deepEqual(clusterShape(xds, "outbound|443||dns"), { cluster: "outbound|443||dns", found: true, clusterType: "STRICT_DNS", localityGroups: 1, lbEndpointsPerGroup: [2], priorities: [0] });
  assert.deepEqual(clusterShape(xds, "outbound|80||eds"), { cluster: "outbound|80||eds", found: true, clusterType: "EDS", localityGroups: 2, lbEndpointsPerGroup: [1, 2], priorities: [0, 1] });
});
