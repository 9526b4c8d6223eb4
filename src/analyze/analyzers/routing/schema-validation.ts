/**
 * schema.ValidationAnalyzer.<Kind>: one analyzer per Istio kind that runs meshc's validation (JSON Schema,
 * ported CEL rules, webhook semantics) and reports each error as IST0106 and each warning as IST0133, except
 * the VirtualService route-reachability warnings, which become IST0130 (unreachable rule) and IST0131
 * (ineffective match) with their own arguments.
 *
 * Istio validates MeshConfig and MeshNetworks with an empty validation function, so their two analyzers exist
 * (istioctl lists them) but never report.
 *
 * This file defines seventeen analyzers from one definition, so it has no default export; index.ts registers
 * the SCHEMA_ANALYZERS array.
 */
import { defineAnalyzer, type Analyzer } from "../../define.js";
import { validateResource } from "../../../validate/validate.js";
import { parseReachabilityMessage } from "../../../validate/semantic/route-reachability.js";

/** The kinds istioctl registers a schema analyzer for, in its (alphabetical) order. */
export const SCHEMA_KINDS = [
  "AuthorizationPolicy",
  "DestinationRule",
  "EnvoyFilter",
  "Gateway",
  "MeshConfig",
  "MeshNetworks",
  "PeerAuthentication",
  "ProxyConfig",
  "RequestAuthentication",
  "ServiceEntry",
  "Sidecar",
  "Telemetry",
  "TrafficExtension",
  "VirtualService",
  "WasmPlugin",
  "WorkloadEntry",
  "WorkloadGroup",
] as const;

/** Kinds Istio does not validate (its schema's validation function is empty). */
const UNVALIDATED = new Set<string>(["MeshConfig", "MeshNetworks"]);

function schemaAnalyzer(kind: (typeof SCHEMA_KINDS)[number]): Analyzer {
  return defineAnalyzer({
    meta: {
      name: `schema.ValidationAnalyzer.${kind}`,
      description: `Runs the ${kind} validation rules Istio's admission webhook applies and reports their errors and warnings.`,
      inputs: [kind],
      codes: ["IST0106", "IST0133", "IST0130", "IST0131"],
    },
    run(ctx) {
      if (UNVALIDATED.has(kind)) return;
      for (const res of ctx.model.list(kind)) {
        for (const d of validateResource(res)) {
          if (d.level === "Error") {
            ctx.report("IST0106", res, [d.message]);
            continue;
          }
          const reach = kind === "VirtualService" ? parseReachabilityMessage(d.message) : undefined;
          if (reach?.code === "IST0130") ctx.report("IST0130", res, [reach.route, reach.reason]);
          else if (reach?.code === "IST0131") ctx.report("IST0131", res, [reach.route, reach.match, reach.dup]);
          else ctx.report("IST0133", res, [d.message]);
        }
      }
    },
  });
}

export const SCHEMA_ANALYZERS: readonly Analyzer[] = SCHEMA_KINDS.map(schemaAnalyzer);
