/** `proxy-config secrets`: istioctl's secret table (RESOURCE NAME TYPE STATUS VALID CERT SERIAL NUMBER NOT AFTER NOT BEFORE). */
import { X509Certificate } from "node:crypto";
import type { SecretEntry } from "../../compile/config-dump.js";
import { renderTable } from "./proxy-config-table.js";

export interface SecretSummary {
  name: string;
  /** "Cert Chain", "CA", or "" when there is no certificate. */
  type: string;
  state: string;
  /** The certificate parsed and `now` lies within its validity. */
  valid: boolean;
  serialNumber: string;
  notAfter: string;
  notBefore: string;
}

function pem(entry: SecretEntry): string | undefined {
  const source = entry.secret?.tlsCertificate?.certificateChain ?? entry.secret?.validationContext?.trustedCa;
  if (source?.inlineBytes !== undefined && source.inlineBytes.length > 0) return Buffer.from(source.inlineBytes).toString("utf8");
  if ((source?.inlineString ?? "") !== "") return source!.inlineString;
  return undefined;
}

/** RFC 3339 in UTC without fractions, as Go prints time.RFC3339 for UTC. */
function rfc3339(date: string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Summarises a secret's first certificate (leaf of the chain, or first CA). `now` decides VALID CERT. */
export function summarizeSecret(entry: SecretEntry, now: Date): SecretSummary {
  const out: SecretSummary = { name: entry.name, type: "", state: entry.state, valid: false, serialNumber: "", notAfter: "", notBefore: "" };
  const text = pem(entry);
  if (text === undefined) return out;
  try {
    const cert = new X509Certificate(text);
    out.type = cert.ca ? "CA" : "Cert Chain";
    out.serialNumber = cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, "");
    out.notAfter = rfc3339(cert.validTo);
    out.notBefore = rfc3339(cert.validFrom);
    out.valid = now.getTime() >= new Date(cert.validFrom).getTime() && now.getTime() <= new Date(cert.validTo).getTime();
  } catch {
    // not a certificate: listed without details
  }
  return out;
}

/** Warming secrets first, then active (and static) ones, as istioctl. */
export function summarizeSecrets(entries: readonly SecretEntry[], now: Date): SecretSummary[] {
  const order = (s: SecretEntry) => (s.state === "WARMING" ? 0 : 1);
  return [...entries].sort((a, b) => order(a) - order(b)).map((e) => summarizeSecret(e, now));
}

export function renderSecretTable(summaries: readonly SecretSummary[]): string {
  if (summaries.length === 0) return "No active or warming secrets found.\n";
  const rows = summaries.map((s) => [s.name, s.type, s.state, String(s.valid), s.serialNumber, s.notAfter, s.notBefore]);
  return renderTable(["RESOURCE NAME", "TYPE", "STATUS", "VALID CERT", "SERIAL NUMBER", "NOT AFTER", "NOT BEFORE"], rows, 5);
}
