/**
 * RequestAuthentication → `envoy.filters.http.jwt_authn` (xds-mapping.md 12.2; istiod
 * `pilot/pkg/security/authn/policy_applier.go` `convertToEnvoyJwtConfig`).
 *
 * All selected JWT rules, sorted by issuer, become providers `origins-0`, `origins-1`, ... with the
 * verified payload in dynamic metadata (`payload`, read by RBAC's `requestPrincipals` / claims
 * matchers, and by VirtualService `@request.auth.claims...` route matches: to-xds/route.ts
 * `claimMatcher`, path `payload` → claim keys; gateways set `clear_route_cache` so the route is
 * picked again once the payload is there). One requirement rule for `/`: a token, when present, must be valid for some provider
 * (`allow_missing`); a missing token passes and AuthorizationPolicy enforces presence. This is what
 * Istio's removed `istio_authn` filter used to decide, expressed with stock jwt_authn.
 *
 * JWKS: an inline `jwks` → `local_jwks`. A `jwksUri`: istiod (default fetch mode) downloads it and
 * inlines the keys, which an offline compiler cannot; meshc emits `remote_jwks` (istiod's `envoy`
 * fetch mode) on the jwks host's outbound cluster and returns that cluster as a requirement (a
 * synthesized DNS cluster when the host is not a mesh service). With `remoteJwks: false` it
 * inlines a key that matches no token, as istiod does when a fetch fails.
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { MeshModel, Resource } from "../../model/mesh-model.js";
import { anyOf, Cluster_DiscoveryType, Cluster_DnsLookupFamily, ENVOY_TYPES, type Cluster, type EnvoyMessage, type HttpFilter } from "../envoy/index.js";
import { durationOf } from "../to-xds/duration.js";
import { applicablePolicies, authzDiagnostic, type AuthzTarget } from "./authz-model.js";
import { JWT_FILTER, JWT_PAYLOAD_KEY } from "./principals.js";
import { outboundClusterName } from "./provider-cluster.js";

export type JwtAuthentication = EnvoyMessage<"envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication">;
type JwtProvider = EnvoyMessage<"envoy.extensions.filters.http.jwt_authn.v3.JwtProvider">;
type JwtRequirement = EnvoyMessage<"envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement">;

/** Claims jwt_authn splits on spaces before writing the payload to metadata (plus `spaceDelimitedClaims`). */
export const DEFAULT_SPACE_DELIMITED_CLAIMS = ["permission", "scope"];

/** A public key no issuer signs with: every token fails verification (istiod's fallback). */
export const REJECT_ALL_JWKS =
  '{"keys":[{"kty":"RSA","n":"vWSDbw4IwVwfRwu177RUAR2O7oKwBe90BLvw4DPGUOdj98lMJaoIAUzUklqdT5zivkDYzsNpwqhp-ps9kg5tQb0K9TE_a3mjMPom0dM0Z_-DcYFTTGwgJ-1wSucEt6bhBLDjMMqPNsBiPu24056zuAnyi9TJxqNEE7dEkCIEWFHO-UlHlWIpfknpeP5dfvZpsGLg4JLUB4rnSjK0qpJYq8iapWAUrBkvCPAes1hPXwHY1TjCF0rF5aracWw9bAVkqwcdet2jk3mJ36xUUlDbryobXPVVvnyQAwNXECMeC0I9DZq-oO5SdY9MAD1W5l_czqWjOha0qNzOFoKxnuJOCQ","e":"AQAB","kid":"meshc-reject-all","alg":"RS256","use":"sig"}]}';

export interface JwtFilterOptions {
  /** Mesh root namespace (default: the model's mesh config). */
  rootNamespace?: string;
  /** Gateways set `clear_route_cache` on providers. */
  gateway?: boolean;
  /** `jwksUri` without inline `jwks`: true (default) → remote_jwks + cluster; false → reject-all local key. */
  remoteJwks?: boolean;
  /**
   * How a missing or invalid token is treated: "allow_missing" (istiod: invalid tokens are rejected
   * with 401, missing ones pass) or "allow_missing_or_failed" (both pass; only RBAC decides).
   */
  requirement?: "allow_missing" | "allow_missing_or_failed";
  /** connect_timeout of synthesized JWKS clusters (mesh connectTimeout; default 10s). */
  connectTimeout?: string;
}

export interface JwtFilterResult {
  filter?: HttpFilter;
  /** The unpacked config (for tests and the simulator). */
  config?: JwtAuthentication;
  /** Clusters the filter needs that CDS may lack: synthesized DNS clusters for JWKS hosts outside the mesh. */
  clusters: Cluster[];
  /** Every cluster the filter references (mesh service clusters CDS already has, and the synthesized ones). */
  clusterRefs: string[];
  diagnostics: Diagnostic[];
}

interface JwtRule {
  rule: Record<string, any>;
  resource: Resource;
  path: string;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** The JWKS host and port of a URI: https → 443, http → 80 unless given. */
export function jwksHostPort(uri: string): { host: string; port: number; tls: boolean } | undefined {
  try {
    const u = new URL(uri);
    if (u.protocol !== "https:" && u.protocol !== "http:") return undefined;
    const tls = u.protocol === "https:";
    return { host: u.hostname, port: u.port !== "" ? Number(u.port) : tls ? 443 : 80, tls };
  } catch {
    return undefined;
  }
}

function jwksCluster(name: string, host: string, port: number, tls: boolean, connectTimeout: string): Cluster {
  const cluster: Cluster = {
    name,
    type: Cluster_DiscoveryType.STRICT_DNS,
    connectTimeout: durationOf(connectTimeout),
    dnsLookupFamily: Cluster_DnsLookupFamily.V4_ONLY,
    loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: host, portValue: port } } } }] }] },
  };
  if (tls) cluster.transportSocket = { name: "envoy.transport_sockets.tls", typedConfig: anyOf(ENVOY_TYPES.upstreamTlsContext, { sni: host }) };
  return cluster;
}

/** The jwt_authn filter of `workload` from the RequestAuthentications that select it. */
export function buildJwtFilter(model: MeshModel, workload: AuthzTarget, options: JwtFilterOptions = {}): JwtFilterResult {
  const root = options.rootNamespace ?? model.meshConfig.rootNamespace ?? "istio-system";
  const rules: JwtRule[] = [];
  for (const res of applicablePolicies(model, "RequestAuthentication", workload, root)) {
    const spec = (res.object.spec ?? {}) as Record<string, any>;
    (Array.isArray(spec.jwtRules) ? spec.jwtRules : []).forEach((rule: unknown, i: number) => {
      if (rule && typeof rule === "object") rules.push({ rule: rule as Record<string, any>, resource: res, path: `spec.jwtRules[${i}]` });
    });
  }
  const result: JwtFilterResult = { clusters: [], clusterRefs: [], diagnostics: [] };
  if (rules.length === 0) return result;
  rules.sort((a, b) => {
    const x = String(a.rule.issuer ?? "");
    const y = String(b.rule.issuer ?? "");
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const providers: Record<string, JwtProvider> = {};
  const missing: JwtRequirement = options.requirement === "allow_missing_or_failed" ? { allowMissingOrFailed: {} } : { allowMissing: {} };
  const inner: JwtRequirement[] = [];
  const outer: JwtRequirement[] = [];
  rules.forEach(({ rule, resource, path }, i) => {
    const name = `origins-${i}`;
    const p: JwtProvider = {
      issuer: String(rule.issuer ?? ""),
      payloadInMetadata: JWT_PAYLOAD_KEY,
      normalizePayloadInMetadata: { spaceDelimitedClaims: [...new Set([...DEFAULT_SPACE_DELIMITED_CLAIMS, ...stringList(rule.spaceDelimitedClaims)])] },
    };
    const audiences = stringList(rule.audiences);
    if (audiences.length > 0) p.audiences = audiences;
    if (rule.forwardOriginalToken === true) p.forward = true;
    if (typeof rule.outputPayloadToHeader === "string" && rule.outputPayloadToHeader !== "") p.forwardPayloadHeader = rule.outputPayloadToHeader;
    const fromHeaders = Array.isArray(rule.fromHeaders) ? rule.fromHeaders : [];
    if (fromHeaders.length > 0) p.fromHeaders = fromHeaders.map((h: any) => ({ name: String(h?.name ?? ""), ...(typeof h?.prefix === "string" && h.prefix !== "" ? { valuePrefix: h.prefix } : {}) }));
    const fromParams = stringList(rule.fromParams);
    if (fromParams.length > 0) p.fromParams = fromParams;
    const fromCookies = stringList(rule.fromCookies);
    if (fromCookies.length > 0) p.fromCookies = fromCookies;
    const claimHeaders = Array.isArray(rule.outputClaimToHeaders) ? rule.outputClaimToHeaders : [];
    if (claimHeaders.length > 0) p.claimToHeaders = claimHeaders.map((c: any) => ({ headerName: String(c?.header ?? ""), claimName: String(c?.claim ?? "") }));
    if (options.gateway) p.clearRouteCache = true;
    jwksSource(model, p, rule, resource, path, options, result);
    providers[name] = p;
    inner.push({ requiresAny: { requirements: [{ providerName: name }, missing] } });
    outer.push({ providerName: name });
  });
  const requires: JwtRequirement = inner.length === 1 ? inner[0]! : { requiresAny: { requirements: [...outer, { requiresAll: { requirements: inner } }] } };
  const config: JwtAuthentication = { providers, rules: [{ match: { prefix: "/" }, requires }], bypassCorsPreflight: true };
  result.config = config;
  result.filter = { name: JWT_FILTER, typedConfig: anyOf(ENVOY_TYPES.jwtAuthn, config) };
  return result;
}

function jwksSource(model: MeshModel, p: JwtProvider, rule: Record<string, any>, resource: Resource, path: string, options: JwtFilterOptions, result: JwtFilterResult): void {
  const where = { resource };
  if (typeof rule.jwks === "string" && rule.jwks !== "") {
    p.localJwks = { inlineString: rule.jwks };
    return;
  }
  const uri = typeof rule.jwksUri === "string" ? rule.jwksUri : "";
  const target = uri === "" ? undefined : jwksHostPort(uri);
  if (target === undefined || options.remoteJwks === false) {
    p.localJwks = { inlineString: REJECT_ALL_JWKS };
    const why = uri === "" ? "has neither jwks nor jwksUri (istiod would discover the JWKS from the issuer's OpenID configuration)" : target === undefined ? `has an unusable jwksUri "${uri}"` : `uses jwksUri "${uri}", which an offline compile cannot fetch`;
    result.diagnostics.push(authzDiagnostic(where, "MSH-jwt-jwks", `JWT rule for issuer "${p.issuer}" ${why}: a key matching no token is inlined, so its tokens are rejected`, path));
    return;
  }
  const cluster = outboundClusterName(target.host, target.port);
  const timeout = typeof rule.timeout === "string" && /^\d+(\.\d+)?s$/.test(rule.timeout) ? rule.timeout : "5s";
  p.remoteJwks = { httpUri: { uri, cluster, timeout: durationOf(timeout) }, cacheDuration: durationOf("300s") };
  if (result.clusterRefs.includes(cluster)) return;
  result.clusterRefs.push(cluster);
  const inMesh = model.servicesForHost(target.host).some((svc) => svc.ports.some((sp) => sp.port === target.port));
  if (!inMesh) result.clusters.push(jwksCluster(cluster, target.host, target.port, target.tls, options.connectTimeout ?? "10s"));
  result.diagnostics.push(
    authzDiagnostic(where, "MSH-jwt-remote-jwks", `JWT rule for issuer "${p.issuer}": Envoy fetches ${uri} through cluster ${cluster}${inMesh ? "" : " (synthesized)"}; istiod by default fetches and inlines the keys instead`, `${path}.jwksUri`, "Info"),
  );
}
