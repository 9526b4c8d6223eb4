/** Transport sockets: downstream (inbound mTLS) and upstream (Istio mTLS, DestinationRule TLS) TLS contexts with SDS references. */
import { anyOf, ApiVersion, ENVOY_TYPES, TlsParameters_TlsProtocol, type CommonTlsContext, type SdsSecretConfig, type TransportSocket } from "../envoy/index.js";
import type { TlsParameters } from "../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/common.js";
import { ApiConfigSource_ApiType } from "../../gen/envoy/envoy/config/core/v3/config_source.js";
import { ProxyProtocolConfig_Version } from "../../gen/envoy/envoy/config/core/v3/proxy_protocol.js";
import type { DownstreamTlsIR, TlsParamsIR, UpstreamTlsIR } from "../ir.js";
import { isAgentSdsName } from "../names.js";
import { durationOf } from "./duration.js";

const CIPHERS = ["ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-GCM-SHA256"];

/** An SDS reference: agent secrets over sds-grpc, credentials over ADS. */
export function sdsConfig(name: string): SdsSecretConfig {
  if (isAgentSdsName(name)) {
    return {
      name,
      sdsConfig: {
        apiConfigSource: { apiType: ApiConfigSource_ApiType.GRPC, setNodeOnFirstMessageOnly: true, transportApiVersion: ApiVersion.V3, grpcServices: [{ envoyGrpc: { clusterName: "sds-grpc" } }] },
        initialFetchTimeout: durationOf("0s"),
        resourceApiVersion: ApiVersion.V3,
      },
    };
  }
  return { name, sdsConfig: { ads: {}, resourceApiVersion: ApiVersion.V3 } };
}

const TLS_VERSIONS: Record<string, TlsParameters_TlsProtocol> = { TLS_AUTO: TlsParameters_TlsProtocol.TLS_AUTO, TLSV1_0: TlsParameters_TlsProtocol.TLSv1_0, TLSV1_1: TlsParameters_TlsProtocol.TLSv1_1, TLSV1_2: TlsParameters_TlsProtocol.TLSv1_2, TLSV1_3: TlsParameters_TlsProtocol.TLSv1_3 };

function tlsParamsOf(p: TlsParamsIR): TlsParameters {
  const out: TlsParameters = {};
  if (p.minVersion && TLS_VERSIONS[p.minVersion] !== undefined) out.tlsMinimumProtocolVersion = TLS_VERSIONS[p.minVersion]!;
  if (p.maxVersion && TLS_VERSIONS[p.maxVersion] !== undefined) out.tlsMaximumProtocolVersion = TLS_VERSIONS[p.maxVersion]!;
  if (p.cipherSuites && p.cipherSuites.length > 0) out.cipherSuites = p.cipherSuites;
  if (p.ecdhCurves && p.ecdhCurves.length > 0) out.ecdhCurves = p.ecdhCurves;
  return out;
}

/** An SDS reference served by an external SDS server's cluster (credentialName `sds://`). */
function externalSdsConfig(name: string, cluster: string): SdsSecretConfig {
  return { name, sdsConfig: { apiConfigSource: { apiType: ApiConfigSource_ApiType.GRPC, transportApiVersion: ApiVersion.V3, grpcServices: [{ envoyGrpc: { clusterName: cluster } }] }, resourceApiVersion: ApiVersion.V3 } };
}

export function downstreamTlsSocket(t: DownstreamTlsIR): TransportSocket {
  const common: CommonTlsContext = {
    ...(t.alpn.length > 0 ? { alpnProtocols: t.alpn } : {}),
    tlsParams: t.params ? tlsParamsOf(t.params) : { tlsMinimumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_2, tlsMaximumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_3, cipherSuites: CIPHERS },
    tlsCertificateSdsSecretConfigs: [t.sdsCluster ? externalSdsConfig(t.certificate, t.sdsCluster) : sdsConfig(t.certificate)],
  };
  if (t.validation) {
    const sans = [...t.sanPrefixes.map((p) => ({ prefix: p })), ...(t.sanExact ?? []).map((e) => ({ exact: e }))];
    common.combinedValidationContext = {
      defaultValidationContext: sans.length > 0 ? { matchSubjectAltNames: sans } : {},
      validationContextSdsSecretConfig: sdsConfig(t.validation),
    };
  }
  return { name: "envoy.transport_sockets.tls", typedConfig: anyOf(ENVOY_TYPES.downstreamTlsContext, { commonTlsContext: common, requireClientCertificate: t.requireClientCertificate }) };
}

export function upstreamTlsSocket(t: UpstreamTlsIR): TransportSocket {
  const common: CommonTlsContext = { tlsParams: { tlsMinimumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_2, tlsMaximumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_3 } };
  if (t.alpn && t.alpn.length > 0) common.alpnProtocols = t.alpn;
  if (t.mode === "istio") {
    common.tlsCertificateSdsSecretConfigs = [sdsConfig("default")];
    common.combinedValidationContext = { defaultValidationContext: t.sans.length > 0 ? { matchSubjectAltNames: t.sans.map((s) => ({ exact: s })) } : {}, validationContextSdsSecretConfig: sdsConfig("ROOTCA") };
  } else {
    if (t.ecdhCurves) common.tlsParams!.ecdhCurves = t.ecdhCurves;
    if (t.cipherSuites) common.tlsParams!.cipherSuites = t.cipherSuites;
    if (t.certSecret) common.tlsCertificateSdsSecretConfigs = [sdsConfig(t.certSecret)];
    if (t.insecureSkipVerify) common.validationContext = {};
    else if (t.caSecret) common.combinedValidationContext = { defaultValidationContext: t.sans.length > 0 ? { matchSubjectAltNames: t.sans.map((s) => ({ exact: s })) } : {}, validationContextSdsSecretConfig: sdsConfig(t.caSecret) };
  }
  return { name: "envoy.transport_sockets.tls", typedConfig: anyOf(ENVOY_TYPES.upstreamTlsContext, { commonTlsContext: common, ...(t.sni ? { sni: t.sni } : {}) }) };
}

export function rawBufferSocket(): TransportSocket {
  return { name: "envoy.transport_sockets.raw_buffer", typedConfig: anyOf(ENVOY_TYPES.rawBuffer, {}) };
}

/** `envoy.transport_sockets.upstream_proxy_protocol` around another transport socket (DestinationRule proxyProtocol). */
export function proxyProtocolSocket(version: "V1" | "V2", inner: TransportSocket): TransportSocket {
  return { name: "envoy.transport_sockets.upstream_proxy_protocol", typedConfig: anyOf(ENVOY_TYPES.upstreamProxyProtocol, { config: { version: version === "V2" ? ProxyProtocolConfig_Version.V2 : ProxyProtocolConfig_Version.V1 }, transportSocket: inner }) };
}
