/** IR → XdsSnapshot: every generator in istiod's response order. Mechanical and deterministic. */
import type { ProxyIR } from "../ir.js";
import type { XdsSnapshot } from "../simulate/types.js";
import { clusterOf } from "./cluster.js";
import { loadAssignmentOf } from "./endpoint.js";
import { listenerOf } from "./listener.js";
import { routeConfigurationOf } from "./route.js";
import type { XdsOptions } from "./xds-options.js";

export function toXds(ir: ProxyIR, o: XdsOptions): XdsSnapshot {
  return {
    listeners: ir.listeners.map((l) => listenerOf(l, o)),
    routes: ir.routeConfigs.map((r) => routeConfigurationOf(r)),
    clusters: ir.clusters.map((c) => clusterOf(c, o)),
    endpoints: ir.endpoints.map(loadAssignmentOf),
  };
}
