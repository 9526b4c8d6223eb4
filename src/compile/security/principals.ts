/**
 * The source side of an AuthorizationPolicy rule as Envoy RBAC principals (istiod
 * `authz/model/generator.go`): peer identities (`authenticated.principal_name`, which sidecars use),
 * namespaces, service accounts, IP blocks and JWT request principals; plus trust-domain aliases
 * (`pilot/pkg/security/trustdomain`).
 */
import type { Principal } from "../../gen/envoy/envoy/config/rbac/v3/rbac.js";
import type { StringMatcher } from "../../gen/envoy/envoy/type/matcher/v3/string.js";
import { cidrRange, metadataListOrValueMatcher, metadataStringMatcher, regexMatcher, stringMatcherWithPrefix, stringOrMatcher } from "./string-matchers.js";

export const SPIFFE_PREFIX = "spiffe://";
/** jwt_authn writes the verified payload under this filter / key (`payload_in_metadata`). */
export const JWT_FILTER = "envoy.filters.http.jwt_authn";
export const JWT_PAYLOAD_KEY = "payload";

/** Thrown by a generator for a value it cannot express (invalid value, or HTTP-only field on TCP). */
export class GenerateError extends Error {
  constructor(message: string, readonly httpOnly = false) {
    super(message);
    this.name = "GenerateError";
  }
}

export const principalAny = (): Principal => ({ any: true });
export const principalAnd = (ids: Principal[]): Principal => ({ andIds: { ids } });
export const principalOr = (ids: Principal[]): Principal => ({ orIds: { ids } });
export const principalNot = (id: Principal): Principal => ({ notId: id });
export const principalAuthenticated = (principalName: StringMatcher): Principal => ({ authenticated: { principalName } });

/** `principals` / `source.principal`: `cluster.local/ns/a/sa/b` → `spiffe://cluster.local/ns/a/sa/b`. */
export function peerPrincipal(value: string): Principal {
  return principalAuthenticated(stringMatcherWithPrefix(value, SPIFFE_PREFIX));
}

/** `namespaces` / `source.namespace`: regex `.*` + `/ns/<ns>/` + `.*` (a `*` in the name becomes `.*`). */
export function namespacePrincipal(value: string): Principal {
  return principalAuthenticated(regexMatcher(`.*/ns/${value.replaceAll("*", ".*")}/.*`));
}

/** `serviceAccounts`: `<ns>/<sa>` or `<sa>` (the policy's namespace). */
export function serviceAccountPrincipal(policyNamespace: string, value: string): Principal {
  const slash = value.indexOf("/");
  const ns = slash < 0 ? policyNamespace : value.slice(0, slash);
  const sa = slash < 0 ? value : value.slice(slash + 1);
  return principalAuthenticated(regexMatcher(`spiffe://.+/ns/${ns}/(.+/|)sa/${sa}(/.+)?`));
}

export function directRemoteIpPrincipal(value: string): Principal {
  const cidr = cidrRange(value);
  if (!cidr) throw new GenerateError(`invalid IP address or CIDR "${value}"`);
  return { directRemoteIp: cidr };
}

export function remoteIpPrincipal(value: string): Principal {
  const cidr = cidrRange(value);
  if (!cidr) throw new GenerateError(`invalid IP address or CIDR "${value}"`);
  return { remoteIp: cidr };
}

const MATCH_ANY = regexMatcher(".+");

function jwtClaim(claim: string, m: StringMatcher): Principal {
  return { metadata: metadataStringMatcher(JWT_FILTER, [JWT_PAYLOAD_KEY, claim], m) };
}

/**
 * `requestPrincipals` / `request.auth.principal` (`<iss>/<sub>`, split at the last `/`): per value
 * an AND of the `iss` and `sub` claims; the values ORed (one value stays bare).
 */
export function requestPrincipals(values: readonly string[]): Principal {
  const ors = values.map((value) => {
    const idx = value.lastIndexOf("/");
    const found = idx >= 0;
    const iss = found ? value.slice(0, idx) : value;
    const sub = found ? value.slice(idx + 1) : "";
    let mIss: StringMatcher;
    let mSub: StringMatcher;
    if (value === "*") {
      mIss = MATCH_ANY;
      mSub = MATCH_ANY;
    } else if (value.startsWith("*")) {
      if (found) {
        mIss = iss === "*" ? MATCH_ANY : { suffix: iss.slice(1) };
        mSub = { exact: sub };
      } else {
        mIss = MATCH_ANY;
        mSub = { suffix: value.slice(1) };
      }
    } else if (value.endsWith("*")) {
      if (found) {
        mIss = { exact: iss };
        mSub = sub === "*" ? MATCH_ANY : { prefix: sub.slice(0, -1) };
      } else {
        mIss = { prefix: value.slice(0, -1) };
        mSub = MATCH_ANY;
      }
    } else {
      mIss = { exact: iss };
      mSub = { exact: sub };
    }
    return principalAnd([jwtClaim("iss", mIss), jwtClaim("sub", mSub)]);
  });
  return ors.length === 1 ? ors[0]! : principalOr(ors);
}

/** `request.auth.claims[a][b]`, `request.auth.audiences` (`aud`), `request.auth.presenter` (`azp`): list-or-scalar claim match. */
export function claimPrincipal(claims: readonly string[], values: readonly string[]): Principal {
  return { metadata: metadataListOrValueMatcher(JWT_FILTER, [JWT_PAYLOAD_KEY, ...claims], stringOrMatcher(values)) };
}

/** The trust domain of the mesh and its aliases (MeshConfig `trustDomainAliases`). */
export interface TrustDomainBundle {
  trustDomain: string;
  aliases?: readonly string[];
}

function bundleDomains(b: TrustDomainBundle): string[] {
  return [...new Set([b.trustDomain, ...(b.aliases ?? [])])];
}

/**
 * Expands each principal written with the mesh trust domain, an alias, or `cluster.local` to every
 * domain of the bundle (istiod `ReplaceTrustDomainAliases`); wildcards and other domains stay.
 */
export function expandTrustDomains(values: readonly string[], bundle: TrustDomainBundle): string[] {
  const domains = bundleDomains(bundle);
  if (domains.length < 2) return [...values];
  const out: string[] = [];
  for (const value of values) {
    const idx = value.indexOf("/ns/");
    const td = idx > 0 ? value.slice(0, idx) : "";
    if (value.startsWith("*") || td === "" || !(domains.includes(td) || td === "cluster.local")) {
      out.push(value);
      continue;
    }
    const rest = value.slice(idx);
    for (const d of domains) out.push(`${d}${rest}`);
  }
  return [...new Set(out)];
}
