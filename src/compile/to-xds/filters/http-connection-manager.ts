/** The HTTP connection manager of sidecar chains and its HTTP filter list (xds-mapping.md section 6). */
import { anyOf, ApiVersion, ENVOY_TYPES, HttpConnectionManager_CodecType, HttpConnectionManager_ForwardClientCertDetails, type Filter, type HttpConnectionManager, type HttpFilter } from "../../envoy/index.js";
import { HttpConnectionManager_PathWithEscapedSlashesAction } from "../../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js";
import type { HttpTerminalIR } from "../../ir.js";
import { durationOf } from "../duration.js";
import { routeConfigurationOf } from "../route.js";
import type { XdsOptions } from "../xds-options.js";
import { dynamicForwardProxyFilter } from "./dynamic-forward-proxy.js";
import { alpnFilter, httpPeerMetadata, statsHttpFilter } from "./istio.js";

/** Whether the proxy's security filters apply to this HCM: sidecar inbound chains and gateway chains. */
export function securedHcm(t: HttpTerminalIR): boolean {
  return t.direction === "inbound" || t.gateway !== undefined;
}

/** HTTP filters in istiod's order (xds-mapping.md section 6): peer metadata, security (authn/authz), grpc_stats... */
export function httpFilters(t: HttpTerminalIR, o: XdsOptions): HttpFilter[] {
  const istio = o.flavor === "istio";
  const out: HttpFilter[] = [];
  if (istio && o.metadataExchange) out.push(httpPeerMetadata(t.direction));
  if (o.security && securedHcm(t)) out.push(...o.security.http);
  out.push({ name: "envoy.filters.http.grpc_stats", typedConfig: anyOf(ENVOY_TYPES.grpcStats, { emitFilterState: true, statsForAllMethods: false }) });
  if (istio && o.alpnFilter && t.direction === "outbound") out.push(alpnFilter());
  out.push({ name: "envoy.filters.http.fault", typedConfig: anyOf(ENVOY_TYPES.fault, {}) });
  out.push({ name: "envoy.filters.http.cors", typedConfig: anyOf(ENVOY_TYPES.cors, {}) });
  if (istio && o.stats) out.push(statsHttpFilter(t.direction));
  if (t.dynamicForwardProxy) out.push(dynamicForwardProxyFilter(t.dynamicForwardProxy));
  out.push({ name: "envoy.filters.http.router", typedConfig: anyOf(ENVOY_TYPES.router, {}) });
  return out;
}

export function httpConnectionManager(t: HttpTerminalIR, o: XdsOptions): Filter {
  const hcm: HttpConnectionManager = {
    statPrefix: t.statPrefix,
    codecType: HttpConnectionManager_CodecType.AUTO,
    httpFilters: httpFilters(t, o),
    useRemoteAddress: false,
    normalizePath: true,
    pathWithEscapedSlashesAction: HttpConnectionManager_PathWithEscapedSlashesAction.KEEP_UNCHANGED,
    upgradeConfigs: [{ upgradeType: "websocket" }],
    streamIdleTimeout: durationOf("0s"),
    requestIdExtension: { typedConfig: anyOf(ENVOY_TYPES.uuidRequestId, { useRequestIdForTraceSampling: true }) },
  };
  const telemetry = o.telemetry?.[t.gateway ? "outbound" : t.direction];
  if (telemetry && telemetry.accessLogs.length > 0) hcm.accessLog = telemetry.accessLogs;
  if (telemetry?.tracing) hcm.tracing = telemetry.tracing;
  if (t.rds !== undefined) hcm.rds = { routeConfigName: t.rds, configSource: { ads: {}, initialFetchTimeout: durationOf("0s"), resourceApiVersion: ApiVersion.V3 } };
  if (t.routeConfig) hcm.routeConfig = routeConfigurationOf(t.routeConfig, true);
  if (t.http2) hcm.http2ProtocolOptions = {};
  if (t.serverName) hcm.serverName = t.serverName;
  if (t.gateway) {
    hcm.useRemoteAddress = true;
    if (t.gateway.xffNumTrustedHops > 0) hcm.xffNumTrustedHops = t.gateway.xffNumTrustedHops;
    hcm.forwardClientCertDetails = HttpConnectionManager_ForwardClientCertDetails[t.gateway.forwardClientCertDetails];
    hcm.setCurrentClientCertDetails = { subject: true, cert: true, dns: true, uri: true };
    hcm.httpProtocolOptions = {};
  } else if (t.direction === "inbound") {
    hcm.forwardClientCertDetails = HttpConnectionManager_ForwardClientCertDetails.APPEND_FORWARD;
    hcm.setCurrentClientCertDetails = { subject: true, uri: true, dns: true };
  }
  return { name: "envoy.filters.network.http_connection_manager", typedConfig: anyOf(ENVOY_TYPES.httpConnectionManager, hcm) };
}
