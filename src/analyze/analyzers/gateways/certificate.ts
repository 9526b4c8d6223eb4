import { defineAnalyzer } from "../../define.js";
import { stringMap, selectorMatches } from "../../common/selector.js";
import { fullName } from "../../common/full-name.js";
import { arr, specOf, type Obj } from "./fields.js";

/** Two TLS server settings present the same certificate. */
function sameCertificate(a: Obj, b: Obj): boolean {
  const ca = a.credentialName ?? "";
  const cb = b.credentialName ?? "";
  if (ca !== "" || cb !== "") return ca !== "" && ca === cb;
  const certA = a.serverCertificate ?? "";
  const keyA = a.privateKey ?? "";
  return certA !== "" && keyA !== "" && certA === (b.serverCertificate ?? "") && keyA === (b.privateKey ?? "");
}

export default defineAnalyzer({
  meta: {
    name: "gateway.CertificateAnalyzer",
    description: "Flags Gateways on overlapping workloads that serve the same TLS certificate, which can make HTTP/2 clients reuse a connection for the wrong host.",
    inputs: ["Gateway"],
    codes: ["IST0138"],
  },
  run(ctx) {
    const gateways = ctx.model.list("Gateway");
    for (const gw of gateways) {
      const selector = stringMap(specOf(gw).selector);
      const tlsServers = arr(specOf(gw).servers).filter((s) => s?.tls);
      for (const other of gateways) {
        if (other === gw) continue;
        // The other Gateway must select (at least) the workloads this one selects.
        if (!selectorMatches(selector, stringMap(specOf(other).selector))) continue;
        const otherTls = arr(specOf(other).servers).filter((s) => s?.tls);
        for (const s of tlsServers) {
          for (const o of otherTls) {
            if (sameCertificate(s.tls, o.tls)) ctx.report("IST0138", gw, [[fullName(gw), fullName(other)]], { path: ["metadata", "name"] });
          }
        }
      }
    }
  },
});
