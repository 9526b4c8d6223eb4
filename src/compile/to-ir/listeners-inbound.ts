/**
 * virtualInbound (0.0.0.0:15006) and the inbound clusters (listener_inbound.go,
 * filterchain_options.go, pilot/pkg/security/authn; xds-mapping.md 5.3–5.4, 9.6): per inbound port a
 * group of chains shaped by the effective PeerAuthentication mode and the port's protocol class.
 */
import type { ClusterIR, DownstreamTlsIR, FilterChainIR, FilterChainMatchIR, ListenerFilterIR, ListenerIR, RouteConfigIR } from "../ir.js";
import { BLACKHOLE_CLUSTER, fileCertSdsName, fileRootSdsName, hcmStatPrefix, INBOUND_PASSTHROUGH_CLUSTER, inboundClusterName, inboundVirtualHostName, SDS_DEFAULT, SDS_ROOTCA, STAT_DELIMITER, VIRTUAL_INBOUND, VIRTUAL_INBOUND_BLACKHOLE_CHAIN, VIRTUAL_INBOUND_CATCHALL_HTTP_CHAIN } from "../names.js";
import { defaultCircuitBreakers } from "./cluster-policy.js";
import { isHttp2 } from "./clusters.js";
import type { IrContext } from "./context.js";
import { inboundPorts, type InboundPort } from "./inbound-ports.js";
import { portClass, type PortClass } from "./outbound-ports.js";
import { modeForPort, peerAuthFor, type MtlsMode } from "./peer-authentication.js";
import { PLAINTEXT_HTTP_ALPN } from "./listeners-outbound.js";

const ISTIO_ALPNS = ["istio", "istio-peer-exchange", "istio-http/1.0", "istio-http/1.1", "istio-h2"];
const ISTIO_HTTP_ALPNS = ["istio-http/1.0", "istio-http/1.1", "istio-h2"];

interface ChainSpec {
  http: boolean;
  match: FilterChainMatchIR;
  mtls: boolean;
}

/** The chain table of xds-mapping.md 5.3. */
export function chainSpecs(cls: PortClass, mode: MtlsMode): ChainSpec[] {
  const tls = (alpn?: string[]): FilterChainMatchIR => ({ transportProtocol: "tls", ...(alpn ? { applicationProtocols: alpn } : {}) });
  const raw = (alpn?: string[]): FilterChainMatchIR => ({ transportProtocol: "raw_buffer", ...(alpn ? { applicationProtocols: alpn } : {}) });
  if (cls === "http") {
    if (mode === "STRICT") return [{ http: true, match: tls(), mtls: true }];
    if (mode === "PERMISSIVE") return [{ http: true, match: tls(ISTIO_ALPNS), mtls: true }, { http: true, match: raw(), mtls: false }];
    return [{ http: true, match: raw(), mtls: false }];
  }
  if (cls === "tcp") {
    if (mode === "STRICT") return [{ http: false, match: tls(), mtls: true }];
    if (mode === "PERMISSIVE") return [{ http: false, match: tls(ISTIO_ALPNS), mtls: true }, { http: false, match: tls(), mtls: false }, { http: false, match: raw(), mtls: false }];
    return [{ http: false, match: raw(), mtls: false }];
  }
  if (mode === "STRICT") return [{ http: true, match: tls(ISTIO_HTTP_ALPNS), mtls: true }, { http: false, match: tls(), mtls: true }];
  if (mode === "PERMISSIVE") {
    return [
      { http: true, match: tls(ISTIO_HTTP_ALPNS), mtls: true },
      { http: true, match: raw(PLAINTEXT_HTTP_ALPN), mtls: false },
      { http: false, match: tls(["istio-peer-exchange", "istio"]), mtls: true },
      { http: false, match: raw(), mtls: false },
      { http: false, match: tls(), mtls: false },
    ];
  }
  return [{ http: true, match: raw(PLAINTEXT_HTTP_ALPN), mtls: false }, { http: false, match: raw(), mtls: false }];
}

function istioTls(ctx: IrContext, http: boolean): DownstreamTlsIR {
  return { alpn: http ? ["h2", "http/1.1"] : ["istio-peer-exchange", "h2", "http/1.1"], requireClientCertificate: true, certificate: SDS_DEFAULT, validation: SDS_ROOTCA, sanPrefixes: [`spiffe://${ctx.mesh.trustDomain}/`] };
}

function inboundRouteConfig(cluster: string, servicePort: number, operation: string | undefined, grpc: boolean): RouteConfigIR {
  return {
    name: cluster,
    virtualHosts: [
      {
        name: inboundVirtualHostName(servicePort),
        domains: ["*"],
        routes: [{ name: "default", match: { path: { prefix: "/" }, caseSensitive: true }, action: { kind: "forward", clusters: [{ name: cluster, weight: 100 }], timeout: "0s", ...(grpc ? {} : { retry: { retryOn: "reset-before-request", numRetries: 2, previousHosts: false } }) }, ...(operation ? { operation } : {}) }],
      },
    ],
  };
}

function chainsFor(ctx: IrContext, name: string, port: number | undefined, cls: PortClass, mode: MtlsMode, cluster: string, servicePort: number, http2: boolean, operation?: string): FilterChainIR[] {
  return chainSpecs(cls, mode).map((spec) => {
    const match: FilterChainMatchIR = { ...(port !== undefined ? { destinationPort: port } : {}), ...spec.match };
    const chainName = port === undefined ? (spec.http ? VIRTUAL_INBOUND_CATCHALL_HTTP_CHAIN : VIRTUAL_INBOUND) : name;
    const chain: FilterChainIR = {
      name: chainName,
      match,
      metadataExchange: true,
      terminal: spec.http
        ? { kind: "http", direction: "inbound", statPrefix: hcmStatPrefix("inbound", "0.0.0.0", port ?? 0), routeConfig: inboundRouteConfig(cluster, servicePort, operation, http2), serverName: "istio-envoy", ...(http2 ? { http2: true } : {}) }
        : { kind: "tcp", statPrefix: cluster, cluster },
    };
    if (spec.mtls) chain.tls = istioTls(ctx, spec.http);
    return chain;
  });
}

/** Sidecar ingress TLS termination: the protocol after termination decides the chain (HTTPS → HTTP, TLS → TCP). */
function sidecarTlsChain(ctx: IrContext, ip: InboundPort, portCls: PortClass, cluster: string): FilterChainIR[] {
  const t = ip.tls!;
  const cls: PortClass = ip.protocol === "HTTPS" ? "http" : ip.protocol === "TLS" ? "tcp" : portCls;
  const mutual = t.mode === "MUTUAL";
  const tls: DownstreamTlsIR = { alpn: cls === "http" ? ["h2", "http/1.1"] : [], requireClientCertificate: mutual, certificate: fileCertSdsName(t.serverCertificate ?? "", t.privateKey ?? ""), validation: mutual ? fileRootSdsName(t.caCertificates) : "", sanPrefixes: [] };
  const http = cls !== "tcp";
  return [{ name: ip.chainName, match: { destinationPort: ip.port, transportProtocol: "tls" }, tls, metadataExchange: true, terminal: http ? { kind: "http", direction: "inbound", statPrefix: hcmStatPrefix("inbound", "0.0.0.0", ip.port), routeConfig: inboundRouteConfig(cluster, ip.servicePort, undefined, false), serverName: "istio-envoy" } : { kind: "tcp", statPrefix: cluster, cluster } }];
}

export interface InboundOutput {
  listener: ListenerIR;
  clusters: ClusterIR[];
}

export function inbound(ctx: IrContext): InboundOutput {
  const pa = peerAuthFor(ctx.index, ctx.proxy.namespace, ctx.proxy.labels);
  const ports = inboundPorts(ctx);
  const chains: FilterChainIR[] = [{ name: VIRTUAL_INBOUND_BLACKHOLE_CHAIN, match: { destinationPort: 15006 }, metadataExchange: true, terminal: { kind: "tcp", statPrefix: BLACKHOLE_CLUSTER, cluster: BLACKHOLE_CLUSTER } }];
  chains.push(...chainsFor(ctx, VIRTUAL_INBOUND, undefined, "auto", pa.mode, INBOUND_PASSTHROUGH_CLUSTER, 0, false));
  const covered = new Set(ports.map((p) => p.port));
  for (const [port, mode] of [...pa.ports].sort(([a], [b]) => a - b)) {
    if (!covered.has(port)) chains.push(...chainsFor(ctx, VIRTUAL_INBOUND, port, "auto", mode, INBOUND_PASSTHROUGH_CLUSTER, port, false).map((c) => ({ ...c, name: c.terminal.kind === "http" ? VIRTUAL_INBOUND_CATCHALL_HTTP_CHAIN : VIRTUAL_INBOUND })));
  }
  const clusters: ClusterIR[] = [];
  for (const ip of ports) {
    const cluster = inboundClusterName(ip.port);
    const cls = portClass(ip.protocol);
    const mode = modeForPort(pa, ip.port);
    const first = ip.services[0];
    const operation = first ? `${first.svc.host}:${first.port.port}/*` : undefined;
    if (ip.tls && ctx.options.features.tlsOnSidecarIngress && mode === "DISABLE") chains.push(...sidecarTlsChain(ctx, ip, cls, cluster));
    else chains.push(...chainsFor(ctx, ip.chainName, ip.port, cls, mode, cluster, ip.servicePort, isHttp2(ip.protocol) || ip.protocol === "GRPC", operation));
    clusters.push(inboundCluster(ctx, ip, cluster));
  }
  return { listener: finishInbound(ctx, chains), clusters };
}

function inboundCluster(ctx: IrContext, ip: InboundPort, name: string): ClusterIR {
  const c: ClusterIR = { name, discovery: "ORIGINAL_DST", connectTimeout: ctx.mesh.connectTimeout, lbPolicy: "CLUSTER_PROVIDED", circuitBreakers: defaultCircuitBreakers(), altStatName: `${name}${STAT_DELIMITER}` };
  const services = ip.services.map(({ svc }) => ({ host: svc.host, name: svc.source === "kubernetes" ? svc.name : svc.host, namespace: svc.namespace }));
  if (services.length > 0 && !ip.fromSidecar) c.metadata = { services };
  const ep = ip.defaultEndpoint;
  const staticAt = (address: string, port: number) => {
    c.discovery = "STATIC";
    c.lbPolicy = "ROUND_ROBIN";
    c.loadAssignment = { clusterName: name, groups: [{ endpoints: [{ address, port, healthy: true }] }] };
  };
  if (ep?.startsWith("unix://")) {
    staticAt(`unix://${ep.slice("unix://".length)}`, 0);
  } else if (ep) {
    const i = ep.lastIndexOf(":");
    const host = ep.slice(0, i);
    const port = Number(ep.slice(i + 1));
    staticAt(host === "0.0.0.0" ? ctx.proxy.ips[0] ?? "127.0.0.1" : host, port);
  } else if (!ctx.mesh.inboundPassthrough) {
    staticAt("127.0.0.1", ip.port);
  } else {
    c.cleanupInterval = "9223372035s";
  }
  const localhost = ep !== undefined && (ep.startsWith("127.0.0.1:") || ep.startsWith("[::1]:"));
  if (!localhost && c.loadAssignment?.groups[0]?.endpoints[0]?.address !== "127.0.0.1") c.upstreamBindAddress = "127.0.0.6";
  return c;
}

function finishInbound(ctx: IrContext, chains: FilterChainIR[]): ListenerIR {
  const listenerFilters: ListenerFilterIR[] = [{ kind: "original_dst" }];
  const inspector = (needs: (c: FilterChainIR) => boolean): ListenerFilterIR | undefined => {
    const ports = new Map<number, boolean>();
    let portless = false;
    for (const c of chains) {
      const p = c.match.destinationPort;
      if (p === 15006) continue;
      if (p === undefined) portless ||= needs(c);
      else ports.set(p, (ports.get(p) ?? false) || needs(c));
    }
    const disabled = [...ports].filter(([, n]) => !n).map(([p]) => p).sort((a, b) => a - b);
    const enabled = [...ports].filter(([, n]) => n).map(([p]) => p).sort((a, b) => a - b);
    if (portless) return { kind: "tls_inspector", ...(disabled.length > 0 ? { disabledPorts: disabled } : {}) };
    if (enabled.length === 0) return undefined;
    return { kind: "tls_inspector", onlyPorts: enabled };
  };
  const tlsI = inspector((c) => c.match.transportProtocol === "tls");
  if (tlsI) listenerFilters.push(tlsI);
  const httpI = inspector((c) => (c.match.applicationProtocols ?? []).some((a) => a === "http/1.1" || a === "h2c"));
  if (httpI) listenerFilters.push({ ...httpI, kind: "http_inspector" });
  return { name: VIRTUAL_INBOUND, address: "0.0.0.0", port: 15006, direction: "inbound", bindToPort: true, listenerFilters, listenerFiltersTimeout: ctx.mesh.protocolDetectionTimeout, chains };
}
