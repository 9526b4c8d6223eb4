/**
 * AuthorizationPolicy `paths` → Envoy `url_path` permissions.
 *
 * Plain values follow Istio's value syntax (`/a/*` → prefix `/a/`, `*.html` → suffix, `*` → any).
 * Values with Istio path templates (`{*}` one segment, `{**}` any number of segments, last only)
 * become, in istiod, a `uri_template` permission holding
 * `envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig`. That message is not in
 * meshc's generated registry, so the stock output would not parse back; meshc emits instead a
 * `url_path` safe-regex with the same meaning as Envoy's URI template matcher (a segment is one or
 * more RFC 3986 pchars; `**` matches zero or more segments). `templateToUriTemplate` gives the
 * istiod form for when the type is added to the generator closure.
 */
import type { PathMatcher } from "../../gen/envoy/envoy/type/matcher/v3/path.js";
import { regexMatcher, stringMatcher } from "./string-matchers.js";

export const MATCH_ONE_TEMPLATE = "{*}";
export const MATCH_ANY_TEMPLATE = "{**}";

/** Envoy's URI template literal/segment character class (pchar without `/`). */
const SEGMENT_CHARS = "[a-zA-Z0-9\\-._~%!$&'()+,;:@=]";

/** True if the path uses Istio's `{*}` / `{**}` templates. */
export function containsPathTemplate(path: string): boolean {
  return path.includes(MATCH_ONE_TEMPLATE) || path.includes(MATCH_ANY_TEMPLATE);
}

/** Istio's template (`{*}` → `*`, `{**}` → `**`) in Envoy's URI-template syntax, as istiod sends it. */
export function templateToUriTemplate(path: string): string {
  return path.replaceAll(MATCH_ANY_TEMPLATE, "**").replaceAll(MATCH_ONE_TEMPLATE, "*");
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A full-match RE2 regex equivalent to the template: `{*}` → one segment, `{**}` → anything below
 * (zero or more segments, slashes included). Text around the operators is literal.
 */
export function pathTemplateRegex(path: string): string {
  const parts = path.split(/(\{\*\*\}|\{\*\})/);
  let out = "";
  for (const part of parts) {
    if (part === MATCH_ANY_TEMPLATE) out += `(?:${SEGMENT_CHARS}|/)*`;
    else if (part === MATCH_ONE_TEMPLATE) out += `${SEGMENT_CHARS}+`;
    else out += escapeRegex(part);
  }
  return out;
}

/** Whether a template is well formed as Istio validates it: `{**}` at most once and last, operators whole segments. */
export function validPathTemplate(path: string): boolean {
  const segments = path.split("/");
  const anyAt = segments.findIndex((s) => s === MATCH_ANY_TEMPLATE);
  for (const s of segments) if (s !== MATCH_ONE_TEMPLATE && s !== MATCH_ANY_TEMPLATE && (s.includes("{") || s.includes("}"))) return false;
  return anyAt < 0 || (anyAt === segments.length - 1 && segments.filter((s) => s === MATCH_ANY_TEMPLATE).length === 1);
}

/** The `url_path` matcher of one `paths` value. */
export function pathMatcher(path: string): PathMatcher {
  if (containsPathTemplate(path)) return { path: regexMatcher(pathTemplateRegex(path)) };
  return { path: stringMatcher(path) };
}
