/**
 * Checks of single fields that recur across the networking kinds: labels, port names, protocols,
 * exportTo lists, durations, header names and values, gateway references. Each returns a message or nothing.
 */
import { parseDuration } from "../cel/common.js";
import { fqdnError, isDNS1123Label } from "./hostnames.js";

// ---- labels ----

const LABEL_NAME = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_PREFIX = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*$/;

/** Kubernetes label keys ("app", "example.com/tier") and values (may be empty). */
export function labelErrors(labels: unknown): string[] {
  if (!labels || typeof labels !== "object") return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    const slash = k.lastIndexOf("/");
    const prefix = slash >= 0 ? k.slice(0, slash) : "";
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if ((slash >= 0 && (!LABEL_PREFIX.test(prefix) || prefix.length > 253)) || !LABEL_NAME.test(name) || name.length > 63)
      out.push(`label key "${k}" is invalid: use [prefix/]name, the name up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit`);
    if (typeof v === "string" && v !== "" && (!LABEL_NAME.test(v) || v.length > 63))
      out.push(`label value "${v}" (key "${k}") is invalid: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`);
  }
  return out;
}

// ---- ports and protocols ----

export const portError = (n: unknown): string | undefined =>
  typeof n === "number" && n >= 1 && n <= 65535 ? undefined : `port ${String(n)} is out of range: use 1 to 65535`;

export const portNameError = (name: string): string | undefined =>
  typeof name !== "string" || isDNS1123Label(name) ? undefined : `port name "${name}" is invalid: use letters, digits and "-" (max 63), starting and ending with a letter or digit`;

export type Protocol = "TCP" | "UDP" | "GRPC" | "GRPC-Web" | "HTTP" | "HTTP_PROXY" | "HTTP2" | "HTTPS" | "TLS" | "Mongo" | "Redis" | "MySQL" | "Unsupported";
const PROTOCOLS: Record<string, Protocol> = {
  tcp: "TCP", udp: "UDP", grpc: "GRPC", "grpc-web": "GRPC-Web", http: "HTTP", http_proxy: "HTTP_PROXY", http2: "HTTP2",
  https: "HTTPS", tls: "TLS", mongo: "Mongo", redis: "Redis", mysql: "MySQL",
};
/** Protocol names are case-insensitive. */
export const parseProtocol = (s: unknown): Protocol => (typeof s === "string" && PROTOCOLS[s.toLowerCase()]) || "Unsupported";
export const isHTTPProtocol = (p: Protocol) => ["HTTP", "HTTP2", "HTTP_PROXY", "GRPC", "GRPC-Web"].includes(p);
export const isTLSProtocol = (p: Protocol) => p === "HTTPS" || p === "TLS";
export const isTCPProtocol = (p: Protocol) => ["TCP", "HTTPS", "TLS", "Mongo", "Redis", "MySQL"].includes(p);

/** An optional protocol (empty means "detect"). */
export const protocolError = (s: unknown): string | undefined =>
  typeof s === "string" && s !== "" && parseProtocol(s) === "Unsupported"
    ? `protocol "${s}" is not supported: use HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TCP, TLS, Mongo, Redis, MySQL or UDP`
    : undefined;

// ---- exportTo ----

/** "." (this namespace), "*" (everyone), a namespace name, and for ServiceEntry "~" (no one). */
export function exportToErrors(namespace: string, exportTo: unknown, opts: { serviceEntry?: boolean; destinationRuleWithSelector?: boolean } = {}): string[] {
  if (!Array.isArray(exportTo) || exportTo.length === 0) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of exportTo as string[]) {
    const key = e === "." ? namespace : e;
    if (seen.has(key)) {
      out.push(key !== e ? `exportTo lists both "." and the current namespace "${namespace}"` : `exportTo lists "${e}" twice`);
      continue;
    }
    if (e === "~") {
      if (opts.serviceEntry) seen.add(key);
      else out.push(`exportTo "~" (no one) is only allowed on ServiceEntry`);
    } else if (e === "." || e === "*" || isDNS1123Label(e)) seen.add(key);
    else out.push(`exportTo entry "${e}" is invalid: use ".", "*" or a namespace name`);
  }
  if (opts.destinationRuleWithSelector && seen.size > 0) {
    if (!seen.has(namespace)) out.push("a DestinationRule with a workloadSelector can only be exported to its own namespace");
    else if (seen.size > 1) out.push("a DestinationRule with a workloadSelector cannot list more than its own namespace in exportTo");
  }
  if (seen.has("*") && exportTo.length > 1) out.push(`exportTo "*" already means every namespace: remove the other entries`);
  if (seen.has("~") && exportTo.length > 1) out.push(`exportTo "~" (no one) cannot be combined with other entries`);
  return out;
}

// ---- durations ----

/** Istio takes durations to the millisecond and rejects anything shorter than 1ms. */
export function durationError(d: unknown): string | undefined {
  if (typeof d !== "string") return undefined;
  const ns = parseDuration(d);
  if (ns === undefined) return `"${d}" is not a duration: write a number with a unit, such as "5s" or "250ms"`;
  if (ns < 1e6) return `duration "${d}" is too short: it must be at least 1ms`;
  if (ns % 1e6 !== 0) return `duration "${d}" is finer than a millisecond: Istio only supports millisecond precision`;
  return undefined;
}

// ---- headers ----

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;
export const headerNameError = (name: string): string | undefined =>
  typeof name !== "string" ? undefined : name === "" ? "header name is empty" : HEADER_NAME.test(name) ? undefined : `header name "${name}" is invalid: use letters, digits, "-" and "_"`;

/** Header match keys may also be "@request.auth.claims.<name>" (JWT claim routing). */
export const isJwtClaimKey = (name: string) => typeof name === "string" && /^@request\.auth\.claims(\.[^.\[\]]+(\.[^.\[\]]+)*|(\[[^\[\]]+\])+)$/.test(name);

export const headerMatchNameError = (name: string): string | undefined => (isJwtClaimKey(name) ? undefined : headerNameError(name));

const isPseudoOrHost = (k: string) => k.startsWith(":") || k.toLowerCase() === "host";
export const isAuthorityHeader = (k: string) => k.toLowerCase() === ":authority" || k.toLowerCase() === "host";

/** Header names the route may add or set on requests (":authority"/"host" allowed, other pseudo-headers not). */
export function requestSetHeaderError(name: string): string | undefined {
  if (typeof name !== "string") return undefined;
  if (name === "") return "header name is empty";
  if (isPseudoOrHost(name) && !isAuthorityHeader(name)) return `header "${name}" cannot be changed: names starting with ":" are reserved`;
  return undefined;
}

/** Header names removed from requests, or changed on responses. */
export function headerEditError(name: string): string | undefined {
  if (typeof name !== "string") return undefined;
  if (name === "") return "header name is empty";
  if (name.toLowerCase() === "host") return `header "${name}" cannot be changed here: rewrite the authority instead`;
  if (name.startsWith(":")) return `header "${name}" cannot be changed: names starting with ":" are reserved`;
  return undefined;
}

/** Envoy header values: no control characters, and "%" starts a %VARIABLE% unless doubled. */
export function headerValueError(value: string): string | undefined {
  if (typeof value !== "string") return undefined;
  if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value)) return `header value "${value}" contains control characters`;
  let i = 0;
  while (i < value.length) {
    if (value[i] !== "%") {
      i++;
      continue;
    }
    if (value[i + 1] === "%") {
      i += 2;
      continue;
    }
    const end = findVariableEnd(value, i + 1);
    if (end < 0) return `header value "${value}" has an unfinished %VARIABLE%: close it with "%" or write "%%" for a literal percent sign`;
    i = end + 1;
  }
  return undefined;
}

/** From just after an opening "%", find the closing "%" of %NAME% or %NAME(args)%; -1 when there is none. */
function findVariableEnd(v: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < v.length; i++) {
    const c = v[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "%" && depth === 0) return i;
  }
  return -1;
}

// ---- gateways ----

/** References to Gateways: "namespace/name", or a bare name (legacy "name.namespace" gets a warning). */
export function gatewayRefIssues(ref: string): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (typeof ref !== "string") return { errors, warnings };
  const slash = ref.indexOf("/");
  if (slash < 0) {
    if (ref.includes(".")) {
      const [name, ns] = ref.split(".");
      warnings.push(`gateway "${ref}" uses the old name.namespace form: write "${ns}/${name}"`);
    }
    const e = fqdnError(ref);
    if (e) errors.push(`gateway reference "${ref}" is invalid: ${e}`);
    return { errors, warnings };
  }
  const ns = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  if (!ns || !name) errors.push(`gateway reference "${ref}": write namespace/name with both parts set`);
  if (!isDNS1123Label(ns)) errors.push(`gateway reference "${ref}": "${ns}" is not a valid namespace name`);
  if (!isDNS1123Label(name)) errors.push(`gateway reference "${ref}": "${name}" is not a valid gateway name`);
  return { errors, warnings };
}

/** A percentage given as {value}: 0, or between 0.0001 and 100. */
export const percentageError = (p: unknown): string | undefined => {
  const v = p && typeof p === "object" ? (p as { value?: unknown }).value : undefined;
  if (typeof v !== "number") return undefined;
  return v < 0 || v > 100 || (v > 0 && v < 0.0001) ? `percentage ${v} is out of range: use 0, or a value from 0.0001 to 100` : undefined;
};
