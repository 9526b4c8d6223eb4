/** EnvoyFilter rules of Istio's webhook that need no Envoy type registry: selector, applyTo/match/patch agreement. */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, entries, isObj } from "./issues.js";
import { re2Error } from "./re2.js";

const LISTENER_CLASS = ["LISTENER", "FILTER_CHAIN", "NETWORK_FILTER", "HTTP_FILTER"];
const ROUTE_CLASS = ["ROUTE_CONFIGURATION", "VIRTUAL_HOST", "HTTP_ROUTE"];
const HCM = ["envoy.filters.network.http_connection_manager", "envoy.http_connection_manager"];
/** Old filter names and the names that replaced them. */
const RENAMED: Record<string, string> = {
  "envoy.http_connection_manager": "envoy.filters.network.http_connection_manager",
  "envoy.router": "envoy.filters.http.router",
  "envoy.cors": "envoy.filters.http.cors",
  "envoy.fault": "envoy.filters.http.fault",
  "envoy.lua": "envoy.filters.http.lua",
  "envoy.tcp_proxy": "envoy.filters.network.tcp_proxy",
  "envoy.ext_authz": "envoy.filters.http.ext_authz",
  "envoy.rate_limit": "envoy.filters.http.ratelimit",
  "envoy.grpc_web": "envoy.filters.http.grpc_web",
  "envoy.health_check": "envoy.filters.http.health_check",
  "envoy.listener.tls_inspector": "envoy.filters.listener.tls_inspector",
  "envoy.listener.original_dst": "envoy.filters.listener.original_dst",
};

export const rule: SemanticRule = (spec) => {
  const out = new IssueList();
  out.warn(["spec"], "EnvoyFilter patches Istio's internal Envoy configuration, which can change in any release: prefer other APIs and re-check it on every upgrade");
  if (!isObj(spec)) return out.items;
  const sel = spec.workloadSelector;
  if (isObj(sel)) {
    for (const [k] of entries(sel.labels)) {
      if (k === "") out.error(["spec", "workloadSelector", "labels"], "workloadSelector has an empty label key");
      if (k.includes("*")) out.error(["spec", "workloadSelector", "labels", k], `wildcard "*" is not allowed in label key "${k}"`);
    }
    if (out.items.some((i) => i.level === "error")) return out.items;
    if (!Object.keys(sel.labels ?? {}).length)
      out.warn(["spec", "workloadSelector"], "workloadSelector has no labels, so this EnvoyFilter applies to every workload in the namespace");
  }
  arr(spec.configPatches).forEach((cp, i) => {
    const p = ["spec", "configPatches", i];
    if (!isObj(cp)) return out.error(p, "config patch is empty (null)");
    if (!cp.applyTo || cp.applyTo === "INVALID") return out.error([...p, "applyTo"], "applyTo is missing: say what the patch applies to (LISTENER, HTTP_FILTER, CLUSTER, …)");
    if (!isObj(cp.patch)) return out.error([...p, "patch"], "patch is missing");
    if (!cp.patch.operation || cp.patch.operation === "INVALID") return out.error([...p, "patch", "operation"], "patch operation is missing (MERGE, ADD, REMOVE, …)");
    if (cp.patch.operation !== "REMOVE" && cp.patch.value === undefined) return out.error([...p, "patch", "value"], `patch operation ${cp.patch.operation} needs a value`);
    const m = isObj(cp.match) ? cp.match : undefined;
    const pv = isObj(m?.proxy) ? m!.proxy.proxyVersion : undefined;
    if (typeof pv === "string" && pv) {
      const e = re2Error(pv);
      if (e) return out.error([...p, "match", "proxy", "proxyVersion"], `proxyVersion: ${e}`);
    }
    if (!m) return;
    const hasObject = ["listener", "routeConfiguration", "cluster", "waypoint"].some((k) => m[k] !== undefined);
    if (!hasObject) return;
    if (LISTENER_CLASS.includes(cp.applyTo)) {
      if (!isObj(m.listener)) return out.error([...p, "match"], `applyTo ${cp.applyTo} needs a listener match`);
      const f = isObj(m.listener.filterChain) && isObj(m.listener.filterChain.filter) ? m.listener.filterChain.filter : undefined;
      if (!f) return;
      const fp = [...p, "match", "listener", "filterChain", "filter"];
      if (cp.applyTo === "LISTENER" || cp.applyTo === "FILTER_CHAIN") out.warn(fp, `a filter match has no effect with applyTo ${cp.applyTo}`);
      if (!f.name) return out.error([...fp, "name"], "the filter match needs a name");
      if (f.subFilter !== undefined) {
        if (cp.applyTo !== "HTTP_FILTER") return out.error([...fp, "subFilter"], "subFilter matches only work with applyTo HTTP_FILTER");
        if (!HCM.includes(f.name)) return out.error([...fp, "subFilter"], `subFilter matches need the filter to be ${HCM[0]}`);
        if (!isObj(f.subFilter) || !f.subFilter.name) return out.error([...fp, "subFilter", "name"], "the subFilter match needs a name");
      }
      const named: [unknown, (string | number)[]][] = [[f.name, [...fp, "name"]], [isObj(f.subFilter) ? f.subFilter.name : undefined, [...fp, "subFilter", "name"]]];
      for (const [n, np] of named)
        if (typeof n === "string" && RENAMED[n]) out.warn(np, `filter name "${n}" is deprecated: use "${RENAMED[n]}"`);
    } else if (ROUTE_CLASS.includes(cp.applyTo)) {
      if (!isObj(m.routeConfiguration)) out.error([...p, "match"], `applyTo ${cp.applyTo} needs a routeConfiguration match`);
    } else if (cp.applyTo === "CLUSTER") {
      if (!isObj(m.cluster)) out.error([...p, "match"], "applyTo CLUSTER needs a cluster match");
    }
  });
  return out.items;
};
