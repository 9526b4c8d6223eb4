/**
 * The attributes of an AuthorizationPolicy rule — `from.source` and `to.operation` fields and
 * `when` keys — as generators of Envoy RBAC principals (source side) or permissions (destination
 * side), following istiod's `authz/model/model.go` table. A generator either maps one value at a
 * time (values ORed) or all values at once (`all`, istiod's "extended" JWT form).
 */
import type { Permission, Principal } from "../../gen/envoy/envoy/config/rbac/v3/rbac.js";
import { pathMatcher } from "./path-template.js";
import {
  claimPrincipal,
  directRemoteIpPrincipal,
  GenerateError,
  namespacePrincipal,
  peerPrincipal,
  remoteIpPrincipal,
  requestPrincipals,
  serviceAccountPrincipal,
} from "./principals.js";
import { cidrRange, headerMatcher, hostMatcher, metadataListMatcher, metadataStringMatcher, portNumber, stringMatcher } from "./string-matchers.js";

interface GenBase {
  /** The attribute needs HTTP (on a TCP chain: ALLOW rule dropped, DENY/AUDIT condition removed). */
  httpOnly: boolean;
}
export interface PrincipalGen extends GenBase {
  side: "principal";
  one?: (key: string, value: string) => Principal;
  all?: (key: string, values: string[]) => Principal;
}
export interface PermissionGen extends GenBase {
  side: "permission";
  one?: (key: string, value: string) => Permission;
  all?: (key: string, values: string[]) => Permission;
}
export type FieldGen = PrincipalGen | PermissionGen;

const principal = (httpOnly: boolean, g: Omit<PrincipalGen, "side" | "httpOnly">): PrincipalGen => ({ side: "principal", httpOnly, ...g });
const permission = (httpOnly: boolean, g: Omit<PermissionGen, "side" | "httpOnly">): PermissionGen => ({ side: "permission", httpOnly, ...g });

/** `request.headers[x]` → `x`; `request.auth.claims[a][b]` → [`a`, `b`]. */
export function bracketNames(rest: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < rest.length) {
    if (rest[i] !== "[") break;
    const end = rest.indexOf("]", i + 1);
    if (end < 0 || rest.slice(i + 1, end).includes("[")) break;
    names.push(rest.slice(i + 1, end));
    i = end + 1;
  }
  if (i !== rest.length || names.length === 0) {
    // istiod falls back to one name between the outer brackets.
    if (rest.startsWith("[") && rest.endsWith("]")) return [rest.slice(1, -1)];
    throw new GenerateError(`expecting the format [<NAME>], found "${rest}"`);
  }
  return names;
}

export const GENERATORS = {
  peerPrincipal: principal(false, { one: (_k, v) => peerPrincipal(v) }),
  namespace: principal(false, { one: (_k, v) => namespacePrincipal(v) }),
  sourceIp: principal(false, { one: (_k, v) => directRemoteIpPrincipal(v) }),
  remoteIp: principal(false, { one: (_k, v) => remoteIpPrincipal(v) }),
  requestPrincipal: principal(true, { all: (_k, vs) => requestPrincipals(vs) }),
  audiences: principal(true, { all: (_k, vs) => claimPrincipal(["aud"], vs) }),
  presenter: principal(true, { all: (_k, vs) => claimPrincipal(["azp"], vs) }),
  claims: principal(true, { all: (k, vs) => claimPrincipal(bracketNames(k.slice("request.auth.claims".length)), vs) }),
  requestHeader: principal(true, {
    one: (k, v) => {
      const names = bracketNames(k.slice("request.headers".length));
      if (names.length !== 1) throw new GenerateError(`expecting the format request.headers[<NAME>], found "${k}"`);
      return { header: headerMatcher(names[0]!, v) };
    },
  }),
  host: permission(true, { one: (_k, v) => ({ header: hostMatcher(":authority", v) }) }),
  method: permission(true, { one: (_k, v) => ({ header: headerMatcher(":method", v) }) }),
  path: permission(true, { one: (_k, v) => ({ urlPath: pathMatcher(v) }) }),
  destinationPort: permission(false, {
    one: (_k, v) => {
      const port = portNumber(v);
      if (port === undefined) throw new GenerateError(`invalid port "${v}"`);
      return { destinationPort: port };
    },
  }),
  destinationIp: permission(false, {
    one: (_k, v) => {
      const cidr = cidrRange(v);
      if (!cidr) throw new GenerateError(`invalid IP address or CIDR "${v}"`);
      return { destinationIp: cidr };
    },
  }),
  sni: permission(false, { one: (_k, v) => ({ requestedServerName: stringMatcher(v) }) }),
  envoyFilter: permission(false, {
    one: (k, v) => {
      // experimental.envoy.filters.a.b[c] → filter envoy.filters.a.b, key c
      const body = k.slice("experimental.".length);
      const open = body.indexOf("[");
      if (open < 0 || !body.endsWith("]")) throw new GenerateError(`invalid key "${k}"`);
      const filter = body.slice(0, open);
      const key = body.slice(open + 1, -1);
      if (v.startsWith("[") && v.endsWith("]")) return { metadata: metadataListMatcher(filter, [key], stringMatcher(v.slice(1, -1))) };
      return { metadata: metadataStringMatcher(filter, [key], stringMatcher(v)) };
    },
  }),
  any: permission(false, { one: () => ({ any: true }) }),
} satisfies Record<string, FieldGen>;

/** The service-account generator needs the policy's namespace. */
export function serviceAccountGen(policyNamespace: string): PrincipalGen {
  return principal(false, { one: (_k, v) => serviceAccountPrincipal(policyNamespace, v) });
}

/** The generator of a `when` key; undefined for an unknown key (istiod rejects the rule). */
export function whenGenerator(key: string): FieldGen | undefined {
  switch (key) {
    case "destination.ip":
      return GENERATORS.destinationIp;
    case "destination.port":
      return GENERATORS.destinationPort;
    case "connection.sni":
      return GENERATORS.sni;
    case "source.ip":
      return GENERATORS.sourceIp;
    case "remote.ip":
      return GENERATORS.remoteIp;
    case "source.namespace":
      return GENERATORS.namespace;
    case "source.principal":
      return GENERATORS.peerPrincipal;
    case "request.auth.principal":
      return GENERATORS.requestPrincipal;
    case "request.auth.audiences":
      return GENERATORS.audiences;
    case "request.auth.presenter":
      return GENERATORS.presenter;
    case "any":
      return GENERATORS.any;
  }
  if (key.startsWith("experimental.envoy.filters.")) return GENERATORS.envoyFilter;
  if (key.startsWith("request.headers")) return GENERATORS.requestHeader;
  if (key.startsWith("request.auth.claims")) return GENERATORS.claims;
  return undefined;
}
