import { defineAnalyzer } from "../../define.js";
import { fullName } from "../../common/full-name.js";
import { arr, byteCompare, specOf, type Obj } from "./fields.js";

const ROUTE_LEVEL = new Set(["ROUTE_CONFIGURATION", "HTTP_ROUTE"]);
const REPLACEABLE = new Set(["HTTP_FILTER", "NETWORK_FILTER", "VIRTUAL_HOST"]);

/**
 * The filter name a patch is about. Quirk kept: Istio reads `patch.value.name` in a protobuf text form and
 * a filter-chain filter name as plain text, so the two kinds never compare equal; the prefixes model that.
 */
function filterName(patch: Obj, match: Obj | undefined): string {
  const value = patch.value;
  if (value === null || value === undefined || typeof value !== "object") return "";
  if ("name" in value && value.name !== null && value.name !== undefined) return `value:${JSON.stringify(value.name)}`;
  const chainFilter = match?.listener?.filterChain?.filter?.name;
  return typeof chainFilter === "string" && chainFilter !== "" ? `chain:${chainFilter}` : "";
}

export default defineAnalyzer({
  meta: {
    name: "envoyfilter.EnvoyPatchAnalyzer",
    description: "Checks EnvoyFilter patch operations that are ignored for their applyTo, or relative without a priority so that ordering may break them.",
    inputs: ["EnvoyFilter"],
    codes: ["IST0151", "IST0152", "IST0153", "IST0154", "IST0155"],
  },
  run(ctx) {
    // Filter names seen on patches that set match.proxy.proxyVersion, across EnvoyFilters in processing order.
    const versioned: string[] = [];
    const filters = [...ctx.model.list("EnvoyFilter")].sort((a, b) => byteCompare(fullName(a), fullName(b)));
    for (const ef of filters) {
      const spec = specOf(ef);
      const priority = Number(spec.priority ?? 0);
      for (const cp of arr(spec.configPatches)) {
        const patch = cp?.patch as Obj | undefined;
        if (patch === null || patch === undefined || typeof patch !== "object") break;
        const match = cp.match as Obj | undefined;
        const name = filterName(patch, match);
        const applyTo = String(cp.applyTo ?? "INVALID");
        const operation = String(patch.operation ?? "INVALID");
        let relative = false;
        if (operation === "ADD") {
          if (ROUTE_LEVEL.has(applyTo)) ctx.report("IST0153", ef, []);
        } else if (operation === "REMOVE") {
          if (ROUTE_LEVEL.has(applyTo)) ctx.report("IST0154", ef, []);
          else relative = true;
        } else if (operation === "REPLACE") {
          if (!REPLACEABLE.has(applyTo)) ctx.report("IST0152", ef, []);
          else relative = true;
        } else if (operation === "INSERT_BEFORE" || operation === "INSERT_AFTER") {
          relative = true;
        }
        if (relative && priority === 0) ctx.report(versioned.includes(name) ? "IST0155" : "IST0151", ef, []);
        const proxyVersion = match?.proxy?.proxyVersion;
        if (typeof proxyVersion === "string" && proxyVersion !== "") versioned.push(name);
      }
    }
  },
});
