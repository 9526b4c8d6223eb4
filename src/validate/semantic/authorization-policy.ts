/**
 * AuthorizationPolicy: the validation webhook's rules beyond the schema — action vs provider, what
 * an absent or empty list means, the syntax of IPs, ports, service accounts and path templates, and
 * the attribute keys a `when` condition may use. (serviceAccounts vs principals/namespaces is the CEL
 * check source-service-accounts-exclusive and is not repeated here.)
 */
import { checkPolicyScope } from "./policy-scope.js";
import type { SemanticIssue, SemanticRule } from "./types.js";

type Path = (string | number)[];
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const filled = (v: unknown) => Array.isArray(v) && v.length > 0;

// ---- value syntax ---------------------------------------------------------------------------

function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  const zone = s.indexOf("%");
  const text = zone >= 0 ? s.slice(0, zone) : s;
  if (zone >= 0 && zone === s.length - 1) return false;
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes(".")) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1; // an embedded IPv4 address takes two groups
  }
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** An IP address or a CIDR block ("10.0.0.1", "10.0.0.0/8", "2001:db8::/32"), as Go's netip reads them. */
export function ipOrCidrError(value: string): string | undefined {
  const slash = value.indexOf("/");
  if (slash < 0) return isIPv4(value) || isIPv6(value) ? undefined : `"${value}" is not an IP address`;
  const addr = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  const max = isIPv4(addr) ? 32 : !addr.includes("%") && isIPv6(addr) ? 128 : -1;
  if (max < 0) return `"${value}" is not a CIDR block: "${addr}" is not an IP address`;
  if (!/^(0|[1-9][0-9]*)$/.test(bits) || Number(bits) > max) return `"${value}" is not a CIDR block: the prefix length must be 0 to ${max}`;
  return undefined;
}

function portError(value: string): string | undefined {
  return /^[0-9]+$/.test(value) && Number(value) <= 65535 ? undefined : `"${value}" is not a port: use a number from 0 to 65535`;
}

function serviceAccountError(value: string): string | undefined {
  if (value.includes("*")) return `"${value}" contains "*": service accounts cannot use wildcards`;
  const parts = value.split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) return `"${value}" is not a service account: write "name" or "namespace/name"`;
  return undefined;
}

/** Path templates: "{*}" is one segment, "{**}" any number of them and only at the end; other braces are not allowed. */
function pathTemplateError(path: string): string | undefined {
  const templated = path.includes("{*}") || path.includes("{**}");
  let sawAny = false;
  for (const seg of path.replace(/^\/+|\/+$/g, "").split("/")) {
    if (seg === "{*}" || seg === "{**}") {
      if (sawAny) return `in "${path}", {**} must be the last template segment`;
      sawAny = seg === "{**}";
      continue;
    }
    if (/[{}]/.test(seg)) return `"${path}" has braces that are not a whole "{*}" or "{**}" segment`;
    if (templated && !/^[A-Za-z0-9\-._~%!$&'()+,;:@=]+$/.test(seg)) return `in "${path}", segment "${seg}" has characters a path template cannot match`;
  }
  return undefined;
}

// ---- condition keys -----------------------------------------------------------------------

type ValueCheck = (v: string) => string | undefined;
const mapKey = (key: string) => {
  const open = key.indexOf("[");
  return key.endsWith("]") && open > 0 && open < key.length - 2 ? undefined : `key "${key}" needs a name in brackets, e.g. ${key.replace(/\[.*$/, "")}[name]`;
};
const ANY: ValueCheck = () => undefined;
const EXACT: Record<string, ValueCheck> = {
  "source.ip": ipOrCidrError,
  "remote.ip": ipOrCidrError,
  "destination.ip": ipOrCidrError,
  "destination.port": portError,
  "source.serviceAccount": serviceAccountError,
  "source.namespace": ANY,
  "source.principal": ANY,
  "request.auth.principal": ANY,
  "request.auth.audiences": ANY,
  "request.auth.presenter": ANY,
  "connection.sni": ANY,
};
const BRACKETED = ["request.headers", "request.experimental.inline.headers", "request.auth.claims", "experimental.envoy.filters."];
const RETIRED: Record<string, string> = {
  "destination.namespace": "the policy's own namespace already sets it; remove this condition",
  "destination.name": "it is no longer supported; use a selector or targetRef",
  "destination.user": "it is no longer supported; use a selector or targetRef",
};

/** What is wrong with a condition key, if anything. */
function conditionKeyError(key: string): string | undefined {
  if (RETIRED[key]) return `condition key "${key}" cannot be used: ${RETIRED[key]}`;
  if (key.startsWith("destination.labels")) return `condition key "${key}" cannot be used: select workloads with selector.matchLabels instead`;
  if (BRACKETED.some((p) => key.startsWith(p))) return mapKey(key);
  if (!EXACT[key]) return `"${key}" is not a condition key Istio knows (e.g. source.ip, request.headers[name], request.auth.claims[name])`;
  return undefined;
}

/** What is wrong with one value of a condition whose key is valid, if anything. */
function conditionValueError(key: string, value: string): string | undefined {
  if (value === "") return "values cannot be empty strings";
  return (EXACT[key] ?? ANY)(value);
}

// ---- the rule -----------------------------------------------------------------------------

const SOURCE_FIELDS = ["principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals", "namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts", "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"];
const SOURCE_TCP = ["principals", "notPrincipals", "namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts", "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"];
const IP_FIELDS = ["ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"];
const OPERATION_FIELDS = ["hosts", "notHosts", "ports", "notPorts", "methods", "notMethods", "paths", "notPaths"];
const CUSTOM_UNSUPPORTED_SOURCE = ["principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals", "namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts"];

export const rule: SemanticRule = (spec) => {
  const issues: SemanticIssue[] = [...checkPolicyScope(spec)];
  const err = (path: Path, message: string) => issues.push({ path: ["spec", ...path], level: "error", message });
  const action: string = spec?.action ?? "ALLOW";
  const rules = list(spec?.rules);
  const noRules = rules.length === 0;

  if (action === "CUSTOM") {
    if (noRules) err(["rules"], "a CUSTOM policy without rules never runs: add rules, or an empty rule {} to send every request to the provider");
    else if (!spec?.provider?.name) err(["provider", "name"], "a CUSTOM policy needs provider.name: the extension provider from the mesh config that makes the decision");
  } else if (spec?.provider !== undefined) {
    err(["provider"], `provider only works with action CUSTOM (this policy has ${action}): remove provider or set action: CUSTOM`);
  }
  if (action === "DENY" && noRules) err(["rules"], "a DENY policy without rules never matches and denies nothing: add rules, or an empty rule {} to deny every request");

  rules.forEach((r: any, i) => {
    const at = (...p: Path): Path => ["rules", i, ...p];
    if (!r || typeof r !== "object") return err(at(), "a rule cannot be null: use {} to match every request");
    let fromExists = false, toExists = false, tcpFrom = false, tcpTo = false;

    if (Array.isArray(r.from) && r.from.length === 0) err(at("from"), "from is an empty list: remove it to match any source, or add a source");
    list(r.from).forEach((f: any, j) => {
      const src = f?.source;
      if (!src) return err(at("from", j, "source"), "each from entry needs a source");
      fromExists = true;
      if (!SOURCE_FIELDS.some((k) => filled(src[k]))) err(at("from", j, "source"), "source is empty: say which principals, namespaces, service accounts or IP blocks it matches");
      if (SOURCE_TCP.some((k) => filled(src[k]))) tcpFrom = true;
      for (const k of SOURCE_FIELDS) list(src[k]).forEach((v, n) => { if (v === "") err(at("from", j, "source", k, n), `${k} cannot contain an empty string`); });
      for (const k of IP_FIELDS) list(src[k]).forEach((v, n) => { const bad = v === "" ? undefined : ipOrCidrError(String(v)); if (bad) err(at("from", j, "source", k, n), bad); });
      for (const k of ["serviceAccounts", "notServiceAccounts"]) list(src[k]).forEach((v, n) => { const bad = v === "" ? undefined : serviceAccountError(String(v)); if (bad) err(at("from", j, "source", k, n), bad); });
      if (action === "CUSTOM") for (const k of CUSTOM_UNSUPPORTED_SOURCE) if (filled(src[k])) err(at("from", j, "source", k), `${k} cannot be used in a CUSTOM policy: the external authorizer does not see it`);
    });

    if (Array.isArray(r.to) && r.to.length === 0) err(at("to"), "to is an empty list: remove it to match any operation, or add an operation");
    list(r.to).forEach((t: any, j) => {
      const op = t?.operation;
      if (!op) return err(at("to", j, "operation"), "each to entry needs an operation");
      toExists = true;
      if (!OPERATION_FIELDS.some((k) => filled(op[k]))) err(at("to", j, "operation"), "operation is empty: say which hosts, ports, methods or paths it matches");
      if (filled(op.ports) || filled(op.notPorts)) tcpTo = true;
      for (const k of OPERATION_FIELDS) list(op[k]).forEach((v, n) => { if (v === "") err(at("to", j, "operation", k, n), `${k} cannot contain an empty string`); });
      for (const k of ["ports", "notPorts"]) list(op[k]).forEach((v, n) => { const bad = v === "" ? undefined : portError(String(v)); if (bad) err(at("to", j, "operation", k, n), bad); });
      for (const k of ["paths", "notPaths"]) list(op[k]).forEach((v, n) => { const bad = pathTemplateError(String(v)); if (bad) err(at("to", j, "operation", k, n), bad); });
    });

    list(r.when).forEach((c: any, j) => {
      const key = String(c?.key ?? "");
      if (key === "") return err(at("when", j, "key"), "key cannot be empty: name the request attribute to test, e.g. request.headers[x-user]");
      if (!filled(c.values) && !filled(c.notValues)) return err(at("when", j), `condition on "${key}" needs values or notValues`);
      if (action === "CUSTOM" && (["source.namespace", "source.serviceAccount", "source.principal"].includes(key) || key.startsWith("request.auth."))) {
        err(at("when", j, "key"), `condition key "${key}" cannot be used in a CUSTOM policy: the external authorizer does not see it`);
      }
      const keyError = conditionKeyError(key);
      if (keyError) return err(at("when", j, "key"), keyError);
      for (const field of ["values", "notValues"] as const) {
        list(c[field]).forEach((v, n) => { const bad = conditionValueError(key, String(v)); if (bad) err(at("when", j, field, n), bad); });
      }
    });

    if (action === "DENY" && ((fromExists && !toExists && !tcpFrom) || (toExists && !tcpTo))) {
      issues.push({
        path: ["spec", ...at()],
        level: "warning",
        message: "this DENY rule only uses HTTP attributes, which TCP traffic does not have, so it denies all TCP traffic to the selected workloads: add ports to the rule to limit it",
      });
    }
  });
  return issues;
};
