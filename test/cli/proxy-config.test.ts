import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import {
  anyOf,
  Cluster_DiscoveryType,
  ENVOY_TYPES,
  HealthStatus,
  toEnvoyJson,
  type Bootstrap,
  type Cluster,
  type ClusterLoadAssignment,
  type ConfigDump,
  type FilterChain,
  type Listener,
  type RouteConfiguration,
  type Secret,
} from "../../src/compile/envoy/index.js";
import { REPO_ROOT } from "../helpers/shared.js";

// ---------- the fixture: a productpage sidecar's config dump, built from typed objects ----------
// Regenerate fixtures/xds/sidecar.config_dump.json with UPDATE_FIXTURES=1.

export const FIXTURE = "fixtures/xds/sidecar.config_dump.json";
const FIXTURE_PATH = join(REPO_ROOT, FIXTURE);

const LEAF_PEM = `-----BEGIN CERTIFICATE-----
MIIBtzCCAV6gAwIBAgICKlswCgYIKoZIzj0EAwIwGDEWMBQGA1UECgwNY2x1c3Rl
ci5sb2NhbDAeFw0yNjExMjEwNjI0NTdaFw0zNjExMTgwNjI0NTdaMBgxFjAUBgNV
BAoMDWNsdXN0ZXIubG9jYWwwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQlIcW+
Cnoo5GgBBJObn2tsFZPdEXZsvdHb4fkqHWYd5iaj3dNZqlcykBkRN8go/mWq1LUh
tJJLxxOeaQk/84qco4GXMIGUMB0GA1UdDgQWBBQQqSYORxw3Kf5c5tr6h7AHg7XX
VzAfBgNVHSMEGDAWgBQQqSYORxw3Kf5c5tr6h7AHg7XXVzBEBgNVHREEPTA7hjlz
cGlmZmU6Ly9jbHVzdGVyLmxvY2FsL25zL2RlZmF1bHQvc2EvYm9va2luZm8tcHJv
ZHVjdHBhZ2UwDAYDVR0TAQH/BAIwADAKBggqhkjOPQQDAgNHADBEAiBnaQR9oBkf
Sq1plxsaIFdC+/+U0wwTfFLG/sNUqFMXqAIgK2/iv28ywGcXv+EIObRCNiBZR2Ss
tkURPoCnlZkZZu4=
-----END CERTIFICATE-----
`;
const ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBkjCCATegAwIBAgICHwAwCgYIKoZIzj0EAwIwJzEWMBQGA1UECgwNY2x1c3Rl
ci5sb2NhbDENMAsGA1UEAwwEcm9vdDAeFw0yNjExMjEwNjI0NTdaFw0zNjExMTgw
NjI0NTdaMCcxFjAUBgNVBAoMDWNsdXN0ZXIubG9jYWwxDTALBgNVBAMMBHJvb3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASD65wbtxcHZdP3Z9IUtbGD7dKd7gAz
1AHITLef6ppxl7JGQn/3eZQ2cfY2cENX7x1RNCh7gWASbF1sYBvsjLhFo1MwUTAd
BgNVHQ4EFgQUjWrvWtCxlbtRFW4RwckWflcMXIAwHwYDVR0jBBgwFoAUjWrvWtCx
lbtRFW4RwckWflcMXIAwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG
AiEAs8DB5TfLvWijiQ6EdMZgRX5V1vxtvRQAJxQFVKV3lNkCIQCut5oFiMsubzDm
mL5zUZx2IDz8XLDmbwc5vq1r4W+9mQ==
-----END CERTIFICATE-----
`;

const sock = (address: string, portValue: number) => ({ socketAddress: { address, portValue } });
const tcp = (cluster: string) => ({ name: "envoy.filters.network.tcp_proxy", typedConfig: anyOf(ENVOY_TYPES.tcpProxy, { statPrefix: cluster, cluster }) });
const router = { name: "envoy.filters.http.router", typedConfig: anyOf(ENVOY_TYPES.router, {}) };
const vs = (name: string) => ({ filterMetadata: { istio: { config: `/apis/networking.istio.io/v1/namespaces/default/virtual-service/${name}` } } });
const dr = (name: string) => ({ filterMetadata: { istio: { config: `/apis/networking.istio.io/v1/namespaces/default/destination-rule/${name}` } } });
const svc = (name: string) => `${name}.default.svc.cluster.local`;
const out = (name: string, subset = "") => `outbound|9080|${subset}|${svc(name)}`;
const TLS_INSPECTOR = { name: "envoy.filters.listener.tls_inspector", typedConfig: anyOf(ENVOY_TYPES.tlsInspector, {}) };
const HTTP_INSPECTOR = { name: "envoy.filters.listener.http_inspector", typedConfig: anyOf(ENVOY_TYPES.httpInspector, {}) };
const ORIGINAL_DST = { name: "envoy.filters.listener.original_dst", typedConfig: anyOf(ENVOY_TYPES.originalDst, {}) };
const passthrough: FilterChain = { name: "PassthroughFilterChain", filters: [tcp("PassthroughCluster")] };

function hcm(statPrefix: string, source: { rds: string } | { routeConfig: RouteConfiguration }, filters = [router]) {
  return {
    name: "envoy.filters.network.http_connection_manager",
    typedConfig: anyOf(ENVOY_TYPES.httpConnectionManager, {
      statPrefix,
      ...("rds" in source ? { rds: { routeConfigName: source.rds, configSource: { ads: {} } } } : { routeConfig: source.routeConfig }),
      httpFilters: filters,
    }),
  };
}

const inboundRoutes: RouteConfiguration = {
  name: "inbound|9080||",
  virtualHosts: [{ name: "inbound|http|9080", domains: ["*"], routes: [{ name: "default", match: { prefix: "/" }, route: { cluster: "inbound|9080||", timeout: { seconds: 0 } } }] }],
};
const rbac = { name: "envoy.filters.http.rbac", typedConfig: anyOf(ENVOY_TYPES.httpRbac, {}) };
const mtls = {
  name: "envoy.transport_sockets.tls",
  typedConfig: anyOf(ENVOY_TYPES.downstreamTlsContext, {
    commonTlsContext: {
      tlsCertificateSdsSecretConfigs: [{ name: "default", sdsConfig: { apiConfigSource: { grpcServices: [{ envoyGrpc: { clusterName: "sds-grpc" } }] } } }],
      alpnProtocols: ["h2", "http/1.1"],
    },
    requireClientCertificate: true,
  }),
};

const listeners: Listener[] = [
  {
    name: "virtualOutbound",
    address: sock("0.0.0.0", 15001),
    useOriginalDst: true,
    listenerFilters: [ORIGINAL_DST],
    filterChains: [{ name: "virtualOutbound-blackhole", filterChainMatch: { destinationPort: 15001, prefixRanges: [{ addressPrefix: "10.1.0.5", prefixLen: 32 }] }, filters: [tcp("BlackHoleCluster")] }],
    defaultFilterChain: passthrough,
  },
  {
    name: "0.0.0.0_9080",
    address: sock("0.0.0.0", 9080),
    bindToPort: false,
    listenerFilters: [TLS_INSPECTOR, HTTP_INSPECTOR],
    filterChains: [
      {
        filterChainMatch: { transportProtocol: "raw_buffer", applicationProtocols: ["http/1.1", "h2c"] },
        filters: [hcm("outbound_0.0.0.0_9080", { rds: "9080" }, [{ name: "envoy.filters.http.fault", typedConfig: anyOf(ENVOY_TYPES.fault, {}) }, { name: "envoy.filters.http.cors", typedConfig: anyOf(ENVOY_TYPES.cors, {}) }, router])],
      },
    ],
    defaultFilterChain: passthrough,
  },
  { name: "10.96.0.10_53", address: sock("10.96.0.10", 53), bindToPort: false, filterChains: [{ filters: [tcp("outbound|53||kube-dns.kube-system.svc.cluster.local")] }], defaultFilterChain: passthrough },
  {
    name: "virtualInbound",
    address: sock("0.0.0.0", 15006),
    useOriginalDst: true,
    listenerFilters: [ORIGINAL_DST, { ...TLS_INSPECTOR, filterDisabled: { destinationPortRange: { start: 15006, end: 15007 } } }, HTTP_INSPECTOR],
    filterChains: [
      { name: "virtualInbound-blackhole", filterChainMatch: { destinationPort: 15006 }, filters: [tcp("BlackHoleCluster")] },
      { name: "0.0.0.0_9080", filterChainMatch: { destinationPort: 9080, transportProtocol: "tls", applicationProtocols: ["istio-http/1.0", "istio-http/1.1", "istio-h2"] }, transportSocket: mtls, filters: [hcm("inbound_0.0.0.0_9080", { routeConfig: inboundRoutes }, [rbac, router])] },
      { name: "0.0.0.0_9080", filterChainMatch: { destinationPort: 9080, transportProtocol: "raw_buffer" }, filters: [hcm("inbound_0.0.0.0_9080", { routeConfig: inboundRoutes }, [rbac, router])] },
      { name: "virtualInbound", filterChainMatch: { transportProtocol: "raw_buffer" }, filters: [tcp("InboundPassthroughCluster")] },
    ],
  },
];

const prometheusRoutes: RouteConfiguration = { virtualHosts: [{ name: "backend", domains: ["*"], routes: [{ match: { prefix: "/stats/prometheus" }, route: { cluster: "prometheus_stats" } }] }] };
const prometheusListener: Listener = { name: "0.0.0.0_15090", address: sock("0.0.0.0", 15090), filterChains: [{ filters: [hcm("stats", { routeConfig: prometheusRoutes })] }] };

const routes: RouteConfiguration[] = [
  {
    name: "9080",
    ignorePortInHostMatching: true,
    validateClusters: false,
    virtualHosts: [
      {
        name: `${svc("reviews")}:9080`,
        domains: [svc("reviews"), "reviews", "reviews.default.svc", "reviews.default", "10.96.1.1"],
        routes: [
          { name: "jason", match: { prefix: "/", headers: [{ name: "end-user", stringMatch: { exact: "jason" } }] }, route: { cluster: out("reviews", "v2"), timeout: { seconds: 0 } }, metadata: vs("reviews") },
          {
            name: "split",
            match: { prefix: "/" },
            route: {
              weightedClusters: { clusters: [{ name: out("reviews", "v1"), weight: 80 }, { name: out("reviews", "v2"), weight: 20 }] },
              timeout: { seconds: 10 },
              retryPolicy: { retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", numRetries: 2, retriableStatusCodes: [503] },
            },
            metadata: vs("reviews"),
          },
        ],
      },
      {
        name: `${svc("ratings")}:9080`,
        domains: [svc("ratings"), "ratings"],
        routes: [
          {
            name: "ratings-fault",
            match: { prefix: "/ratings" },
            route: { cluster: out("ratings") },
            typedPerFilterConfig: { "envoy.filters.http.fault": anyOf(ENVOY_TYPES.fault, { abort: { httpStatus: 503, percentage: { numerator: 50 } }, delay: { fixedDelay: { seconds: 2 }, percentage: { numerator: 10 } } }) },
            metadata: vs("ratings"),
          },
        ],
      },
      {
        name: `${svc("details")}:9080`,
        domains: [svc("details"), "details"],
        routes: [
          {
            name: "default",
            match: { prefix: "/" },
            route: { cluster: out("details"), requestMirrorPolicies: [{ cluster: out("details", "v2"), runtimeFraction: { defaultValue: { numerator: 25 } } }], cors: { allowMethods: "GET,POST" } },
          },
        ],
      },
      { name: "allow_any", domains: ["*"], routes: [{ name: "allow_any", match: { prefix: "/" }, route: { cluster: "PassthroughCluster", timeout: { seconds: 0 } } }] },
    ],
  },
];

const eds = (name: string, metadata?: Cluster["metadata"]): Cluster => ({ name, type: Cluster_DiscoveryType.EDS, edsClusterConfig: { serviceName: name, edsConfig: { ads: {} } }, connectTimeout: { seconds: 10 }, ...(metadata ? { metadata } : {}) });
const staticCluster = (name: string, address: object): Cluster => ({ name, type: Cluster_DiscoveryType.STATIC, loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address } }] }] } });

const clusters: Cluster[] = [
  eds(out("reviews")),
  eds(out("reviews", "v1"), dr("reviews")),
  eds(out("reviews", "v2"), dr("reviews")),
  eds(out("ratings")),
  eds(out("details")),
  eds(out("details", "v2")),
  { ...eds("outbound|53||kube-dns.kube-system.svc.cluster.local") },
  staticCluster("inbound|9080||", sock("127.0.0.1", 9080)),
  { name: "BlackHoleCluster", type: Cluster_DiscoveryType.STATIC },
  { name: "PassthroughCluster", type: Cluster_DiscoveryType.ORIGINAL_DST },
  { name: "InboundPassthroughCluster", type: Cluster_DiscoveryType.ORIGINAL_DST },
];
const staticClusters: Cluster[] = [staticCluster("prometheus_stats", sock("127.0.0.1", 15000)), staticCluster("sds-grpc", { pipe: { path: "./var/run/secrets/workload-spiffe-uds/socket" } })];

const zone = { region: "us-east1", zone: "us-east1-b" };
const ep = (address: string, port: number, healthStatus = HealthStatus.HEALTHY) => ({ endpoint: { address: sock(address, port) }, healthStatus, loadBalancingWeight: 1 });
const endpoints: ClusterLoadAssignment[] = [
  { clusterName: out("reviews", "v1"), endpoints: [{ locality: zone, lbEndpoints: [ep("10.1.0.11", 9080)] }] },
  { clusterName: out("reviews", "v2"), endpoints: [{ locality: zone, lbEndpoints: [ep("10.1.0.12", 9080)] }] },
  { clusterName: out("reviews"), endpoints: [{ locality: zone, lbEndpoints: [ep("10.1.0.11", 9080), ep("10.1.0.12", 9080)] }] },
  { clusterName: out("ratings"), endpoints: [{ locality: { region: "us-east1", zone: "us-east1-c", subZone: "rack7" }, lbEndpoints: [ep("10.1.0.21", 9080)] }] },
  { clusterName: out("details"), endpoints: [{ lbEndpoints: [ep("10.1.0.31", 9080), ep("10.1.0.32", 9080, HealthStatus.UNHEALTHY)] }] },
  { clusterName: "outbound|53||kube-dns.kube-system.svc.cluster.local", endpoints: [{ lbEndpoints: [ep("10.1.0.2", 53)] }] },
];

const secrets: Array<{ name: string; secret?: Secret }> = [
  { name: "default", secret: { name: "default", tlsCertificate: { certificateChain: { inlineBytes: Buffer.from(LEAF_PEM) }, privateKey: { inlineString: "[redacted]" } } } },
  { name: "ROOTCA", secret: { name: "ROOTCA", validationContext: { trustedCa: { inlineBytes: Buffer.from(ROOT_PEM) } } } },
];

const bootstrap: Bootstrap = {
  node: {
    id: "sidecar~10.1.0.5~productpage-v1-6b746f74dc-9stvs.default~default.svc.cluster.local",
    cluster: "productpage.default",
    metadata: { ISTIO_VERSION: "1.23.0", CLUSTER_ID: "Kubernetes" },
    userAgentName: "envoy",
    userAgentBuildVersion: { version: { majorNumber: 1, minorNumber: 31, patch: 2 } },
  },
  staticResources: { listeners: [prometheusListener], clusters: staticClusters },
  dynamicResources: { ldsConfig: { ads: {} }, cdsConfig: { ads: {} }, adsConfig: { grpcServices: [{ envoyGrpc: { clusterName: "xds-grpc" } }] } },
  admin: { address: sock("127.0.0.1", 15000) },
};

const at = { seconds: 1_767_225_600 }; // 2026-01-01T00:00:00Z

export function buildFixtureDump(): ConfigDump {
  return {
    configs: [
      anyOf(ENVOY_TYPES.bootstrapConfigDump, { bootstrap, lastUpdated: at }),
      anyOf(ENVOY_TYPES.clustersConfigDump, {
        versionInfo: "2026-01-01T00:00:00Z/7",
        staticClusters: staticClusters.map((c) => ({ cluster: anyOf(ENVOY_TYPES.cluster, c), lastUpdated: at })),
        dynamicActiveClusters: clusters.map((c) => ({ versionInfo: "2026-01-01T00:00:00Z/7", cluster: anyOf(ENVOY_TYPES.cluster, c), lastUpdated: at })),
      }),
      anyOf(ENVOY_TYPES.endpointsConfigDump, {
        staticEndpointConfigs: staticClusters.map((c) => ({ endpointConfig: anyOf(ENVOY_TYPES.clusterLoadAssignment, c.loadAssignment!) })),
        dynamicEndpointConfigs: endpoints.map((e) => ({ endpointConfig: anyOf(ENVOY_TYPES.clusterLoadAssignment, e) })),
      }),
      anyOf(ENVOY_TYPES.listenersConfigDump, {
        versionInfo: "2026-01-01T00:00:00Z/7",
        staticListeners: [{ listener: anyOf(ENVOY_TYPES.listener, prometheusListener), lastUpdated: at }],
        dynamicListeners: listeners.map((l) => ({ name: l.name!, activeState: { versionInfo: "2026-01-01T00:00:00Z/7", listener: anyOf(ENVOY_TYPES.listener, l), lastUpdated: at } })),
      }),
      anyOf(ENVOY_TYPES.routesConfigDump, {
        staticRouteConfigs: [{ routeConfig: anyOf(ENVOY_TYPES.routeConfiguration, prometheusRoutes), lastUpdated: at }],
        dynamicRouteConfigs: routes.map((r) => ({ versionInfo: "2026-01-01T00:00:00Z/7", routeConfig: anyOf(ENVOY_TYPES.routeConfiguration, r), lastUpdated: at })),
      }),
      anyOf(ENVOY_TYPES.secretsConfigDump, {
        dynamicActiveSecrets: secrets.map((s) => ({ name: s.name, versionInfo: "2026-01-01T00:00:00Z/7", lastUpdated: at, secret: anyOf(ENVOY_TYPES.secret, s.secret!) })),
        dynamicWarmingSecrets: [{ name: "kubernetes://missing-credential", versionInfo: "uninitialized", lastUpdated: at }],
      }),
    ],
  };
}

function fixtureText(): string {
  return JSON.stringify(toEnvoyJson(ENVOY_TYPES.configDump, buildFixtureDump()), null, 2) + "\n";
}

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const NOW = ["--now", "2027-01-01T00:00:00Z"];

test("the committed fixture is the typed objects' Envoy JSON (UPDATE_FIXTURES=1 rewrites it)", () => {
  const text = fixtureText();
  if (process.env.UPDATE_FIXTURES === "1") writeFileSync(FIXTURE_PATH, text);
  assert.equal(readFileSync(FIXTURE_PATH, "utf8"), text);
});

test("listeners: one row per filter chain, istioctl's columns and order", async () => {
  const r = await run(["proxy-config", "listeners", "productpage-v1.default", "-f", FIXTURE]);
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    `ADDRESSES  PORT  MATCH                                                                 DESTINATION
10.96.0.10 53    ALL                                                                   PassthroughCluster
10.96.0.10 53    ALL                                                                   Cluster: outbound|53||kube-dns.kube-system.svc.cluster.local
0.0.0.0    9080  Trans: raw_buffer; App: http/1.1,h2c                                  Route: 9080
0.0.0.0    9080  ALL                                                                   PassthroughCluster
0.0.0.0    15001 ALL                                                                   PassthroughCluster
0.0.0.0    15001 Addr: 10.1.0.5/32:15001                                               Non-HTTP/Non-TCP
0.0.0.0    15006 Addr: *:15006                                                         Non-HTTP/Non-TCP
0.0.0.0    15006 Trans: raw_buffer                                                     InboundPassthroughCluster
0.0.0.0    15006 Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:9080 Cluster: inbound|9080||
0.0.0.0    15006 Trans: raw_buffer; Addr: *:9080                                       Cluster: inbound|9080||
0.0.0.0    15090 ALL                                                                   Inline Route: /stats/prometheus*
`,
  );
});

test("listeners: --port, --address, --type filters and --brief", async () => {
  const port = await run(["pc", "listener", "-f", FIXTURE, "--port", "9080"]);
  assert.deepEqual(port.out.trim().split("\n").slice(1).map((l) => l.split(/\s+/)[1]), ["9080", "9080"]);
  const address = await run(["pc", "listeners", "-f", FIXTURE, "--address", "10.96.0.10"]);
  assert.equal(address.out.trim().split("\n").length, 3);
  const brief = await run(["pc", "listeners", "-f", FIXTURE, "--brief", "--type", "http"]);
  assert.equal(brief.out, "ADDRESSES PORT  TYPE\n0.0.0.0   15090 HTTP\n");
  const mixed = await run(["pc", "listeners", "-f", FIXTURE, "--brief", "--type", "HTTP+TCP"]);
  assert.equal(mixed.out, "ADDRESSES PORT  TYPE\n0.0.0.0   9080  HTTP+TCP\n0.0.0.0   15006 HTTP+TCP\n");
  const none = await run(["pc", "listeners", "-f", FIXTURE, "--port", "1"]);
  assert.equal(none.out, "ADDRESSES PORT MATCH DESTINATION\n", "a filter that keeps nothing prints the header");
});

test("routes: NAME VHOST NAME DOMAINS MATCH VIRTUAL SERVICE; --name; --brief", async () => {
  const r = await run(["pc", "routes", "-f", FIXTURE]);
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    `NAME     VHOST NAME                                 DOMAINS                                        MATCH                  VIRTUAL SERVICE
9080     reviews.default.svc.cluster.local:9080     reviews, reviews.default + 1 more...           /*                     reviews.default
9080     reviews.default.svc.cluster.local:9080     reviews, reviews.default + 1 more...           /*                     reviews.default
9080     ratings.default.svc.cluster.local:9080     ratings.default.svc.cluster.local, ratings     /ratings*              ratings.default
9080     details.default.svc.cluster.local:9080     details.default.svc.cluster.local, details     /*
         backend                                    *                                              /stats/prometheus*
`,
  );
  assert.equal((await run(["pc", "routes", "-f", FIXTURE, "--brief"])).out, "NAME     VIRTUAL HOSTS\n9080     4\n         1\n");
  assert.equal((await run(["pc", "routes", "-f", FIXTURE, "--name", "9080", "--brief"])).out, "NAME     VIRTUAL HOSTS\n9080     4\n");
});

test("clusters: SERVICE FQDN PORT SUBSET DIRECTION TYPE DESTINATION RULE; --fqdn --port --subset --direction", async () => {
  const r = await run(["pc", "clusters", "-f", FIXTURE]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split("\n");
  assert.equal(lines[0], "SERVICE FQDN                               PORT     SUBSET     DIRECTION     TYPE             DESTINATION RULE");
  assert.equal(lines.length, 14);
  assert.equal(lines[1], "                                           9080     -          inbound       STATIC", "inbound|9080|| has an empty FQDN, as in istioctl");
  assert.equal(lines[3], "InboundPassthroughCluster                  -        -          -             ORIGINAL_DST");
  const filtered = await run(["pc", "clusters", "-f", FIXTURE, "--fqdn", "reviews", "--port", "9080", "--subset", "v1", "--direction", "outbound"]);
  assert.equal(filtered.out, "SERVICE FQDN                          PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE\nreviews.default.svc.cluster.local     9080     v1         outbound      EDS      reviews.default\n");
});

test("endpoints: ENDPOINT STATUS LOCALITY CLUSTER; --cluster --status --address --port", async () => {
  const r = await run(["pc", "endpoints", "-f", FIXTURE, "--cluster", "outbound|9080||reviews.default.svc.cluster.local"]);
  assert.equal(
    r.out,
    `ENDPOINT           STATUS      LOCALITY                CLUSTER
10.1.0.11:9080     HEALTHY     us-east1/us-east1-b     outbound|9080||reviews.default.svc.cluster.local
10.1.0.12:9080     HEALTHY     us-east1/us-east1-b     outbound|9080||reviews.default.svc.cluster.local
`,
  );
  const unhealthy = await run(["pc", "ep", "-f", FIXTURE, "--status", "unhealthy"]);
  assert.match(unhealthy.out, /^ENDPOINT {11}STATUS {8}LOCALITY {5}CLUSTER\n10\.1\.0\.32:9080 {5}UNHEALTHY {18}outbound\|9080\|\|details\.default\.svc\.cluster\.local\n$/);
  const byAddress = await run(["pc", "endpoints", "-f", FIXTURE, "--address", "10.1.0.11:9080"]);
  assert.equal(byAddress.out.trim().split("\n").length, 3, "in the service cluster and its v1 subset");
  const pipe = await run(["pc", "endpoints", "-f", FIXTURE, "--cluster", "sds-grpc"]);
  assert.match(pipe.out, /\.\/var\/run\/secrets\/workload-spiffe-uds\/socket {5}UNKNOWN/);
});

test("secrets: RESOURCE NAME TYPE STATUS VALID CERT SERIAL NUMBER NOT AFTER NOT BEFORE", async () => {
  const r = await run(["pc", "secrets", "-f", FIXTURE, ...NOW]);
  assert.equal(
    r.out,
    `RESOURCE NAME                       TYPE           STATUS      VALID CERT     SERIAL NUMBER     NOT AFTER                NOT BEFORE
kubernetes://missing-credential                    WARMING     false
default                             Cert Chain     ACTIVE      true           2a5b              2036-11-18T06:24:57Z     2026-11-21T06:24:57Z
ROOTCA                              CA             ACTIVE      true           1f00              2036-11-18T06:24:57Z     2026-11-21T06:24:57Z
`,
  );
  const expired = await run(["pc", "secrets", "-f", FIXTURE, "--now", "2040-01-01T00:00:00Z"]);
  assert.match(expired.out, /default {29}Cert Chain {5}ACTIVE {6}false/);
});

test("bootstrap: a summary, or the BootstrapConfigDump as JSON", async () => {
  const r = await run(["pc", "bootstrap", "-f", FIXTURE]);
  assert.match(r.out, /^FIELD {16}VALUE\nNODE ID {14}sidecar~10\.1\.0\.5~productpage-v1/);
  assert.match(r.out, /ISTIO VERSION {8}1\.23\.0\nENVOY VERSION {8}1\.31\.2\nADMIN {16}127\.0\.0\.1:15000\n/);
  const json = JSON.parse((await run(["pc", "bootstrap", "-f", FIXTURE, "-o", "json"])).out);
  assert.equal(json.bootstrap.node.cluster, "productpage.default");
  assert.equal(json.bootstrap.admin.address.socket_address.port_value, 15000);
});

test("-o json / yaml: the filtered resources in Envoy's JSON (snake_case, @type first)", async () => {
  const listeners = JSON.parse((await run(["pc", "listeners", "-f", FIXTURE, "--port", "9080", "-o", "json"])).out);
  assert.deepEqual(listeners.map((l: { name: string }) => l.name), ["0.0.0.0_9080"]);
  assert.equal(listeners[0].filter_chains[0].filters[0].typed_config["@type"], "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager");
  const clusters = JSON.parse((await run(["pc", "clusters", "-f", FIXTURE, "--fqdn", "ratings", "-o", "json"])).out);
  assert.deepEqual(clusters.map((c: { name: string; type: string }) => [c.name, c.type]), [["outbound|9080||ratings.default.svc.cluster.local", "EDS"]]);
  const endpoints = JSON.parse((await run(["pc", "endpoints", "-f", FIXTURE, "--status", "UNHEALTHY", "-o", "json"])).out);
  assert.deepEqual(endpoints.map((e: { cluster_name: string; endpoints: Array<{ lb_endpoints: unknown[] }> }) => [e.cluster_name, e.endpoints[0]!.lb_endpoints.length]), [["outbound|9080||details.default.svc.cluster.local", 1]]);
  const secrets = JSON.parse((await run(["pc", "secrets", "-f", FIXTURE, "-o", "json"])).out);
  assert.deepEqual(secrets.dynamic_active_secrets.map((s: { name: string }) => s.name), ["default", "ROOTCA"]);
  const yaml = (await run(["pc", "routes", "-f", FIXTURE, "--name", "9080", "-o", "yaml"])).out;
  assert.match(yaml, /^- name: "?9080"?\n {2}virtual_hosts:\n/);
  const all = JSON.parse((await run(["pc", "all", "-f", FIXTURE, "-o", "json"])).out);
  assert.deepEqual(all.configs.map((c: { "@type": string }) => c["@type"].split(".").at(-1)), ["BootstrapConfigDump", "ClustersConfigDump", "EndpointsConfigDump", "ListenersConfigDump", "RoutesConfigDump", "SecretsConfigDump"]);
});

test("all -o short: every table, separated by blank lines", async () => {
  const r = await run(["pc", "all", "-f", FIXTURE, ...NOW]);
  assert.equal(r.code, 0);
  const headers = r.out.split("\n\n").map((block) => block.split("\n")[0]!.split(/\s{2,}/)[0]);
  assert.deepEqual(headers, ["SERVICE FQDN", "ADDRESSES", "NAME", "ENDPOINT", "RESOURCE NAME"]);
});

test("the dump from stdin; --flavor stock accepts a stock dump", async () => {
  const r = await run(["pc", "routes", "-f", "-", "--flavor", "stock", "--brief"], readFileSync(FIXTURE_PATH, "utf8"));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^NAME {5}VIRTUAL HOSTS\n9080 {5}4\n/);
});

test("errors: no input, missing file, not JSON, strict parsing, an empty section, YAML paths", async () => {
  const none = await run(["pc", "listeners"]);
  assert.equal(none.code, 64);
  assert.match(none.err, /no input: give -f/);
  const missing = await run(["pc", "listeners", "-f", "fixtures/xds/nope.json"]);
  assert.deepEqual([missing.code, missing.err], [65, "meshc: fixtures/xds/nope.json: cannot read the config dump: no such file\n"]);
  const garbage = await run(["pc", "listeners", "-f", "-"], "{not json");
  assert.equal(garbage.code, 65);
  assert.match(garbage.err, /<stdin>: not a JSON \(or YAML\) config dump/);
  const unknown = await run(["pc", "listeners", "-f", "-"], JSON.stringify({ configs: [{ "@type": "type.googleapis.com/envoy.admin.v3.ListenersConfigDump", bogus: 1 }] }));
  assert.equal(unknown.code, 65);
  assert.match(unknown.err, /invalid Envoy JSON for envoy\.admin\.v3\.ConfigDump: .*bogus/);
  const empty = await run(["pc", "secrets", "-f", "-"], JSON.stringify({ configs: [] }));
  assert.deepEqual([empty.code, empty.err], [65, "meshc: <stdin>: no secrets found in the config dump\n"]);
  const noWorkload = await run(["pc", "listeners", "productpage.default", "fixtures/blog-app/"]);
  assert.equal(noWorkload.code, 65);
  assert.match(noWorkload.err, /no workload/);
  // YAML paths compile the workload's proxy config.
  const routes = await run(["pc", "routes", "frontend.blog-app", "fixtures/blog-app/"]);
  assert.equal(routes.code, 0, routes.err);
  assert.match(routes.out, /posts\.blog-app\.svc\.cluster\.local:9080/);
  const badPort = await run(["pc", "listeners", "-f", FIXTURE, "--port", "x"]);
  assert.equal(badPort.code, 64);
  const badType = await run(["pc", "nonsense", "-f", FIXTURE]);
  assert.equal(badType.code, 64);
});
