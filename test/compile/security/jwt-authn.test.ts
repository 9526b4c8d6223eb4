import { test } from "node:test";
import assert from "node:assert/strict";
import { toEnvoyJsonVerified } from "../../../src/compile/envoy/index.js";
import { buildJwtFilter, REJECT_ALL_JWKS } from "../../../src/compile/security/jwt-authn.js";
import { httpFilterJson, modelOf, target } from "./helpers.js";

const JWKS = '{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"k1","alg":"HS256"}]}';

test("one provider: origins-0 with payload metadata, token locations, claim headers and allow_missing", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  jwtRules:
  - issuer: https://issuer.example.com
    audiences: [cart]
    jwks: '${JWKS}'
    fromHeaders: [{name: x-jwt, prefix: "Bearer "}]
    fromParams: [token]
    fromCookies: [session]
    outputPayloadToHeader: x-jwt-payload
    forwardOriginalToken: true
    outputClaimToHeaders: [{header: x-sub, claim: sub}]
    spaceDelimitedClaims: [roles]
`);
  assert.equal(buildJwtFilter(model, target("shop", { app: "other" })).filter, undefined);
  const r = buildJwtFilter(model, target("shop", { app: "cart" }));
  assert.deepEqual(r.clusters, []);
  assert.deepEqual(r.diagnostics, []);
  const cfg = httpFilterJson(r.filter!).typed_config as any;
  assert.equal(r.filter!.name, "envoy.filters.http.jwt_authn");
  assert.equal(cfg["@type"], "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication");
  assert.deepEqual(cfg.providers["origins-0"], {
    issuer: "https://issuer.example.com",
    audiences: ["cart"],
    local_jwks: { inline_string: JWKS },
    forward: true,
    from_headers: [{ name: "x-jwt", value_prefix: "Bearer " }],
    from_params: ["token"],
    from_cookies: ["session"],
    forward_payload_header: "x-jwt-payload",
    payload_in_metadata: "payload",
    normalize_payload_in_metadata: { space_delimited_claims: ["permission", "scope", "roles"] },
    claim_to_headers: [{ header_name: "x-sub", claim_name: "sub" }],
  });
  assert.deepEqual(cfg.rules, [{ match: { prefix: "/" }, requires: { requires_any: { requirements: [{ provider_name: "origins-0" }, { allow_missing: {} }] } } }]);
  assert.equal(cfg.bypass_cors_preflight, true);
});

test("several providers (sorted by issuer, root namespace included): OR of each, or all-valid-or-missing", () => {
  const model = modelOf(`
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: mesh, namespace: istio-system}
spec:
  jwtRules: [{issuer: zeta, jwks: '${JWKS}'}]
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: ns, namespace: shop}
spec:
  jwtRules: [{issuer: alpha, jwks: '${JWKS}'}]
`);
  const r = buildJwtFilter(model, target("shop"), { requirement: "allow_missing_or_failed" });
  const cfg = r.config!;
  assert.deepEqual(Object.entries(cfg.providers!).map(([k, v]) => [k, v.issuer]), [["origins-0", "alpha"], ["origins-1", "zeta"]]);
  const json = httpFilterJson(r.filter!).typed_config as any;
  assert.deepEqual(json.rules[0].requires, {
    requires_any: {
      requirements: [
        { provider_name: "origins-0" },
        { provider_name: "origins-1" },
        {
          requires_all: {
            requirements: [
              { requires_any: { requirements: [{ provider_name: "origins-0" }, { allow_missing_or_failed: {} }] } },
              { requires_any: { requirements: [{ provider_name: "origins-1" }, { allow_missing_or_failed: {} }] } },
            ],
          },
        },
      ],
    },
  });
});

test("jwksUri: remote_jwks on the host's outbound cluster; external hosts get a synthesized cluster", () => {
  const model = modelOf(`
apiVersion: v1
kind: Service
metadata: {name: keys, namespace: auth}
spec: {selector: {app: keys}, ports: [{name: http, port: 8080}]}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  jwtRules:
  - {issuer: internal, jwksUri: "http://keys.auth.svc.cluster.local:8080/jwks.json"}
  - {issuer: google, jwksUri: "https://www.googleapis.com/oauth2/v3/certs", timeout: 2s}
  - {issuer: nokeys}
`);
  const r = buildJwtFilter(model, target("shop"));
  const cfg = httpFilterJson(r.filter!).typed_config as any;
  assert.deepEqual(cfg.providers["origins-0"].remote_jwks, { http_uri: { uri: "https://www.googleapis.com/oauth2/v3/certs", cluster: "outbound|443||www.googleapis.com", timeout: "2s" }, cache_duration: "300s" });
  assert.deepEqual(cfg.providers["origins-1"].remote_jwks.http_uri, { uri: "http://keys.auth.svc.cluster.local:8080/jwks.json", cluster: "outbound|8080||keys.auth.svc.cluster.local", timeout: "5s" });
  assert.deepEqual(cfg.providers["origins-2"].local_jwks, { inline_string: REJECT_ALL_JWKS });
  assert.deepEqual(r.clusterRefs, ["outbound|443||www.googleapis.com", "outbound|8080||keys.auth.svc.cluster.local"]);
  assert.equal(r.clusters.length, 1, "the mesh service's cluster is already in CDS");
  const cluster = toEnvoyJsonVerified("envoy.config.cluster.v3.Cluster", r.clusters[0]!) as any;
  assert.equal(cluster.name, "outbound|443||www.googleapis.com");
  assert.equal(cluster.type, "STRICT_DNS");
  assert.deepEqual(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, { address: "www.googleapis.com", port_value: 443 });
  assert.equal(cluster.transport_socket.typed_config["@type"], "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
  assert.equal(cluster.transport_socket.typed_config.sni, "www.googleapis.com");
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.level]), [["MSH-jwt-remote-jwks", "Info"], ["MSH-jwt-remote-jwks", "Info"], ["MSH-jwt-jwks", "Warning"]]);
  const offline = buildJwtFilter(model, target("shop"), { remoteJwks: false });
  assert.deepEqual(offline.clusters, []);
  assert.ok(Object.values(offline.config!.providers!).every((p) => p.localJwks?.inlineString === REJECT_ALL_JWKS));
});
