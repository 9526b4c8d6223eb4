/**
 * destinationrule.CaCertificateAnalyzer: TLS origination (SIMPLE or MUTUAL) without caCertificates does
 * not verify the server's identity, at the rule level (IST0128) or per port (IST0129).
 */
import { defineAnalyzer } from "../../define.js";
import { fullName } from "../../common/full-name.js";

type Obj = Record<string, any>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

/** The mode when these TLS settings originate TLS without a CA to check the server against; else undefined. */
function unverifiedMode(tls: Obj, hasWorkloadSelector: boolean): string | undefined {
  const mode = tls.mode;
  if (mode !== "SIMPLE" && mode !== "MUTUAL") return undefined;
  if (typeof tls.caCertificates === "string" && tls.caCertificates !== "") return undefined;
  // A credentialName on a rule scoped to workloads provides the CA from the secret.
  if (typeof tls.credentialName === "string" && tls.credentialName !== "" && hasWorkloadSelector) return undefined;
  return mode;
}

/** The port selector as istioctl prints it (protobuf text form): `number:443`. */
function portText(port: unknown): string {
  const p = obj(port);
  return typeof p.number === "number" ? `number:${p.number}` : "";
}

export default defineAnalyzer({
  meta: {
    name: "destinationrule.CaCertificateAnalyzer",
    description: "Warns about DestinationRules that originate TLS without CA certificates to verify the server.",
    inputs: ["DestinationRule"],
    codes: ["IST0128", "IST0129"],
  },
  run(ctx) {
    for (const dr of ctx.model.list("DestinationRule")) {
      const spec = obj(dr.object.spec);
      const selected = spec.workloadSelector !== undefined && spec.workloadSelector !== null;
      const policy = obj(spec.trafficPolicy);
      const host = String(spec.host ?? "");
      const ns = dr.namespace ?? "";
      const mode = unverifiedMode(obj(policy.tls), selected);
      if (mode) ctx.report("IST0128", dr, [fullName(dr), ns, mode, host], { path: ["spec", "trafficPolicy", "tls", "caCertificates"] });
      list(policy.portLevelSettings).forEach((pls, i) => {
        const portMode = unverifiedMode(obj(obj(pls).tls), selected);
        if (portMode) {
          const path = ["spec", "trafficPolicy", "portLevelSettings", i, "tls", "caCertificates"];
          ctx.report("IST0129", dr, [fullName(dr), ns, portMode, host, portText(obj(pls).port)], { path });
        }
      });
    }
  },
});
