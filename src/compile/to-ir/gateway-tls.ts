/**
 * A Gateway server's `tls` → downstream TLS (pilot/pkg/networking/core/listener.go
 * BuildListenerTLSContext; xds-mapping.md 8): credentialName → SDS `kubernetes://<name>` (never
 * inline keys), `-cacert` for client validation, `sds://` → an external SDS provider's cluster,
 * ISTIO_MUTUAL → the workload certificate and ROOTCA, file paths → agent-served `file-cert:` /
 * `file-root:` names.
 */
import type { DownstreamTlsIR, TlsParamsIR } from "../ir.js";
import { credentialSdsName, fileCertSdsName, fileRootSdsName, outboundClusterName, SDS_DEFAULT, SDS_ROOTCA } from "../names.js";
import { report, type IrContext } from "./context.js";
import type { PlannedServer } from "./gateway-servers.js";

type Obj = Record<string, any>;

export const GATEWAY_HTTP_ALPN = ["h2", "http/1.1"];
export const GATEWAY_TCP_ISTIO_MUTUAL_ALPN = ["istio-peer-exchange", "h2", "http/1.1"];

/** The cluster of the mesh's SDS extension provider (credentialName `sds://...`). */
function externalSdsCluster(ctx: IrContext): string | undefined {
  const providers = (ctx.index.model.meshConfig.extensionProviders ?? []) as Obj[];
  const p = providers.find((x) => x && typeof x.sds === "object" && x.sds !== null);
  if (!p || typeof p.sds.service !== "string" || typeof p.sds.port !== "number") return undefined;
  return outboundClusterName(p.sds.port, undefined, p.sds.service);
}

function params(tls: Obj): TlsParamsIR {
  const out: TlsParamsIR = { minVersion: typeof tls.minProtocolVersion === "string" ? tls.minProtocolVersion : "TLSV1_2" };
  if (typeof tls.maxProtocolVersion === "string") out.maxVersion = tls.maxProtocolVersion;
  if (Array.isArray(tls.cipherSuites) && tls.cipherSuites.length > 0) out.cipherSuites = tls.cipherSuites;
  if (Array.isArray(tls.ecdhCurves) && tls.ecdhCurves.length > 0) out.ecdhCurves = tls.ecdhCurves;
  return out;
}

/** The DownstreamTlsIR of a terminating server (SIMPLE, MUTUAL, OPTIONAL_MUTUAL, ISTIO_MUTUAL); undefined if it has no certificate. */
export function gatewayServerTls(ctx: IrContext, server: PlannedServer, http: boolean): DownstreamTlsIR | undefined {
  const tls = (server.spec.tls ?? {}) as Obj;
  const mode = server.tlsMode ?? "SIMPLE";
  const sans = Array.isArray(tls.subjectAltNames) ? (tls.subjectAltNames as string[]) : [];
  if (mode === "ISTIO_MUTUAL") {
    return { alpn: http ? GATEWAY_HTTP_ALPN : GATEWAY_TCP_ISTIO_MUTUAL_ALPN, requireClientCertificate: true, certificate: SDS_DEFAULT, validation: SDS_ROOTCA, sanPrefixes: [], ...(sans.length > 0 ? { sanExact: sans } : {}) };
  }
  const out: DownstreamTlsIR = { alpn: GATEWAY_HTTP_ALPN, requireClientCertificate: mode === "MUTUAL", certificate: "", sanPrefixes: [], params: params(tls) };
  const validate = mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL";
  const credential = typeof tls.credentialName === "string" && tls.credentialName !== "" ? tls.credentialName : undefined;
  if (credential?.startsWith("sds://")) {
    const cluster = externalSdsCluster(ctx);
    if (!cluster) {
      report(ctx, server.gateway.resource, "MSH-compile-gateway-tls", `${server.gatewayKey} servers[${server.index}]: credentialName ${credential} needs an SDS extension provider in the mesh config`, `spec.servers[${server.index}].tls.credentialName`);
      return undefined;
    }
    out.certificate = credential.slice("sds://".length);
    out.sdsCluster = cluster;
  } else if (credential) {
    out.certificate = credentialSdsName(credential);
    if (validate) out.validation = typeof tls.caCertCredentialName === "string" ? credentialSdsName(tls.caCertCredentialName) : credentialSdsName(credential, true);
  } else if (typeof tls.serverCertificate === "string" && typeof tls.privateKey === "string") {
    out.certificate = fileCertSdsName(tls.serverCertificate, tls.privateKey);
    if (validate) out.validation = fileRootSdsName(typeof tls.caCertificates === "string" ? tls.caCertificates : undefined);
  } else {
    report(ctx, server.gateway.resource, "MSH-compile-gateway-tls", `${server.gatewayKey} servers[${server.index}]: tls mode ${mode} needs a credentialName (or serverCertificate and privateKey); the server is ignored`, `spec.servers[${server.index}].tls`);
    return undefined;
  }
  if (sans.length > 0) out.sanExact = sans;
  return out;
}
