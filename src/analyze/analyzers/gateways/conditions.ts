import { defineAnalyzer } from "../../define.js";
import type { Resource } from "../../../model/mesh-model.js";
import { arr, type Obj } from "./fields.js";

/** Condition types whose `False` status is a problem, per kind id. */
const NEGATIVE_TYPES: Readonly<Record<string, readonly string[]>> = {
  Service: ["istio.io/WaypointBound"],
  ServiceEntry: ["istio.io/WaypointBound"],
  WorkloadEntry: ["istio.io/WaypointBound"],
  AuthorizationPolicy: ["ZtunnelAccepted", "WaypointAccepted"],
  K8sGateway: ["Accepted", "Programmed", "ResolvedRefs"],
  HTTPRoute: ["Accepted", "Programmed", "ResolvedRefs"],
  GRPCRoute: ["Accepted", "Programmed", "ResolvedRefs"],
};

function conditionsOf(res: Resource): Obj[] {
  const status = res.object.status as Obj | undefined;
  if (res.id === "HTTPRoute" || res.id === "GRPCRoute") return arr(status?.parents).flatMap((p) => arr(p?.conditions));
  return arr(status?.conditions);
}

export default defineAnalyzer({
  meta: {
    name: "conditions.ConditionAnalyzer",
    description: "Surfaces negative status conditions (not accepted, not programmed, not bound to a waypoint) written by Istio on resources.",
    inputs: Object.keys(NEGATIVE_TYPES),
    codes: ["IST0171"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    for (const [kind, types] of Object.entries(NEGATIVE_TYPES)) {
      for (const res of ctx.model.list(kind)) {
        for (const c of conditionsOf(res)) {
          if (!c || typeof c !== "object") continue;
          const negative = c.status === "False" && types.includes(c.type);
          const partiallyInvalid = kind === "AuthorizationPolicy" && c.type === "WaypointAccepted" && c.reason === "PartiallyInvalid";
          if (negative || partiallyInvalid) ctx.report("IST0171", res, [String(c.type ?? ""), String(c.reason ?? ""), String(c.message ?? "")]);
        }
      }
    }
  },
});
