/** Checks of server-side TLS settings (Gateway servers, Sidecar ingress listeners). */
import { IssueList, arr, isObj, type Path } from "./issues.js";

export function checkServerTLS(out: IssueList, path: Path, tls: unknown): void {
  if (!isObj(tls)) return;
  const mode = tls.mode ?? "PASSTHROUGH";
  if ((tls.minProtocolVersion === "TLSV1_0" || tls.minProtocolVersion === "TLSV1_1") && arr(tls.cipherSuites).length === 0)
    out.warn([...path, "minProtocolVersion"], "TLS versions below 1.2 need cipherSuites: the default suites no longer include ones they can use");
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const c of arr<string>(tls.cipherSuites)) (seen.has(c) ? dups : seen).add(c);
  if (dups.size) out.warn([...path, "cipherSuites"], `duplicate cipher suites are ignored: ${[...dups].sort().join(", ")}`);

  if (mode === "ISTIO_MUTUAL") {
    for (const f of ["serverCertificate", "privateKey", "caCertificates", "credentialName"])
      if (tls[f]) out.error([...path, f], `ISTIO_MUTUAL uses Istio's own certificates: remove ${f}`);
    return;
  }
  if ((mode === "PASSTHROUGH" || mode === "AUTO_PASSTHROUGH") && (tls.caCrl || tls.serverCertificate || tls.privateKey || tls.caCertificates || tls.credentialName))
    out.warn(path, `${mode} does not terminate TLS, so the certificates given are ignored`);
  const fromSecret = Boolean(tls.credentialName) || arr(tls.credentialNames).length > 0;
  const terminating = mode === "SIMPLE" || mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL";
  if (terminating && fromSecret) return;
  if (terminating && arr(tls.tlsCertificates).length === 0) {
    const label = mode === "SIMPLE" ? "SIMPLE" : "MUTUAL";
    if (!tls.serverCertificate) out.error([...path, "serverCertificate"], `${label} TLS needs serverCertificate (or credentialName)`);
    if (!tls.privateKey) out.error([...path, "privateKey"], `${label} TLS needs privateKey (or credentialName)`);
    if (mode !== "SIMPLE" && !tls.caCertificates && !tls.caCertCredentialName)
      out.error([...path, "caCertificates"], "MUTUAL TLS needs caCertificates to verify clients (or credentialName)");
  }
  if (tls.caCrl) {
    if (tls.credentialName) out.error([...path, "caCrl"], "caCrl cannot be used with credentialName: put the CRL in the credential");
    if (mode === "SIMPLE") out.error([...path, "caCrl"], "caCrl has no use with SIMPLE TLS (no client certificates are checked)");
  }
}
