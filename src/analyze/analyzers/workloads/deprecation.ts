/** deprecation.DeprecationAnalyzer: fields and resource types Istio has deprecated or removed. */
import { defineAnalyzer } from "../../define.js";

type Obj = Record<string, any>;

const REMOVED_RBAC_KINDS = new Set(["ClusterRbacConfig", "RbacConfig", "ServiceRole", "ServiceRoleBinding"]);

export default defineAnalyzer({
  meta: {
    name: "deprecation.DeprecationAnalyzer",
    description: "Reports uses of deprecated Istio fields (fault delay percent, Sidecar egress proxy) and CRDs of removed rbac.istio.io types.",
    inputs: ["VirtualService", "Sidecar", "CustomResourceDefinition"],
    codes: ["IST0002"],
  },
  run(ctx) {
    const { model } = ctx;
    for (const crd of model.list("CustomResourceDefinition")) {
      const spec = (crd.object.spec ?? {}) as Obj;
      const kind = spec.names?.kind;
      if (spec.group === "rbac.istio.io" && REMOVED_RBAC_KINDS.has(kind)) ctx.report("IST0002", crd, [`Custom resource type rbac.istio.io ${kind} is removed`]);
    }
    for (const vs of model.list("VirtualService")) {
      const http = (vs.object.spec as Obj | undefined)?.http;
      for (const route of Array.isArray(http) ? (http as Obj[]) : []) {
        const percent = route?.fault?.delay?.percent;
        if (typeof percent === "number" && percent > 0) ctx.report("IST0002", vs, ["HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage"]);
      }
    }
    for (const sc of model.list("Sidecar")) {
      const egressProxy = (sc.object.spec as Obj | undefined)?.outboundTrafficPolicy?.egressProxy;
      if (egressProxy !== undefined && egressProxy !== null) ctx.report("IST0002", sc, ["OutboundTrafficPolicy.EgressProxy ignored"]);
    }
  },
});
