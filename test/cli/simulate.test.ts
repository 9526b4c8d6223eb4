import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";

const FIXTURE = "fixtures/xds/sidecar.config_dump.json";

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function json(args: string[]) {
  const r = await run(["simulate", "-f", FIXTURE, "-o", "json", ...args]);
  return { code: r.code, result: JSON.parse(r.out) };
}

test("text: the path through the proxy and the policies, then a verdict", async () => {
  const r = await run(["simulate", "productpage-v1.default", "-f", FIXTURE, "--url", "http://reviews:9080/reviews/1"]);
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    `Request:         GET http://reviews:9080/reviews/1 (HTTP/1.1, plaintext, to 1.3.3.7:9080)
Listener:        0.0.0.0_9080
Inspectors:      TLS yes, HTTP yes
Filter chain:    (unnamed)
Network filters: envoy.filters.network.http_connection_manager
HTTP filters:    envoy.filters.http.fault, envoy.filters.http.cors, envoy.filters.http.router
Route config:    9080
Virtual host:    reviews.default.svc.cluster.local:9080
Route:           split (#1)  from reviews.default
Clusters:        outbound|9080|v1|reviews.default.svc.cluster.local 80%, outbound|9080|v2|reviews.default.svc.cluster.local 20%
Timeout:         10s
Retries:         2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes, status 503
✔ routed to weighted clusters
`,
  );
});

test("headers select routes (Envoy semantics); --istio ignores them", async () => {
  const jason = await json(["--url", "http://reviews:9080/", "-H", "end-user: jason"]);
  assert.deepEqual([jason.result.routeName, jason.result.cluster], ["jason", "outbound|9080|v2|reviews.default.svc.cluster.local"]);
  const other = await json(["--url", "http://reviews:9080/", "-H", "end-user: bob"]);
  assert.deepEqual([other.result.routeName, other.result.cluster, other.result.route.weightedClusters.length], ["split", "", 2]);
  const istio = await json(["--url", "http://reviews:9080/", "--istio"]);
  assert.equal(istio.result.routeName, "jason", "path only: the first route wins");
  const hostHeader = await json(["--url", "http://10.96.1.1:9080/", "-H", "Host: reviews"]);
  assert.equal(hostHeader.result.virtualHost, "reviews.default.svc.cluster.local:9080");
  assert.equal(hostHeader.result.call.address, "10.96.1.1", "an IP host is the destination address");
});

test("policies: fault, mirror, CORS, retries and timeout in JSON", async () => {
  const ratings = await json(["--url", "http://ratings:9080/ratings/7"]);
  assert.deepEqual(ratings.result.route.fault, { delay: { fixedDelay: "2s", percent: 10 }, abort: { percent: 50, httpStatus: 503 } });
  const details = await json(["--url", "http://details:9080/", "-X", "post"]);
  assert.deepEqual([details.result.call.method, details.result.route.mirrors, details.result.route.cors], ["POST", [{ cluster: "outbound|9080|v2|details.default.svc.cluster.local", percent: 25 }], true]);
  const reviews = await json(["--url", "http://reviews:9080/"]);
  assert.deepEqual([reviews.result.route.timeout, reviews.result.route.retries.numRetries], ["10s", 2]);
});

test("inbound: mTLS accepted, one-way TLS finds no chain, plaintext allowed (permissive)", async () => {
  const mtls = await json(["--url", "http://x/", "--inbound", "--port", "9080", "--mtls"]);
  assert.deepEqual([mtls.code, mtls.result.filterChain, mtls.result.cluster, mtls.result.tlsContext], [0, "0.0.0.0_9080", "inbound|9080||", { certificateSdsSecretName: "default", requireClientCertificate: true }]);
  const tls = await run(["simulate", "-f", FIXTURE, "--url", "https://x/", "--inbound", "--port", "9080"]);
  assert.equal(tls.code, 79);
  assert.match(tls.out, /✘ no_filter_chain: the listener has no filter chain for this connection/);
  const plain = await json(["--url", "http://x/", "--inbound", "--port", "9080"]);
  assert.deepEqual([plain.result.filterChain, plain.result.httpFilters], ["0.0.0.0_9080", ["envoy.filters.http.rbac", "envoy.filters.http.router"]]);
  const tcp = await json(["--url", "tcp://x:5000", "--inbound"]);
  assert.deepEqual([tcp.result.filterChain, tcp.result.cluster], ["virtualInbound", "InboundPassthroughCluster"]);
  const alpn = await json(["--url", "https://x/", "--inbound", "--port", "9080", "--alpn", "istio-http/1.1"]);
  assert.deepEqual([alpn.code, alpn.result.error], [79, "mtls_error"], "the mTLS chain refuses one-way TLS");
});

test("failures in plain words: protocol error, blackhole, passthrough", async () => {
  const tlsTcp = await run(["simulate", "-f", FIXTURE, "--url", "tls://reviews:9080", "--inbound"]);
  assert.equal(tlsTcp.code, 79, "TLS without an istio ALPN matches no inbound chain");
  const tlsIntoHttp = await json(["--url", "https://reviews:9080/"]);
  assert.deepEqual([tlsIntoHttp.code, tlsIntoHttp.result.error, tlsIntoHttp.result.filterChain], [0, undefined, "PassthroughFilterChain"], "TLS to 9080 skips the plaintext HTTP chain");
  const tcpIntoHcm = await run(["simulate", "-f", FIXTURE, "--url", "tcp://x:9080", "--inbound"]);
  assert.equal(tcpIntoHcm.code, 79);
  assert.match(tcpIntoHcm.out, /✘ protocol_error: the connection does not speak what the filter chain expects\n  the call is tcp, but filter chain 0\.0\.0\.0_9080 is an HTTP connection manager\n$/);
  const proto = await run(["simulate", "-f", FIXTURE, "--url", "http://reviews:9080/", "--protocol", "tcp"]);
  assert.equal(proto.code, 0, "raw TCP on 9080 goes to the default (passthrough) chain");
  assert.match(proto.out, /Filter chain: {4}PassthroughFilterChain\n/);
  const loop = await json(["--url", "tcp://10.1.0.5:15001"]);
  assert.deepEqual([loop.result.listener, loop.result.filterChain, loop.result.cluster], ["virtualOutbound", "virtualOutbound-blackhole", "BlackHoleCluster"], "the loop guard: the proxy's own IP on 15001");
  const dns = await json(["--url", "tcp://10.96.0.10:53"]);
  assert.deepEqual([dns.result.listener, dns.result.cluster, dns.result.chainKind], ["10.96.0.10_53", "outbound|53||kube-dns.kube-system.svc.cluster.local", "tcp"]);
});

test("-o yaml and usage errors", async () => {
  const yaml = await run(["simulate", "-f", FIXTURE, "--url", "http://reviews:9080/", "-o", "yaml"]);
  assert.match(yaml.out, /^call:\n/m);
  assert.match(yaml.out, /^listener: 0\.0\.0\.0_9080$/m);
  for (const [args, message] of [
    [["--url", "http://x/", "--tls", "--mtls"], /exclude each other/],
    [["--url", "ftp://x/"], /unsupported scheme "ftp"/],
    [["--url", "tcp://x"], /needs a port/],
    [["--url", "http://x/", "-H", "novalue"], /-H must be 'Name: value'/],
    [["--url", "http://x/", "--alpn", "h2"], /ALPN can only be offered/],
    [[], /give the request with --url/],
  ] as const) {
    const r = await run(["simulate", "-f", FIXTURE, ...args]);
    assert.equal(r.code, 64, args.join(" "));
    assert.match(r.err, message);
  }
  const noInput = await run(["simulate", "--url", "http://x/"]);
  assert.deepEqual([noInput.code, /no input/.test(noInput.err)], [64, true]);
});

test("YAML input: compiles the proxy, then shows the 90/10 canary, its retry policy and the mirror", async () => {
  const r = await run(["simulate", "frontend.blog-app", "fixtures/blog-app", "--url", "http://posts.blog-app:9080/"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Listener: +0\.0\.0\.0_9080$/m);
  assert.match(r.out, /^Virtual host: +posts\.blog-app\.svc\.cluster\.local:9080$/m);
  assert.match(r.out, /^Route: +canary /m);
  assert.match(r.out, /^Clusters: +outbound\|9080\|v1\|posts\.blog-app\.svc\.cluster\.local 90%, outbound\|9080\|v2\|posts\.blog-app\.svc\.cluster\.local 10%$/m);
  assert.match(r.out, /^Retries: +3 on 5xx,connect-failure, 2s per try$/m);
  assert.match(r.out, /^Mirror: +outbound\|9080\|\|posts-shadow\.blog-app\.svc\.cluster\.local \(20%\)$/m);
  assert.match(r.out, /✔ routed to weighted clusters/);
});
