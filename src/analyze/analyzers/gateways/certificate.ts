import { defineAnalyzer } from "../../define.js";
import { stringMap, selectorMatches } from "../../common/selector.js";
import { fullName } from "../../common/full-name.js";
import type { Resource } from "../../../model/mesh-model.js";
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

/** A key equal for every pair sameCertificate() may accept (values compared as strings); undefined: matches none. */
function certificateKey(tls: Obj): string | undefined {
  const c = tls.credentialName ?? "";
  if (c !== "") return `credential:${String(c)}`;
  const cert = tls.serverCertificate ?? "";
  const key = tls.privateKey ?? "";
  return cert !== "" && key !== "" ? `files:${String(cert)}\u0000${String(key)}` : undefined;
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
    // Only Gateways sharing a certificate can be reported together: index them by certificate.
    const order = new Map(gateways.map((gw, i) => [gw, i]));
    const byCertificate = new Map<string, Set<Resource>>();
    const keysOf = (gw: Resource) => arr(specOf(gw).servers).flatMap((s) => (s?.tls ? [certificateKey(s.tls)] : [])).filter((k) => k !== undefined);
    for (const gw of gateways) {
      for (const key of keysOf(gw)) {
        const set = byCertificate.get(key);
        if (set) set.add(gw);
        else byCertificate.set(key, new Set([gw]));
      }
    }
    for (const gw of gateways) {
      const selector = stringMap(specOf(gw).selector);
      const tlsServers = arr(specOf(gw).servers).filter((s) => s?.tls);
      const sharing = new Set(keysOf(gw).flatMap((key) => [...byCertificate.get(key)!]));
      for (const other of [...sharing].sort((a, b) => order.get(a)! - order.get(b)!)) {
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
