/**
 * The outbound port plan of a proxy: for every port, the visible services listening on it, by
 * protocol class. Listeners and route configurations are both built from it, so they agree on
 * which route configuration names exist.
 */
import { isHttpLike } from "../../model/protocol.js";
import { endpointsOf, type IrContext } from "./context.js";
import { visibleOnPort } from "./scope.js";
import { isCidr, type ServicePortView, type ServiceView } from "./services.js";

export interface PortEntry {
  svc: ServiceView;
  port: ServicePortView;
}

export type PortClass = "http" | "tcp" | "auto";

export function portClass(p: ServicePortView["protocol"]): PortClass {
  if (isHttpLike(p)) return "http";
  if (p === "UnsupportedProtocol") return "auto";
  return "tcp";
}

/** Whether a service gets its own VIP-bound listener (else it shares 0.0.0.0). */
export function boundVip(svc: ServiceView): string | undefined {
  const a = svc.addresses.find((x) => !isCidr(x) && x !== "0.0.0.0");
  return a;
}

/**
 * Addresses the TCP/auto listeners of an entry bind: the VIP; a headless service's endpoint IPs
 * (the proxy's own skipped); else 0.0.0.0.
 */
export function listenAddresses(ctx: IrContext, e: PortEntry): string[] {
  if (e.svc.headless && !ctx.options.features.headlessFilterChainListener) return headlessEndpointIps(ctx, e);
  const vip = boundVip(e.svc);
  return vip ? [vip] : ["0.0.0.0"];
}

/** A headless service's endpoint IPs for one port, the proxy's own addresses skipped. */
export function headlessEndpointIps(ctx: IrContext, e: PortEntry): string[] {
  return [...new Set(endpointsOf(ctx, e.svc, e.port).map((x) => x.address))].filter((ip) => !ctx.proxy.ips.includes(ip));
}

export interface PortPlan {
  /** Port → entries, ports ascending. */
  ports: Map<number, PortEntry[]>;
  /** Ports that get the shared route configuration "<port>". */
  httpRoutePorts: Set<number>;
}

export function outboundPortPlan(ctx: IrContext): PortPlan {
  const ports = new Map<number, PortEntry[]>();
  for (const svc of ctx.scope.services) {
    if (svc.resolution === "Alias" || svc.resolution === "DynamicDNS") continue;
    for (const port of svc.ports) {
      if (port.protocol === "UDP") continue;
      if (!visibleOnPort(ctx.scope, svc, port.port)) continue;
      const list = ports.get(port.port);
      if (list) list.push({ svc, port });
      else ports.set(port.port, [{ svc, port }]);
    }
  }
  const sorted = new Map([...ports.entries()].sort(([a], [b]) => a - b));
  const httpRoutePorts = new Set<number>();
  for (const [p, entries] of sorted) {
    if (entries.some((e) => portClass(e.port.protocol) === "http" || (portClass(e.port.protocol) === "auto" && listenAddresses(ctx, e).includes("0.0.0.0")))) httpRoutePorts.add(p);
  }
  return { ports: sorted, httpRoutePorts };
}
