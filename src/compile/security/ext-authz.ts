/**
 * CUSTOM AuthorizationPolicies → `envoy.filters.http.ext_authz` / `envoy.filters.network.ext_authz`
 * from a mesh extension provider (`envoyExtAuthzHttp` / `envoyExtAuthzGrpc`), as istiod's
 * `authz/builder/extauthz.go` builds them. The filter runs only when the preceding shadow RBAC filter
 * matched a CUSTOM policy of this provider (dynamic metadata `istio_ext_authz_shadow_effective_policy_id`
 * starting with `istio-ext-authz-<provider>`).
 */
import type { MeshModel } from "../../model/mesh-model.js";
import { ApiVersion } from "../envoy/index.js";
import type { EnvoyMessage } from "../envoy/index.js";
import type { HeaderValue } from "../../gen/envoy/envoy/config/core/v3/base.js";
import type { ListStringMatcher } from "../../gen/envoy/envoy/type/matcher/v3/string.js";
import type { MetadataMatcher } from "../../gen/envoy/envoy/type/matcher/v3/metadata.js";
import { durationOf } from "../to-xds/duration.js";
import { extensionProvider, lookupCluster } from "./provider-cluster.js";
import { stringMatcher } from "./string-matchers.js";

export type HttpExtAuthz = EnvoyMessage<"envoy.extensions.filters.http.ext_authz.v3.ExtAuthz">;
export type NetworkExtAuthz = EnvoyMessage<"envoy.extensions.filters.network.ext_authz.v3.ExtAuthz">;

export const EXT_AUTHZ_MATCH_PREFIX = "istio-ext-authz";
export const EXT_AUTHZ_SHADOW_STAT_PREFIX = "istio_ext_authz_";
export const HTTP_RBAC_FILTER = "envoy.filters.http.rbac";
export const NETWORK_RBAC_FILTER = "envoy.filters.network.rbac";

export interface BuiltExtAuthz {
  http: HttpExtAuthz;
  /** Only gRPC providers can serve TCP chains. */
  tcp?: NetworkExtAuthz;
}

export type ExtAuthzResult = { ok: true; value: BuiltExtAuthz } | { ok: false; error: string };

/** `filter_enabled_metadata`: the RBAC shadow result names a CUSTOM policy of this provider. */
export function filterEnabledMetadata(rbacFilterName: string, provider: string): MetadataMatcher {
  return {
    filter: rbacFilterName,
    path: [{ key: `${EXT_AUTHZ_SHADOW_STAT_PREFIX}shadow_effective_policy_id` }],
    value: { stringMatch: { prefix: `${EXT_AUTHZ_MATCH_PREFIX}-${provider}` } },
  };
}

function headerList(headers: unknown): ListStringMatcher | undefined {
  if (!Array.isArray(headers) || headers.length === 0) return undefined;
  return { patterns: headers.filter((h): h is string => typeof h === "string").map((h) => ({ ...stringMatcher(h), ignoreCase: true })) };
}

function durationText(v: unknown): string | undefined {
  return typeof v === "string" && /^\d+(\.\d+)?s$/.test(v) ? v : undefined;
}

function statusOnError(v: unknown): { code: number } | undefined | Error {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 599) return new Error(`invalid statusOnError ${String(v)}`);
  return { code: n };
}

function bufferSettings(v: any): HttpExtAuthz["withRequestBody"] {
  if (!v || typeof v !== "object") return undefined;
  return { maxRequestBytes: Number(v.maxRequestBytes ?? 0), allowPartialMessage: v.allowPartialMessage === true, packAsBytes: v.packAsBytes === true };
}

/** Builds the ext_authz configs of the named mesh extension provider. */
export function buildExtAuthz(model: MeshModel, providerName: string): ExtAuthzResult {
  const provider = extensionProvider(model, providerName);
  if (!provider) return { ok: false, error: `extension provider ${providerName} not found in mesh config extensionProviders` };
  const httpCfg = provider.envoyExtAuthzHttp as Record<string, any> | undefined;
  const grpcCfg = provider.envoyExtAuthzGrpc as Record<string, any> | undefined;
  const cfg = httpCfg ?? grpcCfg;
  if (!cfg) return { ok: false, error: `extension provider ${providerName} is not an envoyExtAuthzHttp or envoyExtAuthzGrpc provider` };
  const found = lookupCluster(model, cfg.service, cfg.port);
  if (!found.ok) return { ok: false, error: `extension provider ${providerName}: ${found.error}` };
  const status = statusOnError(cfg.statusOnError);
  if (status instanceof Error) return { ok: false, error: `extension provider ${providerName}: ${status.message}` };
  const common: HttpExtAuthz = {
    failureModeAllow: cfg.failOpen === true,
    transportApiVersion: ApiVersion.V3,
    filterEnabledMetadata: filterEnabledMetadata(HTTP_RBAC_FILTER, providerName),
  };
  if (status) common.statusOnError = status;
  if (cfg.clearRouteCache === true) common.clearRouteCache = true;
  const body = bufferSettings(cfg.includeRequestBodyInCheck);
  if (body) common.withRequestBody = body;
  if (httpCfg) {
    if (typeof httpCfg.pathPrefix === "string" && httpCfg.pathPrefix !== "" && !httpCfg.pathPrefix.startsWith("/")) {
      return { ok: false, error: `extension provider ${providerName}: pathPrefix must begin with \`/\`, found: "${httpCfg.pathPrefix}"` };
    }
    const allowed = headerList(httpCfg.includeRequestHeadersInCheck ?? httpCfg.includeHeadersInCheck);
    if (allowed) common.allowedHeaders = allowed;
    const service: NonNullable<HttpExtAuthz["httpService"]> = {
      serverUri: { uri: `http://${found.hostname}`, cluster: found.cluster, timeout: durationOf(durationText(httpCfg.timeout) ?? "600s") },
    };
    if (typeof httpCfg.pathPrefix === "string" && httpCfg.pathPrefix !== "") service.pathPrefix = httpCfg.pathPrefix;
    const add = httpCfg.includeAdditionalHeadersInCheck;
    if (add && typeof add === "object") {
      const headersToAdd: HeaderValue[] = Object.keys(add).sort().map((key) => ({ key, value: String(add[key]) }));
      service.authorizationRequest = { headersToAdd };
    }
    const upstream = headerList(httpCfg.headersToUpstreamOnAllow);
    const client = headerList(httpCfg.headersToDownstreamOnDeny);
    const clientOnSuccess = headerList(httpCfg.headersToDownstreamOnAllow);
    if (upstream || client || clientOnSuccess) {
      service.authorizationResponse = {
        ...(upstream ? { allowedUpstreamHeaders: upstream } : {}),
        ...(client ? { allowedClientHeaders: client } : {}),
        ...(clientOnSuccess ? { allowedClientHeadersOnSuccess: clientOnSuccess } : {}),
      };
    }
    return { ok: true, value: { http: { ...common, httpService: service } } };
  }
  const authority = found.hostname;
  const timeout = durationText(grpcCfg!.timeout);
  const grpcService = { envoyGrpc: { clusterName: found.cluster, authority }, ...(timeout ? { timeout: durationOf(timeout) } : {}) };
  const tcp: NetworkExtAuthz = {
    statPrefix: "tcp.",
    failureModeAllow: grpcCfg!.failOpen === true,
    transportApiVersion: ApiVersion.V3,
    grpcService,
    filterEnabledMetadata: filterEnabledMetadata(NETWORK_RBAC_FILTER, providerName),
  };
  return { ok: true, value: { http: { ...common, grpcService }, tcp } };
}
