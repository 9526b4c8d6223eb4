/** Gateway IR → Envoy: HCM gateway settings, SDS kubernetes:// (ADS) and external SDS references, TLS params, require_tls. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENVOY_TYPES, toEnvoyJson } from "../../../src/compile/envoy/index.js";
import type { ListenerIR, RouteConfigIR } from "../../../src/compile/ir.js";
import { listenerOf } from "../../../src/compile/to-xds/listener.js";
import { routeConfigurationOf } from "../../../src/compile/to-xds/route.js";
import type { XdsOptions } from "../../../src/compile/to-xds/xds-options.js";

type Obj = Record<string, any>;
const STOCK: XdsOptions = { flavor: "stock", metadataExchange: true, alpnFilter: true, stats: false };
const gatewayHcm = { kind: "http" as const, direction: "outbound" as const, statPrefix: "outbound_0.0.0.0_8443;", rds: "https.443.https.public.shop", serverName: "istio-envoy", gateway: { xffNumTrustedHops: 0, forwardClientCertDetails: "SANITIZE_SET" as const } };

const listener: ListenerIR = {
  name: "0.0.0.0_8443",
  address: "0.0.0.0",
  port: 8443,
  direction: "outbound",
  bindToPort: true,
  listenerFilters: [{ kind: "tls_inspector" }],
  chains: [
    { name: "", match: { serverNames: ["shop.example.com"] }, tls: { alpn: ["h2", "http/1.1"], requireClientCertificate: true, certificate: "kubernetes://shop-cert", validation: "kubernetes://shop-cert-cacert", sanPrefixes: [], sanExact: ["client.example.com"], params: { minVersion: "TLSV1_3" } }, terminal: gatewayHcm },
    { name: "", match: { serverNames: ["ext.example.com"] }, tls: { alpn: ["h2", "http/1.1"], requireClientCertificate: false, certificate: "my-credential", sanPrefixes: [], sdsCluster: "outbound|8443||sds.sds-system.svc.cluster.local" }, terminal: { ...gatewayHcm, rds: "https.443.ext.public.shop" } },
  ],
};

test("gateway listener: bound, SNI chains with SDS over ADS for kubernetes:// names, the server's TLS params", () => {
  const l = toEnvoyJson(ENVOY_TYPES.listener, listenerOf(listener, STOCK), { flavor: "stock" }) as Obj;
  assert.equal(l.bind_to_port, undefined, "bind_to_port defaults to true");
  const [a, b] = l.filter_chains;
  const tls = a.transport_socket.typed_config;
  assert.equal(tls.require_client_certificate, true);
  assert.deepEqual(tls.common_tls_context.tls_certificate_sds_secret_configs, [{ name: "kubernetes://shop-cert", sds_config: { ads: {}, resource_api_version: "V3" } }]);
  assert.equal(tls.common_tls_context.combined_validation_context.validation_context_sds_secret_config.name, "kubernetes://shop-cert-cacert");
  assert.deepEqual(tls.common_tls_context.combined_validation_context.default_validation_context.match_subject_alt_names, [{ exact: "client.example.com" }]);
  assert.deepEqual(tls.common_tls_context.tls_params, { tls_minimum_protocol_version: "TLSv1_3" });
  const ext = b.transport_socket.typed_config.common_tls_context.tls_certificate_sds_secret_configs[0];
  assert.equal(ext.name, "my-credential");
  assert.equal(ext.sds_config.api_config_source.grpc_services[0].envoy_grpc.cluster_name, "outbound|8443||sds.sds-system.svc.cluster.local");
  const hcm = a.filters[0].typed_config;
  assert.deepEqual([hcm.use_remote_address, hcm.forward_client_cert_details, hcm.server_name, hcm.rds.route_config_name], [true, "SANITIZE_SET", "istio-envoy", "https.443.https.public.shop"]);
  assert.deepEqual(hcm.set_current_client_cert_details, { subject: true, cert: true, dns: true, uri: true });
});

test("httpsRedirect virtual hosts carry require_tls: ALL", () => {
  const rc: RouteConfigIR = { name: "http.8080", ignorePortInHostMatching: true, virtualHosts: [{ name: "shop.example.com:80", domains: ["shop.example.com"], routes: [], includeRequestAttemptCount: true, requireTls: true }] };
  const j = toEnvoyJson(ENVOY_TYPES.routeConfiguration, routeConfigurationOf(rc), { flavor: "stock" }) as Obj;
  assert.equal(j.virtual_hosts[0].require_tls, "ALL");
  assert.equal(j.ignore_port_in_host_matching, true);
});
