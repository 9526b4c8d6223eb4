/** applicationUID.Analyzer: application pods or containers that run as UID 1337, the sidecar's own UID. */
import type { Resource } from "../../../model/mesh-model.js";
import { defineAnalyzer } from "../../define.js";
import { isControlPlane } from "../../common/in-mesh.js";

type Obj = Record<string, any>;

const PROXY_UID = 1337;
const EXEMPT_CONTAINERS = new Set(["istio-proxy", "istio-operator"]);

/** How many times the pod spec claims UID 1337: once for the pod, once per application container. */
function reservedUidUses(spec: Obj | undefined): number {
  if (!spec) return 0;
  let n = spec.securityContext?.runAsUser === PROXY_UID ? 1 : 0;
  for (const c of Array.isArray(spec.containers) ? (spec.containers as Obj[]) : []) {
    if (!EXEMPT_CONTAINERS.has(c?.name) && c?.securityContext?.runAsUser === PROXY_UID) n++;
  }
  return n;
}

export default defineAnalyzer({
  meta: {
    name: "applicationUID.Analyzer",
    description: "Warns when an application pod or container is set to run as UID 1337, which is reserved for the sidecar proxy.",
    inputs: ["Pod", "Deployment"],
    codes: ["IST0144"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const check = (res: Resource, spec: Obj | undefined) => {
      if (isControlPlane(res.object.metadata.labels)) return;
      // Each use is reported; the identical repeats collapse into one message.
      for (let i = reservedUidUses(spec); i > 0; i--) ctx.report("IST0144", res, []);
    };
    for (const pod of ctx.model.list("Pod")) check(pod, pod.object.spec as Obj | undefined);
    for (const d of ctx.model.list("Deployment")) check(d, (d.object.spec as Obj | undefined)?.template?.spec);
  },
});
