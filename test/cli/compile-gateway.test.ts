/** meshc compile / simulate for the blog-app ingress gateway (a router proxy): HTTPS by SNI, HTTP → HTTPS redirect. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";

type Obj = Record<string, any>;

async function run(args: string[]) {
  const io = memoryIo("");
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const GW = "istio-ingressgateway.istio-system";

test("compile --proxy <gateway>: router bootstrap, one listener per server port (Service targetPort), gateway routes, SDS credential", async () => {
  const r = await run(["compile", "fixtures/blog-app", "--proxy", GW]);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, /MSH-compile/);
  const dump = JSON.parse(r.out) as Obj;
  assert.match(dump.configs[0].bootstrap.node.id, /^router~/);
  const listeners = dump.configs[3].dynamic_listeners.map((l: Obj) => l.active_state.listener);
  assert.deepEqual(listeners.map((l: Obj) => l.name).sort(), ["0.0.0.0_8080", "0.0.0.0_8443"]);
  const https = listeners.find((l: Obj) => l.name === "0.0.0.0_8443");
  assert.deepEqual(https.filter_chains[0].filter_chain_match.server_names, ["myblog.com"]);
  assert.equal(https.filter_chains[0].transport_socket.typed_config.common_tls_context.tls_certificate_sds_secret_configs[0].name, "kubernetes://myblog-cert");
  const routes = dump.configs[4].dynamic_route_configs.map((x: Obj) => x.route_config);
  assert.deepEqual(routes.map((x: Obj) => x.name).sort(), ["http.8080", "https.443.https.blog-gateway.blog-app"]);
  const http = routes.find((x: Obj) => x.name === "http.8080");
  assert.deepEqual(http.virtual_hosts.map((v: Obj) => [v.name, v.domains, v.require_tls]), [["myblog.com:80", ["myblog.com"], "ALL"]]);
  assert.ok(!JSON.stringify(dump).includes("private_key"), "no inline keys");
});

test("simulate https://myblog.com/api/posts/1 through the gateway reaches posts v1 (TLS, SNI myblog.com)", async () => {
  const r = await run(["simulate", GW, "fixtures/blog-app", "--url", "https://myblog.com/api/posts/1", "-o", "json"]);
  assert.equal(r.code, 0, r.out + r.err);
  const res = JSON.parse(r.out) as Obj;
  assert.deepEqual([res.listener, res.routeConfig, res.virtualHost, res.cluster, res.call.sni, res.call.tls], ["0.0.0.0_8443", "https.443.https.blog-gateway.blog-app", "myblog.com:443", "outbound|9080|v1|posts.blog-app.svc.cluster.local", "myblog.com", "tls"]);
  assert.match(r.err, /port 443 is the gateway Service's; its listener port is 8443/);
});

test("simulate http://myblog.com/ gets the HTTPS redirect", async () => {
  const r = await run(["simulate", GW, "fixtures/blog-app", "--url", "http://myblog.com/", "-o", "json"]);
  assert.equal(r.code, 79);
  const res = JSON.parse(r.out) as Obj;
  assert.deepEqual([res.listener, res.routeConfig, res.virtualHost, res.error], ["0.0.0.0_8080", "http.8080", "myblog.com:80", "tls_redirect"]);
});

test("--emit ir shows the gateway port map", async () => {
  const r = await run(["compile", "fixtures/blog-app", "--proxy", GW, "--emit", "ir"]);
  assert.equal(r.code, 0, r.err);
  const ir = JSON.parse(r.out) as Obj;
  assert.equal(ir.proxy.type, "router");
  assert.deepEqual(ir.gateway.ports, [{ server: 80, listener: 8080 }, { server: 443, listener: 8443 }]);
});
