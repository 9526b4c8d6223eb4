/**
 * Istio's value syntax for AuthorizationPolicy fields as Envoy matchers (istiod
 * `pilot/pkg/security/authz/matcher`): `*` alone → regex `.+`, `*suffix` → suffix, `prefix*` →
 * prefix, anything else → exact; plus header, host, metadata and CIDR helpers.
 */
import type { CidrRange } from "../../gen/envoy/envoy/config/core/v3/address.js";
import type { HeaderMatcher } from "../../gen/envoy/envoy/config/route/v3/route_components.js";
import type { MetadataMatcher, MetadataMatcher_PathSegment } from "../../gen/envoy/envoy/type/matcher/v3/metadata.js";
import type { StringMatcher } from "../../gen/envoy/envoy/type/matcher/v3/string.js";
import type { ValueMatcher } from "../../gen/envoy/envoy/type/matcher/v3/value.js";

export const regexMatcher = (regex: string): StringMatcher => ({ safeRegex: { regex } });

/**
 * A string matcher for an Istio value, with `prefix` prepended to the matched text (ignored for `*`;
 * a `*suffix` value with a prefix becomes the regex `<prefix>.*<suffix>`).
 */
export function stringMatcherWithPrefix(value: string, prefix = ""): StringMatcher {
  if (value === "*") return regexMatcher(".+");
  if (value.startsWith("*")) return prefix === "" ? { suffix: value.slice(1) } : regexMatcher(`${prefix}.*${value.slice(1)}`);
  if (value.endsWith("*")) return { prefix: prefix + value.slice(0, -1) };
  return { exact: prefix + value };
}

export const stringMatcher = (value: string): StringMatcher => stringMatcherWithPrefix(value);

/** `request.headers[...]`, `:method`: `*` → present; else a string matcher. */
export function headerMatcher(name: string, value: string): HeaderMatcher {
  return value === "*" ? { name, presentMatch: true } : { name, stringMatch: stringMatcher(value) };
}

/** `hosts`: `:authority`, case-insensitive. */
export function hostMatcher(name: string, value: string): HeaderMatcher {
  return value === "*" ? { name, presentMatch: true } : { name, stringMatch: { ...stringMatcher(value), ignoreCase: true } };
}

const pathOf = (keys: readonly string[]): MetadataMatcher_PathSegment[] => keys.map((key) => ({ key }));

export function metadataStringMatcher(filter: string, keys: readonly string[], m: StringMatcher): MetadataMatcher {
  return { filter, path: pathOf(keys), value: { stringMatch: m } };
}

/** OR of string matchers as one ValueMatcher (a single value stays a plain string match). */
export function stringOrMatcher(values: readonly string[]): ValueMatcher {
  const matchers: ValueMatcher[] = values.map((v) => ({ stringMatch: stringMatcher(v) }));
  return matchers.length === 1 ? matchers[0]! : { orMatch: { valueMatchers: matchers } };
}

/**
 * A metadata matcher for a value that may be a list or a scalar (istiod's extended JWT form): the
 * list contains a matching element, or the scalar itself matches.
 */
export function metadataListOrValueMatcher(filter: string, keys: readonly string[], value: ValueMatcher): MetadataMatcher {
  return { filter, path: pathOf(keys), value: { orMatch: { valueMatchers: [{ listMatch: { oneOf: value } }, value] } } };
}

/** A metadata matcher for a list element (`experimental.envoy.filters.<f>[key]` with `[v]` values). */
export function metadataListMatcher(filter: string, keys: readonly string[], m: StringMatcher): MetadataMatcher {
  return { filter, path: pathOf(keys), value: { listMatch: { oneOf: { stringMatch: m } } } };
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.0.0.1` → /32, `::1` → /128, `10.0.0.0/8` as written; undefined when not an address or CIDR. */
export function cidrRange(text: string): CidrRange | undefined {
  const [addr = "", len, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const v4 = IPV4.exec(addr);
  const v6 = !v4 && /^[0-9a-fA-F:.]+$/.test(addr) && addr.includes(":");
  if (v4 && v4.slice(1).some((o) => Number(o) > 255)) return undefined;
  if (!v4 && !v6) return undefined;
  const max = v4 ? 32 : 128;
  if (len === undefined) return { addressPrefix: addr, prefixLen: max };
  if (!/^\d+$/.test(len) || Number(len) > max) return undefined;
  return { addressPrefix: addr, prefixLen: Number(len) };
}

/** A port value as istiod accepts it (0–65535). */
export function portNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65535 ? n : undefined;
}
