/**
 * The public entry of AuthorizationPolicy translation: the RBAC (and ext_authz) filters of one
 * workload's inbound chains, in istiod's order.
 *
 *   const { httpCustom, http, network, diagnostics } = buildAuthzFilters(model, workload, { trustDomain: "cluster.local", flavor: "stock", tcp: false });
 *   // HTTP chain: [metadata exchange, ...httpCustom, jwt_authn?, ...http, grpc_stats, ..., router]
 *   // TCP chain:  [metadata exchange, ...network, istio.stats?, tcp_proxy]
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { MeshModel } from "../../model/mesh-model.js";
import { anyOf, ENVOY_TYPES, type Filter, type Flavor, type HttpFilter } from "../envoy/index.js";
import type { RBAC as RbacRules } from "../../gen/envoy/envoy/config/rbac/v3/rbac.js";
import { authorizationPoliciesFor, authzDiagnostic, type AuthzPolicies, type AuthzPolicy, type AuthzTarget } from "./authz-model.js";
import { buildExtAuthz, EXT_AUTHZ_SHADOW_STAT_PREFIX, HTTP_RBAC_FILTER, NETWORK_RBAC_FILTER } from "./ext-authz.js";
import { buildRules, RBAC_Action, RBAC_TCP_STAT_PREFIX, shadowStatPrefix, type BuiltRules, type RuleBuildOptions } from "./rbac-builder.js";

export const HTTP_EXT_AUTHZ_FILTER = "envoy.filters.http.ext_authz";
export const NETWORK_EXT_AUTHZ_FILTER = "envoy.filters.network.ext_authz";
export const BAD_CUSTOM_ACTION_SUFFIX = "-bad-custom-action";

export interface AuthzFilterOptions {
  /** Mesh trust domain (`spiffe://<trustDomain>/...`). */
  trustDomain: string;
  /** MeshConfig `trustDomainAliases`. */
  aliases?: readonly string[];
  /** Output flavor; every filter here is stock Envoy, so both flavors get the same config. */
  flavor: Flavor;
  /** Build for TCP chains (`network`) instead of HTTP chains (`http`, `httpCustom`). */
  tcp: boolean;
  /** Mesh root namespace (default: the model's mesh config). */
  rootNamespace?: string;
  /** PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS (default false: several CUSTOM providers on one workload deny all). */
  multipleCustomProviders?: boolean;
}

export interface AuthzFilters {
  /** HTTP chains: per CUSTOM provider a shadow RBAC filter and ext_authz; placed before jwt_authn. */
  httpCustom: HttpFilter[];
  /** HTTP chains: the AUDIT, DENY, ALLOW RBAC filters (those present); placed after jwt_authn. */
  http: HttpFilter[];
  /** TCP chains: CUSTOM pairs, then AUDIT, DENY, ALLOW network RBAC; after metadata exchange, before stats and tcp_proxy. */
  network: Filter[];
  diagnostics: Diagnostic[];
}

/** The authorization filters of `workload` (selector / targetRef matching, root-namespace policies). */
export function buildAuthzFilters(model: MeshModel, workload: AuthzTarget, options: AuthzFilterOptions): AuthzFilters {
  const selection = authorizationPoliciesFor(model, workload, options.rootNamespace === undefined ? {} : { rootNamespace: options.rootNamespace });
  const out = buildAuthzFiltersFor(model, selection.policies, options);
  out.diagnostics.unshift(...selection.diagnostics);
  return out;
}

/**
 * The security part of an inbound HCM's http_filters in istiod's order (xds-mapping.md section 6):
 * CUSTOM (shadow RBAC + ext_authz), jwt_authn, then AUDIT / DENY / ALLOW RBAC. Insert it after
 * `istio.metadata_exchange` and before `grpc_stats`.
 */
export function securityHttpFilters(authz: Pick<AuthzFilters, "httpCustom" | "http">, jwt?: HttpFilter): HttpFilter[] {
  return [...authz.httpCustom, ...(jwt ? [jwt] : []), ...authz.http];
}

/** Like buildAuthzFilters, from an explicit policy selection. */
export function buildAuthzFiltersFor(model: MeshModel, policies: AuthzPolicies, options: AuthzFilterOptions): AuthzFilters {
  const diagnostics: Diagnostic[] = [];
  const o: RuleBuildOptions = { bundle: { trustDomain: options.trustDomain, ...(options.aliases ? { aliases: options.aliases } : {}) }, tcp: options.tcp };
  const out: AuthzFilters = { httpCustom: [], http: [], network: [], diagnostics };
  customFilters(model, policies.custom, options, o, out);
  for (const [list, action] of [
    [policies.audit, RBAC_Action.LOG],
    [policies.deny, RBAC_Action.DENY],
    [policies.allow, RBAC_Action.ALLOW],
  ] as const) {
    const built = buildRules(list, action, o, diagnostics);
    if (!built) continue;
    if (options.tcp) out.network.push(networkRbac(built, action));
    else out.http.push(httpRbac(built, action));
  }
  return out;
}

function httpRbac(built: BuiltRules, action: RBAC_Action): HttpFilter {
  const prefix = built.shadowRules ? shadowStatPrefix(action) : undefined;
  return {
    name: HTTP_RBAC_FILTER,
    typedConfig: anyOf(ENVOY_TYPES.httpRbac, { ...(built.rules ? { rules: built.rules } : {}), ...(built.shadowRules ? { shadowRules: built.shadowRules } : {}), ...(prefix ? { shadowRulesStatPrefix: prefix } : {}) }),
  };
}

function networkRbac(built: BuiltRules, action: RBAC_Action): Filter {
  const prefix = built.shadowRules ? shadowStatPrefix(action) : undefined;
  return {
    name: NETWORK_RBAC_FILTER,
    typedConfig: anyOf(ENVOY_TYPES.networkRbac, {
      ...(built.rules ? { rules: built.rules } : {}),
      statPrefix: RBAC_TCP_STAT_PREFIX,
      ...(built.shadowRules ? { shadowRules: built.shadowRules } : {}),
      ...(prefix ? { shadowRulesStatPrefix: prefix } : {}),
    }),
  };
}

/** istiod `getBadCustomDenyRules`: a CUSTOM policy that cannot be served denies what it matches. */
function badCustomDeny(rules: RbacRules | undefined): RbacRules {
  const policies: NonNullable<RbacRules["policies"]> = {};
  for (const [k, v] of Object.entries(rules?.policies ?? {})) policies[k + BAD_CUSTOM_ACTION_SUFFIX] = v;
  return { action: RBAC_Action.DENY, policies };
}

/** Enforced and dry-run CUSTOM policies together: both only trigger ext_authz (the RBAC filter never enforces them). */
function customRules(built: BuiltRules | undefined): RbacRules | undefined {
  if (!built) return undefined;
  return { action: RBAC_Action.DENY, policies: { ...(built.rules?.policies ?? {}), ...(built.shadowRules?.policies ?? {}) } };
}

function customFilters(model: MeshModel, custom: readonly AuthzPolicy[], options: AuthzFilterOptions, o: RuleBuildOptions, out: AuthzFilters): void {
  if (custom.length === 0) return;
  const byProvider = new Map<string, AuthzPolicy[]>();
  for (const p of custom) {
    const name = p.provider ?? "";
    byProvider.set(name, [...(byProvider.get(name) ?? []), p]);
  }
  const providers = [...byProvider.keys()].sort();
  const multiple = providers.length > 1 && options.multipleCustomProviders !== true;
  if (multiple) {
    out.diagnostics.push(authzDiagnostic(custom[0]!, "MSH-authz-custom-provider", `multiple CUSTOM authorization providers on one workload need PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS; found [${providers.join(" ")}]: requests matching these policies are denied`, "spec.provider", "Error"));
  }
  for (const provider of providers) {
    const rules = customRules(buildRules(byProvider.get(provider)!, RBAC_Action.DENY, { ...o, customProvider: provider }, out.diagnostics));
    const ext = multiple ? undefined : provider === "" ? { ok: false as const, error: "CUSTOM action without provider.name" } : buildExtAuthz(model, provider);
    if (ext !== undefined && !ext.ok) {
      out.diagnostics.push(authzDiagnostic(byProvider.get(provider)![0]!, "MSH-authz-custom-provider", `failed to process CUSTOM action for provider ${provider || "(none)"}, requests matching these policies are denied: ${ext.error}`, "spec.provider", "Error"));
    }
    if (ext === undefined || !ext.ok) {
      const deny = badCustomDeny(rules);
      if (options.tcp) out.network.push({ name: NETWORK_RBAC_FILTER, typedConfig: anyOf(ENVOY_TYPES.networkRbac, { rules: deny, statPrefix: RBAC_TCP_STAT_PREFIX }) });
      else out.httpCustom.push({ name: HTTP_RBAC_FILTER, typedConfig: anyOf(ENVOY_TYPES.httpRbac, { rules: deny }) });
      continue;
    }
    const shadow = rules ?? { action: RBAC_Action.DENY, policies: {} };
    if (options.tcp) {
      if (!ext.value.tcp) {
        out.diagnostics.push(authzDiagnostic(byProvider.get(provider)![0]!, "MSH-authz-custom-provider", `CUSTOM action with HTTP provider ${provider} is ignored on TCP filter chains`, "spec.provider", "Info"));
        continue;
      }
      out.network.push(
        { name: NETWORK_RBAC_FILTER, typedConfig: anyOf(ENVOY_TYPES.networkRbac, { statPrefix: RBAC_TCP_STAT_PREFIX, shadowRules: shadow, shadowRulesStatPrefix: EXT_AUTHZ_SHADOW_STAT_PREFIX }) },
        { name: NETWORK_EXT_AUTHZ_FILTER, typedConfig: anyOf(ENVOY_TYPES.networkExtAuthz, ext.value.tcp) },
      );
    } else {
      out.httpCustom.push(
        { name: HTTP_RBAC_FILTER, typedConfig: anyOf(ENVOY_TYPES.httpRbac, { shadowRules: shadow, shadowRulesStatPrefix: EXT_AUTHZ_SHADOW_STAT_PREFIX }) },
        { name: HTTP_EXT_AUTHZ_FILTER, typedConfig: anyOf(ENVOY_TYPES.extAuthz, ext.value.http) },
      );
    }
  }
}
