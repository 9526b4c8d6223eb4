/** `proxy-config routes`: istioctl's route table (NAME VHOST NAME DOMAINS MATCH VIRTUAL SERVICE). */
import type { Route, RouteConfiguration } from "../../compile/envoy/index.js";
import { istioConfigName } from "../../compile/simulate.js";
import { describePathMatch } from "./proxy-config-listeners.js";
import { renderTable } from "./proxy-config-table.js";

export interface RouteFilter {
  /** Route configuration name (exact). */
  name?: string;
}

export function routeConfigMatches(rc: RouteConfiguration, f: RouteFilter): boolean {
  return f.name === undefined || f.name === "" || (rc.name ?? "") === f.name;
}

/** istioctl's order: numeric names ascending; others keep their place. */
export function sortRouteConfigs(routes: readonly RouteConfiguration[]): RouteConfiguration[] {
  const numeric = routes.filter((r) => /^\d+$/.test(r.name ?? "")).sort((a, b) => Number(a.name) - Number(b.name));
  let i = 0;
  return routes.map((r) => (/^\d+$/.test(r.name ?? "") ? numeric[i++]! : r));
}

/**
 * The DOMAINS column: the domain when there is one; else the domains without ports, with
 * "name.ns.svc.cluster.local"/"name.ns.svc" dropped when the shorter form is listed, the first two
 * and "+ N more...".
 */
export function describeDomains(domains: readonly string[]): string {
  if (domains.length === 0) return "";
  if (domains.length === 1) return domains[0]!;
  const withoutPort = domains.filter((d) => !d.includes(":") || (countColons(d) > 2 && d.endsWith("]")));
  const set = new Set(withoutPort);
  const kept = withoutPort.filter((d) => {
    const full = d.endsWith(".svc.cluster.local") ? d.slice(0, -".svc.cluster.local".length) : d;
    const partial = d.endsWith(".svc") ? d.slice(0, -".svc".length) : d;
    return !((full !== d && set.has(full)) || (partial !== d && set.has(partial)));
  });
  return kept.length > 2 ? `${kept.slice(0, 2).join(", ")} + ${kept.length - 2} more...` : kept.join(", ");
}

function countColons(s: string): number {
  return s.split(":").length - 1;
}

function isPassthrough(r: Route): boolean {
  return r.route?.cluster === "PassthroughCluster";
}

/** The table: one row per route (`verbose`, the default) or per route configuration (NAME VIRTUAL HOSTS). */
export function renderRouteTable(routes: readonly RouteConfiguration[], verbose = true): string {
  const rows: string[][] = [];
  for (const rc of sortRouteConfigs(routes)) {
    if (!verbose) {
      rows.push([rc.name ?? "", String((rc.virtualHosts ?? []).length)]);
      continue;
    }
    for (const vh of rc.virtualHosts ?? []) {
      const domains = describeDomains(vh.domains ?? []);
      for (const r of vh.routes ?? []) {
        if (!isPassthrough(r)) rows.push([rc.name ?? "", vh.name ?? "", domains, describePathMatch(r.match), istioConfigName(r.metadata) ?? ""]);
      }
      if ((vh.routes ?? []).length === 0) rows.push([rc.name ?? "", vh.name ?? "", domains, "/*", "404"]);
    }
  }
  return renderTable(verbose ? ["NAME", "VHOST NAME", "DOMAINS", "MATCH", "VIRTUAL SERVICE"] : ["NAME", "VIRTUAL HOSTS"], rows, 5);
}
