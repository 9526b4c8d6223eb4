/**
 * The proxy's inbound ports (listener_inbound.go): from the Sidecar `ingress` section when present,
 * else from the services the proxy is an instance of (by endpoint address, or by selector), one per
 * target port, the oldest service winning.
 */
import type { Protocol } from "../../model/protocol.js";
import { labelsMatch } from "../../model/mesh-model.js";
import { parseProtocol } from "../../model/protocol.js";
import type { IrContext } from "./context.js";
import type { ServicePortView, ServiceView } from "./services.js";

type Obj = Record<string, any>;

export interface InboundPort {
  /** Target port: the chain's destination port and the cluster's port. */
  port: number;
  protocol: Protocol;
  /** Filter chain name. */
  chainName: string;
  /** Service port number (for the inbound virtual host name). */
  servicePort: number;
  /** Services on this target port (cluster metadata, decorator). */
  services: { svc: ServiceView; port: ServicePortView }[];
  /** Sidecar ingress defaultEndpoint. */
  defaultEndpoint?: string;
  /** Sidecar ingress tls (ENABLE_TLS_ON_SIDECAR_INGRESS). */
  tls?: Obj;
  fromSidecar: boolean;
}

/** Services the proxy is an instance of. */
export function serviceTargets(ctx: IrContext): ServiceView[] {
  const out = new Set<ServiceView>();
  for (const ip of ctx.proxy.ips) for (const s of ctx.index.servicesByEndpointIp.get(ip) ?? []) out.add(s);
  for (const s of ctx.index.model.servicesInNamespace(ctx.proxy.namespace)) {
    if (s.selector && Object.keys(s.selector).length > 0 && labelsMatch(s.selector, ctx.proxy.labels)) {
      const v = ctx.index.servicesByHost.get(s.host)?.find((x) => x.resource === s.resource);
      if (v) out.add(v);
    }
  }
  return [...out].sort((a, b) => a.created - b.created || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

function targetPortOf(ctx: IrContext, svc: ServiceView, port: ServicePortView): number {
  if (typeof port.targetPort === "number") return port.targetPort;
  if (svc.source === "serviceentry") {
    const ep = (((svc.resource.object.spec as Obj)?.endpoints ?? []) as Obj[]).find((e) => ctx.proxy.ips.includes(e.address));
    const mapped = ep?.ports?.[port.name];
    if (typeof mapped === "number") return mapped;
  }
  if (typeof port.targetPort === "string" && /^\d+$/.test(port.targetPort)) return Number(port.targetPort);
  return port.port;
}

export function inboundPorts(ctx: IrContext): InboundPort[] {
  const primary = ctx.proxy.ips[0] ?? "0.0.0.0";
  const targets = serviceTargets(ctx);
  if (ctx.scope.ingress) {
    return ctx.scope.ingress
      .filter((i) => typeof i.port?.number === "number")
      .map((i) => {
        const n = i.port.number as number;
        const services = targets.flatMap((svc) => svc.ports.filter((p) => targetPortOf(ctx, svc, p) === n).map((port) => ({ svc, port })));
        return {
          port: n,
          protocol: parseProtocol(i.port.protocol),
          chainName: `${typeof i.bind === "string" ? i.bind : primary}_${n}`,
          servicePort: n,
          services,
          ...(typeof i.defaultEndpoint === "string" ? { defaultEndpoint: i.defaultEndpoint } : {}),
          ...(i.tls ? { tls: i.tls } : {}),
          fromSidecar: true,
        };
      })
      .sort((a, b) => a.port - b.port);
  }
  const byPort = new Map<number, InboundPort>();
  for (const svc of targets) {
    for (const port of svc.ports) {
      if (port.protocol === "UDP") continue;
      const n = targetPortOf(ctx, svc, port);
      const existing = byPort.get(n);
      if (existing) {
        existing.services.push({ svc, port });
        continue;
      }
      byPort.set(n, { port: n, protocol: port.protocol, chainName: `0.0.0.0_${n}`, servicePort: port.port, services: [{ svc, port }], fromSidecar: false });
    }
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}
