/**
 * meshc.RouteWeightsAnalyzer (MSH0003): the destination weights of one route (http, tcp or tls) add up to
 * something other than 100. Istio before 1.15 rejected such a VirtualService ("total destination weight
 * != 100"); since 1.15 (istio/istio#39544) weights are relative and only a total of 0 is invalid, so the
 * message says what share each destination really gets. A single destination without a weight gets all
 * traffic and is never reported; a destination without a weight next to others has weight 0 (no traffic).
 * A total of 0 is left to validation.
 */
import { defineAnalyzer } from "../../define.js";

type Obj = Record<string, any>;

function label(d: Obj): string {
  const dest = (d?.destination ?? {}) as Obj;
  let s = String(dest.host ?? "?");
  if (dest.subset) s += `/${dest.subset}`;
  if (dest.port?.number) s += `:${dest.port.number}`;
  return s;
}

function share(weight: number, total: number): string {
  const pct = Math.round((weight * 1000) / total) / 10;
  return `${pct}%`;
}

export default defineAnalyzer({
  meta: {
    name: "meshc.RouteWeightsAnalyzer",
    description: "Finds VirtualService routes whose destination weights do not add up to 100.",
    inputs: ["VirtualService"],
    codes: ["MSH0003"],
  },
  run(ctx) {
    for (const vs of ctx.model.list("VirtualService")) {
      const spec = (vs.object.spec ?? {}) as Obj;
      for (const kind of ["http", "tcp", "tls"] as const) {
        const routes: Obj[] = Array.isArray(spec[kind]) ? spec[kind] : [];
        routes.forEach((r, i) => {
          const dests: Obj[] = Array.isArray(r?.route) ? r.route : [];
          if (dests.length < 2) return;
          const weights = dests.map((d) => (typeof d?.weight === "number" && d.weight > 0 ? d.weight : 0));
          const total = weights.reduce((a, b) => a + b, 0);
          if (total === 0 || total === 100) return;
          const name = r?.name ? `${kind}[${i}] "${r.name}"` : `${kind}[${i}]`;
          const effect = dests.map((d, j) => `${label(d)} ${share(weights[j]!, total)}`).join(", ");
          const first = dests.findIndex((d) => typeof d?.weight === "number");
          ctx.report("MSH0003", vs, [name, total, effect], { path: first >= 0 ? ["spec", kind, i, "route", first, "weight"] : ["spec", kind, i] });
        });
      }
    }
  },
});
