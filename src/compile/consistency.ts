/**
 * The reference check run on every compile: each RDS name has a route configuration, each cluster a
 * route or TCP proxy names exists, each EDS cluster has a load assignment, each SDS name is one the
 * bootstrap can serve (agent secrets over sds-grpc) or a credential istiod would push
 * (`kubernetes://<secret>`); for routers each RDS name is a gateway route name (`http.<port>`,
 * `https.<port>.<portName>.<gateway>.<ns>`) and each external SDS cluster exists.
 */
import type { ProxyIR } from "./ir.js";
import { isAgentSdsName, parseGatewayRouteName } from "./names.js";

export interface ConsistencyProblem {
  kind: "missing-route-config" | "missing-cluster" | "missing-load-assignment" | "unservable-secret" | "malformed-route-config-name" | "missing-sds-cluster";
  name: string;
  referencedBy: string;
}

export function checkConsistency(ir: ProxyIR): ConsistencyProblem[] {
  const problems: ConsistencyProblem[] = [];
  const router = ir.proxy.type === "router";
  const routeNames = new Set(ir.routeConfigs.map((r) => r.name));
  const clusterNames = new Set(ir.clusters.map((c) => c.name));
  const assignments = new Set(ir.endpoints.map((e) => e.clusterName));
  const needCluster = (name: string, kind: "listener" | "route configuration", owner: string) => {
    if (!clusterNames.has(name)) problems.push({ kind: "missing-cluster", name, referencedBy: `${kind} ${owner}` });
  };
  for (const l of ir.listeners) {
    for (const c of [...l.chains, ...(l.defaultChain ? [l.defaultChain] : [])]) {
      const t = c.terminal;
      if (c.tls?.sdsCluster && !clusterNames.has(c.tls.sdsCluster)) problems.push({ kind: "missing-sds-cluster", name: c.tls.sdsCluster, referencedBy: `listener ${l.name}` });
      if (t.kind === "http") {
        if (t.rds !== undefined && !routeNames.has(t.rds)) problems.push({ kind: "missing-route-config", name: t.rds, referencedBy: `listener ${l.name}` });
        if (router && t.rds !== undefined && parseGatewayRouteName(t.rds) === undefined) problems.push({ kind: "malformed-route-config-name", name: t.rds, referencedBy: `listener ${l.name}` });
        for (const vh of t.routeConfig?.virtualHosts ?? []) for (const r of vh.routes) if (r.action.kind === "forward") for (const x of r.action.clusters) needCluster(x.name, "listener", l.name);
      } else {
        if (t.cluster) needCluster(t.cluster, "listener", l.name);
        for (const w of t.weightedClusters ?? []) needCluster(w.name, "listener", l.name);
      }
    }
  }
  for (const rc of ir.routeConfigs) {
    for (const vh of rc.virtualHosts) {
      for (const r of vh.routes) {
        if (r.action.kind !== "forward") continue;
        for (const x of r.action.clusters) needCluster(x.name, "route configuration", rc.name);
        for (const m of r.action.mirrors ?? []) needCluster(m.cluster, "route configuration", rc.name);
      }
    }
  }
  for (const c of ir.clusters) if (c.discovery === "EDS" && !assignments.has(c.name)) problems.push({ kind: "missing-load-assignment", name: c.name, referencedBy: `cluster ${c.name}` });
  for (const s of ir.secrets) if (!isAgentSdsName(s) && !/^kubernetes:\/\/[^/\s]+$/.test(s)) problems.push({ kind: "unservable-secret", name: s, referencedBy: "SDS" });
  return problems;
}
