/**
 * Every Envoy name the compiler emits, built and parsed here only, so any listener, route or cluster
 * leads back to the service, port and subset it came from. Formats follow istiod (see
 * ../shared/docs/xds-mapping.md section 1; Istio: pilot/pkg/model/service.go BuildSubsetKey,
 * BuildDNSSrvSubsetKey, pilot/pkg/networking/util/util.go).
 */

export const VIRTUAL_OUTBOUND = "virtualOutbound";
export const VIRTUAL_INBOUND = "virtualInbound";
export const BLACKHOLE_CLUSTER = "BlackHoleCluster";
export const PASSTHROUGH_CLUSTER = "PassthroughCluster";
export const INBOUND_PASSTHROUGH_CLUSTER = "InboundPassthroughCluster";
export const DYNAMIC_DNS_CLUSTER = "AllowAnyDynamicDNSCluster";
export const PASSTHROUGH_FILTER_CHAIN = "PassthroughFilterChain";
export const VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN = "virtualOutbound-blackhole";
export const VIRTUAL_OUTBOUND_CATCHALL_CHAIN = "virtualOutbound-catchall-tcp";
/** ALLOW_ANY_DYNAMIC_DNS: plaintext HTTP caught by virtualOutbound goes to the dynamic forward proxy. */
export const VIRTUAL_OUTBOUND_CATCHALL_HTTP_CHAIN = "virtualOutbound-catchall-tcp-http";
/** The DNS cache shared by the dynamic forward proxy HTTP filter and AllowAnyDynamicDNSCluster. */
export const DYNAMIC_DNS_CACHE = "dynamic_forward_proxy_cache_config";
export const VIRTUAL_INBOUND_BLACKHOLE_CHAIN = "virtualInbound-blackhole";
export const VIRTUAL_INBOUND_CATCHALL_HTTP_CHAIN = "virtualInbound-catchall-http";
/** Catch-all virtual hosts (and their routes) of outbound route configurations. */
export const ALLOW_ANY_VHOST = "allow_any";
export const BLOCK_ALL_VHOST = "block_all";
export const ALLOW_ANY_DYNAMIC_DNS_VHOST = "allow_any_dynamic_dns";
/** SDS names: the workload certificate and the mesh trust bundle (served by the agent). */
export const SDS_DEFAULT = "default";
export const SDS_ROOTCA = "ROOTCA";
/** Suffix Istio puts on stat prefixes and alt_stat_names. */
export const STAT_DELIMITER = ";";

export type Direction = "outbound" | "inbound";

export interface ClusterKey {
  direction: Direction;
  port: number;
  subset: string;
  /** Empty for inbound clusters. */
  host: string;
}

/** `outbound|9080|v1|reviews.default.svc.cluster.local` */
export function outboundClusterName(port: number, subset: string | undefined, host: string): string {
  return `outbound|${port}|${subset ?? ""}|${host}`;
}

/** `inbound|9080||` */
export function inboundClusterName(port: number): string {
  return `inbound|${port}||`;
}

/** Parses a service cluster name; undefined for special and foreign names. */
export function parseClusterName(name: string): ClusterKey | undefined {
  const parts = name.split("|");
  if (parts.length !== 4) return undefined;
  const [direction, port, subset, host] = parts as [string, string, string, string];
  if (direction !== "outbound" && direction !== "inbound") return undefined;
  const n = Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) return undefined;
  return { direction, port: n, subset, host };
}

/** `outbound_.9080_.v1_.reviews.default.svc.cluster.local`: the SNI of Istio mTLS to a cluster. */
export function sniName(port: number, subset: string | undefined, host: string): string {
  return `outbound_.${port}_.${subset ?? ""}_.${host}`;
}

export function parseSniName(name: string): { port: number; subset: string; host: string } | undefined {
  const m = /^outbound_\.(\d+)_\.([^_]*)_\.(.+)$/.exec(name);
  if (!m) return undefined;
  return { port: Number(m[1]), subset: m[2]!, host: m[3]! };
}

/** `0.0.0.0_9080`, `10.96.0.10_53` */
export function listenerName(bind: string, port: number): string {
  return `${bind}_${port}`;
}

export function parseListenerName(name: string): { bind: string; port: number } | undefined {
  const i = name.lastIndexOf("_");
  if (i <= 0) return undefined;
  const port = Number(name.slice(i + 1));
  if (!Number.isInteger(port)) return undefined;
  return { bind: name.slice(0, i), port };
}

/** Route configuration of the outbound wildcard listener of a port: `"9080"`. */
export function portRouteConfigName(port: number): string {
  return String(port);
}

/** Route configuration of an auto-detected port bound to a VIP: `reviews.default.svc.cluster.local:9080`. */
export function hostRouteConfigName(host: string, port: number): string {
  return `${host}:${port}`;
}

export function parseRouteConfigName(name: string): { port: number; host?: string } | undefined {
  if (/^\d+$/.test(name)) return { port: Number(name) };
  const i = name.lastIndexOf(":");
  if (i <= 0) return undefined;
  const port = Number(name.slice(i + 1));
  if (!Number.isInteger(port)) return undefined;
  return { port, host: name.slice(0, i) };
}

/** Gateway route configuration of plaintext HTTP servers: `http.8080` (`http.8080.<bind>`). */
export function gatewayHttpRouteName(listenerPort: number, bind?: string): string {
  return `http.${listenerPort}${bind ? `.${bind}` : ""}`;
}

/** Gateway route configuration of a terminated HTTPS server: `https.443.https.bookinfo-gateway.default`. */
export function gatewayHttpsRouteName(serverPort: number, portName: string, gateway: string, namespace: string, bind?: string): string {
  return `https.${serverPort}.${portName}.${gateway}.${namespace}${bind ? `.${bind}` : ""}`;
}

export type GatewayRouteName = { kind: "http"; port: number; bind?: string } | { kind: "https"; port: number; portName: string; gateway: string; namespace: string; bind?: string };

/** Parses a gateway route configuration name (the bind suffix is recognised only when it is an IP). */
export function parseGatewayRouteName(name: string): GatewayRouteName | undefined {
  const http = /^http\.(\d+)(?:\.(.+))?$/.exec(name);
  if (http) return { kind: "http", port: Number(http[1]), ...(http[2] ? { bind: http[2] } : {}) };
  const m = /^https\.(\d+)\.([^.]*)\.([^.]+)\.([^.]+)(?:\.(.+))?$/.exec(name);
  if (!m) return undefined;
  return { kind: "https", port: Number(m[1]), portName: m[2]!, gateway: m[3]!, namespace: m[4]!, ...(m[5] ? { bind: m[5] } : {}) };
}

/** The virtual host of a gateway route configuration with no routes: `blackhole:80`. */
export function gatewayBlackholeVirtualHost(serverPort: number): string {
  return `blackhole:${serverPort}`;
}

/** `ns/name`: how VirtualServices name a Gateway. */
export function gatewayKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Outbound virtual host: `reviews.default.svc.cluster.local:9080`. */
export function virtualHostName(host: string, port: number): string {
  return `${host}:${port}`;
}

/** Inbound virtual host: `inbound|http|9080`. */
export function inboundVirtualHostName(port: number): string {
  return `inbound|http|${port}`;
}

/** `outbound_0.0.0.0_9080;` / `inbound_0.0.0.0_9080;` */
export function hcmStatPrefix(direction: Direction, bind: string, port: number): string {
  return `${direction}_${bind}_${port}${STAT_DELIMITER}`;
}

/** The istio metadata `config` path of a resource: `/apis/networking.istio.io/v1/namespaces/ns/virtual-service/name`. */
export function istioConfigPath(kind: "virtual-service" | "destination-rule", namespace: string, name: string): string {
  return `/apis/networking.istio.io/v1/namespaces/${namespace}/${kind}/${name}`;
}

/** SDS name of a credential in a Kubernetes Secret (`kubernetes://name`), and of its CA (`…-cacert`). */
export function credentialSdsName(credentialName: string, ca = false): string {
  return `kubernetes://${credentialName}${ca ? "-cacert" : ""}`;
}

/** SDS names for files on the proxy's filesystem, served by the agent. */
export function fileCertSdsName(cert: string, key: string): string {
  return `file-cert:${cert}~${key}`;
}

export function fileRootSdsName(ca: string | undefined): string {
  return `file-root:${ca ?? "system"}`;
}

/** Whether an SDS name is served by the agent over sds-grpc (the rest come over ADS). */
export function isAgentSdsName(name: string): boolean {
  return name === SDS_DEFAULT || name === SDS_ROOTCA || name.startsWith("file-cert:") || name.startsWith("file-root:");
}
