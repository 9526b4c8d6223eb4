/** Security policy translation: AuthorizationPolicy → RBAC / ext_authz, RequestAuthentication → jwt_authn. */
export { buildAuthzFilters, buildAuthzFiltersFor, securityHttpFilters, HTTP_EXT_AUTHZ_FILTER, NETWORK_EXT_AUTHZ_FILTER, type AuthzFilterOptions, type AuthzFilters } from "./authz-filters.js";
export { authorizationPoliciesFor, applicablePolicies, authzPolicyOf, DRY_RUN_ANNOTATION, type AuthzAction, type AuthzPolicies, type AuthzPolicy, type AuthzTarget } from "./authz-model.js";
export { buildExtAuthz, HTTP_RBAC_FILTER, NETWORK_RBAC_FILTER } from "./ext-authz.js";
export { buildJwtFilter, REJECT_ALL_JWKS, type JwtFilterOptions, type JwtFilterResult } from "./jwt-authn.js";
export { containsPathTemplate, pathTemplateRegex, templateToUriTemplate } from "./path-template.js";
export { expandTrustDomains, JWT_FILTER, type TrustDomainBundle } from "./principals.js";
export { lookupCluster, extensionProvider } from "./provider-cluster.js";
export { policyName, RBAC_SHADOW_ALLOW_STAT_PREFIX, RBAC_SHADOW_DENY_STAT_PREFIX } from "./rbac-builder.js";
