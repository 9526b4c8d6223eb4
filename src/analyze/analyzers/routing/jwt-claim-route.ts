/**
 * virtualservice.JWTClaimRouteAnalyzer: routing on a JWT claim header only works where a
 * RequestAuthentication validates the token, so every gateway pod serving such a VirtualService needs
 * one (IST0149).
 */
import { defineAnalyzer } from "../../define.js";
import { fullName, parseShortOrFullName } from "../../common/full-name.js";
import { podIndex } from "../../common/pod-index.js";
import { selectorMatches, stringMap } from "../../common/selector.js";

type Obj = Record<string, any>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

/** Istio's fixed system namespace (not the mesh root namespace) holds mesh-wide RequestAuthentications here. */
const ISTIO_SYSTEM = "istio-system";

/** `@request.auth.claims.<claim>` or `@request.auth.claims[<claim>]…`, any letter case. */
export function isJwtClaimHeader(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith("@request.auth.claims.") || k.startsWith("@request.auth.claims[");
}

/** The first header (or withoutHeaders) key of the VirtualService's HTTP matches that routes on a JWT claim. */
export function jwtClaimRouteKey(spec: Obj): string | undefined {
  for (const rule of list(spec.http)) {
    for (const match of list(obj(rule).match)) {
      const m = obj(match);
      for (const key of [...Object.keys(obj(m.headers)), ...Object.keys(obj(m.withoutHeaders))]) if (isJwtClaimHeader(key)) return key;
    }
  }
  return undefined;
}

export default defineAnalyzer({
  meta: {
    name: "virtualservice.JWTClaimRouteAnalyzer",
    description: "Checks that gateway pods serving JWT-claim-based routes are covered by a RequestAuthentication.",
    inputs: ["VirtualService", "RequestAuthentication", "Gateway", "Pod"],
    codes: ["IST0149"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const authnSelectors = new Map<string, (Record<string, string> | undefined)[]>();
    for (const ra of ctx.model.list("RequestAuthentication")) {
      const ns = ra.namespace ?? "";
      const selectors = authnSelectors.get(ns) ?? [];
      selectors.push(stringMap(obj(obj(ra.object.spec).selector).matchLabels));
      authnSelectors.set(ns, selectors);
    }
    const pods = podIndex(ctx.model);
    for (const vs of ctx.model.list("VirtualService")) {
      const spec = obj(vs.object.spec);
      const key = jwtClaimRouteKey(spec);
      if (key === undefined) continue;
      for (const entry of list(spec.gateways).map(String)) {
        if (entry === "mesh") continue;
        const ref = parseShortOrFullName(entry, vs.namespace);
        const gw = ctx.model.get("Gateway", ref.namespace, ref.name);
        if (!gw) continue; // virtualservice.GatewayAnalyzer reports missing gateways
        const selector = stringMap(obj(gw.object.spec).selector);
        for (const pod of pods.select(selector)) {
          const candidates = [...(authnSelectors.get(ISTIO_SYSTEM) ?? []), ...(authnSelectors.get(pod.resource.namespace ?? "") ?? [])];
          if (candidates.some((s) => selectorMatches(s, pod.labels))) continue;
          ctx.report("IST0149", vs, [key, fullName(ref), pod.name]);
        }
      }
    }
  },
});
