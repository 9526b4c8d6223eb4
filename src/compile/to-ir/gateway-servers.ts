/**
 * Gateway servers → listener plan (pilot/pkg/model/gateway.go MergeGateways, resolvePorts;
 * xds-mapping.md 8): which Gateways select this router, how each server port maps to a listener
 * port through the gateway's Services, and how servers sharing a listener port merge (all plaintext
 * HTTP, or all TLS; otherwise the oldest wins and the rest become diagnostics).
 */
import { labelsMatch } from "../../model/mesh-model.js";
import { gatewayHttpRouteName, gatewayHttpsRouteName, gatewayKey } from "../names.js";
import { report, type IrContext } from "./context.js";
import type { ConfigResource } from "./mesh-index.js";
import type { ServiceView } from "./services.js";

type Obj = Record<string, any>;

export const GATEWAY_SERVICE_ANNOTATION = "internal.istio.io/gateway-service";
export const DISABLE_PORT_TRANSLATION_LABEL = "experimental.istio.io/disable-gateway-port-translation";

/** A server host: namespace part (`*`, a namespace) and host. */
export interface ServerHost {
  namespace: string;
  host: string;
}

export type ServerKind = "http" | "tls" | "tcp";

export interface PlannedServer {
  gateway: ConfigResource;
  /** `ns/name` of the Gateway. */
  gatewayKey: string;
  index: number;
  spec: Obj;
  /** The Service port the server names. */
  serverPort: number;
  listenerPort: number;
  protocol: string;
  portName: string;
  hosts: ServerHost[];
  kind: ServerKind;
  /** tls.mode (SIMPLE when tls is set without a mode), undefined without tls. */
  tlsMode?: string;
  /** RDS name of HTTP servers (plaintext and terminated HTTPS). */
  routeName?: string;
}

export interface ListenerPlan {
  port: number;
  kind: ServerKind;
  servers: PlannedServer[];
}

export interface GatewayPlan {
  listeners: ListenerPlan[];
  /** Service port → listener port pairs (for callers that address the gateway by Service port). */
  ports: { server: number; listener: number }[];
}

const HTTP_PROTOCOLS = new Set(["HTTP", "HTTP2", "GRPC", "GRPC-WEB", "HTTP_PROXY"]);

function serverKind(protocol: string): ServerKind {
  if (HTTP_PROTOCOLS.has(protocol)) return "http";
  if (protocol === "HTTPS" || protocol === "TLS") return "tls";
  return "tcp";
}

/** The Services of the router: those with an endpoint on its IPs, or whose selector matches its pod. */
export function routerServices(ctx: IrContext): ServiceView[] {
  const out: ServiceView[] = [];
  const seen = new Set<ServiceView>();
  const add = (s: ServiceView) => {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  for (const ip of ctx.proxy.ips) for (const s of ctx.index.servicesByEndpointIp.get(ip) ?? []) add(s);
  for (const s of ctx.index.services) {
    if (s.source === "kubernetes" && s.namespace === ctx.proxy.namespace && s.selector && Object.keys(s.selector).length > 0 && labelsMatch(s.selector, ctx.proxy.labels)) add(s);
  }
  return out;
}

function parseHost(text: string, gatewayNs: string): ServerHost {
  const i = text.indexOf("/");
  if (i < 0) return { namespace: "*", host: text };
  const ns = text.slice(0, i);
  return { namespace: ns === "." ? gatewayNs : ns, host: text.slice(i + 1) };
}

function targetOf(p: ServiceView["ports"][number]): number {
  return typeof p.targetPort === "number" ? p.targetPort : p.port;
}

/** The Gateways that apply to this router, each with the services it is bound through (undefined: selector-based). */
function applicableGateways(ctx: IrContext, services: readonly ServiceView[]): { gateway: ConfigResource; via?: ServiceView[] }[] {
  const out: { gateway: ConfigResource; via?: ServiceView[] }[] = [];
  for (const gw of ctx.index.gateways) {
    const annotation = (gw.resource.object.metadata.annotations as Record<string, string> | undefined)?.[GATEWAY_SERVICE_ANNOTATION];
    if (typeof annotation === "string") {
      const hosts = new Set(annotation.split(",").map((h) => h.trim()).filter(Boolean));
      const via = services.filter((s) => hosts.has(s.host) && s.namespace === gw.namespace);
      if (via.length > 0) out.push({ gateway: gw, via });
      continue;
    }
    const selector = gw.spec.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0 || labelsMatch(selector, ctx.proxy.labels)) out.push({ gateway: gw });
  }
  return out;
}

/** Listener ports of a server port: through the bound services, or the router's own Services (first match). */
function resolvePorts(port: number, via: ServiceView[] | undefined, services: readonly ServiceView[]): number[] {
  if (via) {
    const ports = new Set<number>();
    for (const s of via) for (const p of s.ports) if (p.port === port) ports.add(targetOf(p));
    return [...ports];
  }
  for (const s of services) {
    const labels = s.resource.object.metadata.labels as Record<string, string> | undefined;
    if (labels?.[DISABLE_PORT_TRANSLATION_LABEL] === "true") continue;
    const p = s.ports.find((x) => x.port === port);
    if (p) return [targetOf(p)];
  }
  return [port];
}

function sameHost(a: ServerHost, b: ServerHost): boolean {
  return a.namespace === b.namespace && a.host === b.host;
}

/** Plans the listeners of a router proxy. */
export function planGatewayServers(ctx: IrContext): GatewayPlan {
  const services = routerServices(ctx);
  const byPort = new Map<number, ListenerPlan>();
  const pairs = new Map<string, { server: number; listener: number }>();
  for (const { gateway, via } of applicableGateways(ctx, services)) {
    const key = gatewayKey(gateway.namespace, gateway.name);
    for (const [index, spec] of ((gateway.spec.servers ?? []) as Obj[]).entries()) {
      const serverPort = spec.port?.number;
      if (typeof serverPort !== "number") continue;
      const protocol = String(spec.port?.protocol ?? "HTTP").toUpperCase();
      const kind = serverKind(protocol);
      const tls = spec.tls as Obj | undefined;
      const tlsMode = tls && (tls.mode !== undefined || kind === "tls") ? String(tls.mode ?? "SIMPLE") : undefined;
      const portName = String(spec.port?.name ?? "");
      const hosts = ((spec.hosts ?? []) as string[]).map((h) => parseHost(h, gateway.namespace));
      for (const listenerPort of resolvePorts(serverPort, via, services)) {
        pairs.set(`${serverPort}/${listenerPort}`, { server: serverPort, listener: listenerPort });
        const server: PlannedServer = { gateway, gatewayKey: key, index, spec, serverPort, listenerPort, protocol, portName, hosts, kind, ...(tlsMode ? { tlsMode } : {}) };
        if (kind === "http") server.routeName = gatewayHttpRouteName(listenerPort);
        else if (protocol === "HTTPS" && tlsMode !== "PASSTHROUGH" && tlsMode !== "AUTO_PASSTHROUGH") server.routeName = gatewayHttpsRouteName(serverPort, portName, gateway.name, gateway.namespace);
        const plan = byPort.get(listenerPort);
        if (!plan) {
          byPort.set(listenerPort, { port: listenerPort, kind, servers: [server] });
          continue;
        }
        const where = `${gateway.namespace}/${gateway.name} servers[${index}]`;
        if (plan.kind !== kind || kind === "tcp") {
          const first = plan.servers[0]!;
          report(ctx, gateway.resource, "MSH-compile-gateway-conflict", `${where} (${protocol}) on port ${listenerPort} conflicts with ${first.gatewayKey} servers[${first.index}] (${first.protocol}), which was defined first; the server is ignored`, `spec.servers[${index}]`);
          continue;
        }
        if (kind === "tls") {
          const known = plan.servers.flatMap((s) => s.hosts);
          const fresh = hosts.filter((h) => !known.some((k) => sameHost(k, h)));
          if (fresh.length === 0) {
            report(ctx, gateway.resource, "MSH-compile-gateway-conflict", `${where}: every host is already served on port ${listenerPort} by another TLS server; the server is ignored`, `spec.servers[${index}]`);
            continue;
          }
          server.hosts = fresh;
        }
        plan.servers.push(server);
      }
    }
  }
  const listeners = [...byPort.values()].sort((a, b) => a.port - b.port);
  return { listeners, ports: [...pairs.values()].sort((a, b) => a.server - b.server || a.listener - b.listener) };
}
