import { defineAnalyzer } from "../../define.js";
import { fullName } from "../../common/full-name.js";
import { arr, byteCompare, type Obj } from "./fields.js";

const ENV = "BLOCKED_CIDRS_IN_JWKS_URIS";
const LISTED = 5;

/** Whether some container of the Deployment's pod template sets the variable to a non-empty literal value. */
function configured(deployment: Obj): boolean {
  const containers = arr(deployment.spec?.template?.spec?.containers);
  return containers.some((c) => arr(c?.env).some((e) => e?.name === ENV && typeof e.value === "string" && e.value !== ""));
}

export default defineAnalyzer({
  meta: {
    name: "authn.BlockedCIDRsAnalyzer",
    description: "Warns when RequestAuthentications exist but istiod does not restrict the networks JWKS URIs may be fetched from.",
    inputs: ["RequestAuthentication", "Deployment"],
    codes: ["IST0175"],
  },
  run(ctx) {
    const ras = ctx.model.list("RequestAuthentication").map(fullName).sort(byteCompare);
    if (ras.length === 0) return;
    let names = ras.slice(0, LISTED).join(", ");
    if (ras.length > LISTED) names += `, and ${ras.length - LISTED} more`;
    for (const d of ctx.model.list("Deployment")) {
      if (d.object.metadata.labels?.app !== "istiod") continue;
      if (!configured(d.object)) ctx.report("IST0175", d, [ras.length, names]);
    }
  },
});
