/**
 * RequestAuthentication: the validation webhook's rules beyond the schema. The CEL checks already
 * cover the JWKS address scheme, "one JWKS source per rule" and the 1ms minimum timeout.
 */
import { checkPolicyScope } from "./policy-scope.js";
import type { SemanticIssue, SemanticRule } from "./types.js";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Why an inline JWKS cannot be used, if it cannot: it must be JSON holding a key set ({"keys": [...]}) or one key ({"kty": ...}). */
export function inlineJwksError(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return "jwks is not valid JSON: paste the JSON Web Key Set itself, e.g. {\"keys\": [...]}";
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return "jwks must be a JSON object with a \"keys\" list";
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d["keys"])) {
    const bad = d["keys"].findIndex((k) => !k || typeof k !== "object" || typeof (k as Record<string, unknown>)["kty"] !== "string");
    return bad < 0 ? undefined : `jwks key ${bad} has no "kty" (key type) field`;
  }
  if (typeof d["kty"] === "string") return undefined;
  return "jwks must be a JSON Web Key Set: an object with a \"keys\" list";
}

/** The host of an http(s) URL, or undefined when there is none. */
function urlHost(text: string): string | undefined {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(text);
  if (!m) return undefined;
  const host = m[1]!.slice(m[1]!.lastIndexOf("@") + 1).replace(/:[0-9]*$/, "");
  return host === "" ? undefined : host;
}

export const rule: SemanticRule = (spec) => {
  const issues: SemanticIssue[] = [...checkPolicyScope(spec)];
  list(spec?.jwtRules).forEach((r: any, i) => {
    const at = (...p: (string | number)[]) => ["spec", "jwtRules", i, ...p];
    if (!r || typeof r !== "object") {
      issues.push({ path: at(), level: "error", message: "a JWT rule cannot be null" });
      return;
    }
    const uriField = r.jwksUri !== undefined ? "jwksUri" : "jwks_uri";
    const uri: string | undefined = r.jwksUri ?? r.jwks_uri;
    if (!r.issuer && !uri) {
      issues.push({ path: at("issuer"), level: "error", message: "a JWT rule needs an issuer (the token's iss claim), or at least a jwksUri" });
    }
    if (typeof uri === "string" && /^https?:/i.test(uri) && urlHost(uri) === undefined) {
      issues.push({ path: at(uriField), level: "warning", message: `jwksUri "${uri}" names no host, so the keys cannot be fetched: write it as https://host/path` });
    }
    if (typeof r.jwks === "string" && r.jwks !== "") {
      const bad = inlineJwksError(r.jwks);
      if (bad) issues.push({ path: at("jwks"), level: "error", message: bad });
    }
  });
  return issues;
};
