/**
 * Ported CEL rules of the security.istio.io CRDs (PeerAuthentication, AuthorizationPolicy,
 * RequestAuthentication), plus the two policy-scope rules that every policy kind shares
 * (selector vs targetRef(s), same-namespace targetRef), which telemetry and extensions use too.
 */
import type { CheckTable } from "./types.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (o: Record<string, unknown>, key: string) => o[key] !== undefined;

/**
 * Read a URL the way Go's url.ParseRequestURI does (which is what CEL's url() and isURL() use), as far
 * as it matters here: returns the scheme in lower case ("" for an absolute path), or undefined when
 * the text is not an absolute URL or absolute path.
 */
export function requestUriScheme(text: string): string | undefined {
  if (text.length === 0 || /[\x00-\x1f\x7f]/.test(text)) return undefined;
  let scheme = "";
  let rest = text;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ":") {
      if (i === 0) return undefined;
      scheme = text.slice(0, i).toLowerCase();
      rest = text.slice(i + 1);
    }
    break;
  }
  const q = rest.indexOf("?");
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith("/")) return scheme === "" ? undefined : scheme; // "mailto:x" style URLs are opaque but valid
  if (scheme !== "" && rest.startsWith("//")) {
    const end = rest.indexOf("/", 2);
    const authority = rest.slice(2, end < 0 ? undefined : end);
    const host = authority.slice(authority.lastIndexOf("@") + 1);
    if (!validHostPort(host)) return undefined;
  }
  return scheme;
}

function validHostPort(host: string): boolean {
  let name = host;
  let port = "";
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close < 0) return false;
    const after = host.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return false;
    name = host.slice(1, close);
    port = after.slice(1);
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0) {
      name = host.slice(0, colon);
      port = host.slice(colon + 1);
    }
  }
  if (!/^[0-9]*$/.test(port)) return false;
  return /^[A-Za-z0-9\-._~!$&'()*+,;=:%<>"]*$/.test(name);
}

export const securityChecks: CheckTable = {
  /** (has(selector) ? 1 : 0) + (has(targetRef) ? 1 : 0) + (has(targetRefs) ? 1 : 0) <= 1, on the spec. */
  "selector-or-target-refs": (v) => {
    if (!isObject(v)) return undefined;
    const set = ["selector", "targetRef", "targetRefs"].filter((k) => has(v, k));
    if (set.length <= 1) return undefined;
    return `${set.join(" and ")} are set together: a policy picks its workloads either by selector or by targetRef/targetRefs, so keep only one`;
  },
  /** self.size() == 0, on targetRef.namespace. */
  "policy-target-same-namespace": (v) =>
    typeof v === "string" && v.length > 0
      ? `targetRef namespace "${v}" is not supported: a policy can only refer to resources in its own namespace, so remove namespace`
      : undefined,
  /** has(portLevelMtls) implies a non-empty selector.matchLabels, on the PeerAuthentication spec. */
  "port-level-mtls-needs-selector": (v) => {
    if (!isObject(v) || !has(v, "portLevelMtls")) return undefined;
    const sel = v["selector"];
    const labels = isObject(sel) && isObject(sel["matchLabels"]) ? sel["matchLabels"] : {};
    if (Object.keys(labels).length > 0) return undefined;
    return {
      message: "portLevelMtls only works in a policy for specific workloads: add selector.matchLabels, or move the setting to mtls",
      path: ["portLevelMtls"],
    };
  },
  /** self.all(key, 0 < int(key) && int(key) <= 65535), on PeerAuthentication portLevelMtls. */
  "port-key-range": (v) => {
    if (!isObject(v)) return undefined;
    const bad = Object.keys(v).filter((k) => {
      if (!/^[+-]?[0-9]+$/.test(k)) return true;
      const n = Number(k);
      return !(n > 0 && n <= 65535);
    });
    return bad.map((k) => ({ message: `"${k}" is not a port number: portLevelMtls keys must be ports from 1 to 65535`, path: [k] }));
  },
  /** serviceAccounts/notServiceAccounts exclude principals/notPrincipals/namespaces/notNamespaces, on an AuthorizationPolicy source. */
  "source-service-accounts-exclusive": (v) => {
    if (!isObject(v)) return undefined;
    if (!has(v, "serviceAccounts") && !has(v, "notServiceAccounts")) return undefined;
    const clash = ["principals", "notPrincipals", "namespaces", "notNamespaces"].filter((k) => has(v, k));
    if (clash.length === 0) return undefined;
    return `serviceAccounts cannot be combined with ${clash.join(", ")} in one source: a service account already names its namespace, so use one form or split the source`;
  },
  /** url(self).getScheme() in ["http", "https"], on jwtRules[].jwksUri and jwks_uri. */
  "jwks-uri-scheme": (v) => {
    if (typeof v !== "string") return undefined;
    const scheme = requestUriScheme(v);
    if (scheme === "http" || scheme === "https") return undefined;
    return `"${v}" is not a usable JWKS address: write a full URL starting with https:// (or http://)`;
  },
  /** at most one of jwksUri, jwks_uri and jwks, on a JWT rule. */
  "jwt-rule-single-jwks-source": (v) => {
    if (!isObject(v)) return undefined;
    const set = ["jwksUri", "jwks_uri", "jwks"].filter((k) => has(v, k));
    if (set.length <= 1) return undefined;
    return `${set.join(" and ")} are set together: give the signing keys one way only, either inline (jwks) or as an address (jwksUri)`;
  },
};
