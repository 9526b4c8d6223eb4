/** What the mechanical IR → Envoy stage needs to know besides the IR. */
import type { AccessLog, Filter, Flavor, HttpFilter } from "../envoy/index.js";
import type { HcmTracing } from "../telemetry/tracing.js";

export interface XdsOptions {
  flavor: Flavor;
  /** istio flavor: metadata exchange filters. */
  metadataExchange: boolean;
  /** istio flavor: the istio.alpn HTTP filter on outbound. */
  alpnFilter: boolean;
  /** istio flavor: istio.stats filters. */
  stats: boolean;
  /**
   * Security filters of the proxy's inbound chains (gateways: of their HTTP chains), built once per
   * proxy: `http` is securityHttpFilters(...) (CUSTOM, jwt_authn, AUDIT/DENY/ALLOW RBAC), inserted
   * after the peer-metadata filter; `network` goes before tcp_proxy on inbound TCP chains (and on
   * every TCP chain of a router proxy).
   */
  security?: { http: HttpFilter[]; network: Filter[] };
  /** A router proxy (gateway): its (outbound-direction) TCP chains get `security.network` too. */
  router?: boolean;
  /** Access logs and tracing per traffic direction (gateways use `outbound`, Istio's CLIENT mode). */
  telemetry?: { inbound?: ChainTelemetry; outbound?: ChainTelemetry };
}

export interface ChainTelemetry {
  accessLogs: AccessLog[];
  tcpAccessLogs: AccessLog[];
  tracing?: HcmTracing;
}

export function istioFilters(o: XdsOptions): boolean {
  return o.flavor === "istio";
}
