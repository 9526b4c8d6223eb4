/**
 * Sidecar outbound route configurations (pilot/pkg/networking/core/httproute.go; xds-mapping.md 7):
 * one per HTTP port (`"9080"`) and one per auto-detected port bound to an address
 * (`"<FQDN>:<port>"`); virtual hosts per service with Istio's domain forms; routes from the winning
 * VirtualService (7.3) or the default route; the allow_any / block_all catch-all.
 */
import { hostCovers } from "../../model/hosts.js";
import type { RouteConfigIR, RouteIR, VirtualHostIR } from "../ir.js";
import { ALLOW_ANY_DYNAMIC_DNS_VHOST, ALLOW_ANY_VHOST, BLOCK_ALL_VHOST, DYNAMIC_DNS_CLUSTER, hostRouteConfigName, outboundClusterName, PASSTHROUGH_CLUSTER, portRouteConfigName, virtualHostName } from "../names.js";
import { hashPolicyOf } from "./cluster-policy.js";
import { destinationRule, type IrContext } from "./context.js";
import { expandDelegates } from "./delegate.js";
import { trafficPolicyFor } from "./destination-rule.js";
import { defaultRetry, translateHttpRoute, type RouteEnv } from "./http-route.js";
import type { ConfigResource } from "./mesh-index.js";
import { listenAddresses, portClass, type PortEntry, type PortPlan } from "./outbound-ports.js";
import { winningVirtualService } from "./scope.js";
import type { ServiceView } from "./services.js";

type Obj = Record<string, any>;

/** Istio's virtual host domains for a registry service (7.2). */
export function serviceDomains(ctx: IrContext, svc: ServiceView, aliases: readonly ServiceView[]): string[] {
  const out: string[] = [];
  const forms = (s: ServiceView) => {
    const list = [s.host, `${s.host}.`];
    const tail = `.svc.${ctx.index.model.domainSuffix}`;
    if (s.source === "kubernetes" && s.host.endsWith(tail)) {
      const [name, ns] = s.host.slice(0, -tail.length).split(".");
      if (s.namespace === ctx.proxy.namespace) list.push(name!, `${name}.${ns}.svc`, `${name}.${ns}`);
      else list.push(`${name}.${ns}`, `${name}.${ns}.svc`);
    }
    return s.headless ? [...list, ...list.map((d) => `*.${d}`)] : list;
  };
  out.push(...forms(svc));
  for (const a of aliases) out.push(...forms(a));
  for (const a of svc.addresses) if (!a.includes("/") && a !== "0.0.0.0") out.push(a);
  return out;
}

/** The route translation environment of this proxy on a port (gateways: the server port and the gateway `ns/name`). */
export function routeEnv(ctx: IrContext, listenerPort: number, gateway?: string): RouteEnv {
  return {
    listenerPort,
    ...(gateway !== undefined ? { gateway } : {}),
    proxyNamespace: ctx.proxy.namespace,
    proxyLabels: ctx.proxy.labels,
    ...(ctx.mesh.defaultHttpRetryPolicy ? { meshDefaultRetry: ctx.mesh.defaultHttpRetryPolicy } : {}),
    destination(host, namespace, port, subset) {
      let fqdn = ctx.index.resolve(host, namespace);
      let svc = ctx.index.servicesByHost.get(fqdn)?.[0];
      if (svc?.resolution === "Alias" && svc.externalName) {
        const target = ctx.index.servicesByHost.get(svc.externalName)?.[0];
        if (target) {
          svc = target;
          fqdn = target.host;
        }
      }
      const p = port ?? (svc && svc.ports.length === 1 ? svc.ports[0]!.port : listenerPort);
      const dr = destinationRule(ctx, fqdn, svc?.namespace);
      const subsetSpec = subset ? dr?.subsets.find((s) => s.name === subset) : undefined;
      const hashPolicy = hashPolicyOf(trafficPolicyFor(dr, p, subsetSpec));
      return { cluster: outboundClusterName(p, subset, fqdn), port: p, host: fqdn, ...(hashPolicy ? { hashPolicy } : {}) };
    },
  };
}

function defaultRoute(ctx: IrContext, svc: ServiceView, port: number): RouteIR {
  const cluster = outboundClusterName(port, undefined, svc.host);
  const hashPolicy = hashPolicyOf(trafficPolicyFor(destinationRule(ctx, svc.host, svc.namespace), port));
  const retry = defaultRetry(hashPolicy !== undefined, ctx.mesh.defaultHttpRetryPolicy);
  return {
    name: "default",
    match: { path: { prefix: "/" }, caseSensitive: true },
    action: { kind: "forward", clusters: [{ name: cluster, weight: 100 }], timeout: "0s", ...(retry ? { retry } : {}), ...(hashPolicy ? { hashPolicy } : {}) },
    operation: `${svc.host}:${port}/*`,
  };
}

/** Routes of a VirtualService for one listener port (cached per VS and port by the caller). */
function virtualServiceRoutes(ctx: IrContext, vs: ConfigResource, port: number): RouteIR[] {
  const env = routeEnv(ctx, port);
  const routes: RouteIR[] = [];
  for (const http of expandDelegates(ctx.index, vs.namespace, (vs.spec.http ?? []) as Obj[])) {
    const t = translateHttpRoute(vs, http, env);
    routes.push(...t.routes);
    if (t.catchAll) break;
  }
  return routes;
}

/** Every outbound route configuration of the proxy. */
export function outboundRouteConfigs(ctx: IrContext, plan: PortPlan): RouteConfigIR[] {
  const out: RouteConfigIR[] = [];
  const aliasesOf = new Map<string, ServiceView[]>();
  for (const s of ctx.scope.services) {
    if (s.resolution === "Alias" && s.externalName) {
      const l = aliasesOf.get(s.externalName);
      if (l) l.push(s);
      else aliasesOf.set(s.externalName, [s]);
    }
  }
  const vsRoutes = new Map<string, RouteIR[]>();
  const routesOf = (vs: ConfigResource, port: number) => {
    const key = `${vs.namespace}/${vs.name}/${port}`;
    let r = vsRoutes.get(key);
    if (!r) vsRoutes.set(key, (r = virtualServiceRoutes(ctx, vs, port)));
    return r;
  };
  const vhostFor = (e: PortEntry, port: number): VirtualHostIR | undefined => {
    const vs = winningVirtualService(ctx.scope, e.svc.host);
    const routes = vs ? routesOf(vs, port) : [defaultRoute(ctx, e.svc, port)];
    if (routes.length === 0) return undefined;
    return { name: virtualHostName(e.svc.host, port), domains: serviceDomains(ctx, e.svc, aliasesOf.get(e.svc.host) ?? []), routes, includeRequestAttemptCount: true };
  };

  for (const [port, entries] of plan.ports) {
    const httpish = entries.filter((e) => portClass(e.port.protocol) !== "tcp");
    if (plan.httpRoutePorts.has(port)) {
      const vhosts: VirtualHostIR[] = [];
      const covered = new Set<string>();
      for (const e of httpish) {
        const vh = vhostFor(e, port);
        covered.add(e.svc.host);
        if (vh) vhosts.push(vh);
      }
      // VirtualService hosts that are not services of this port (port 80 only, and unmatched wildcards).
      const serviceHosts = new Set(entries.map((e) => e.svc.host));
      for (const vs of ctx.scope.virtualServices) {
        for (const h of vs.hosts) {
          if (serviceHosts.has(h) || covered.has(`vs:${h}`)) continue;
          if (h.startsWith("*")) {
            const attached = httpish.some((e) => winningVirtualService(ctx.scope, e.svc.host) === vs && hostCovers(h, e.svc.host));
            if (attached) continue;
          }
          if (port !== 80) continue;
          const routes = routesOf(vs, port);
          if (routes.length === 0) continue;
          covered.add(`vs:${h}`);
          vhosts.push({ name: virtualHostName(h, port), domains: [h], routes, includeRequestAttemptCount: true });
        }
      }
      vhosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      dedupeDomains(vhosts);
      vhosts.push(catchAll(ctx));
      out.push({ name: portRouteConfigName(port), virtualHosts: vhosts.filter((v) => v.domains.length > 0), ignorePortInHostMatching: true });
    }
    for (const e of httpish) {
      if (portClass(e.port.protocol) !== "auto") continue;
      if (listenAddresses(ctx, e).every((a) => a === "0.0.0.0")) continue;
      const vh = vhostFor(e, port);
      if (!vh) continue;
      out.push({ name: hostRouteConfigName(e.svc.host, port), virtualHosts: [{ ...vh, domains: ["*"] }], ignorePortInHostMatching: true });
    }
  }
  return out;
}

function dedupeDomains(vhosts: VirtualHostIR[]): void {
  const used = new Set<string>();
  for (const vh of vhosts) {
    vh.domains = vh.domains.filter((d) => {
      if (used.has(d)) return false;
      used.add(d);
      return true;
    });
  }
}

/** allow_any (PassthroughCluster), allow_any_dynamic_dns (AllowAnyDynamicDNSCluster) or block_all (502) catch-all virtual host. */
export function catchAll(ctx: IrContext): VirtualHostIR {
  if (ctx.mesh.outboundMode === "REGISTRY_ONLY") {
    return { name: BLOCK_ALL_VHOST, domains: ["*"], routes: [{ name: BLOCK_ALL_VHOST, match: { path: { prefix: "/" }, caseSensitive: true }, action: { kind: "direct", status: 502 } }] };
  }
  const [name, cluster] = ctx.mesh.outboundMode === "ALLOW_ANY_DYNAMIC_DNS" ? [ALLOW_ANY_DYNAMIC_DNS_VHOST, DYNAMIC_DNS_CLUSTER] : [ALLOW_ANY_VHOST, PASSTHROUGH_CLUSTER];
  return {
    name,
    domains: ["*"],
    routes: [{ name, match: { path: { prefix: "/" }, caseSensitive: true }, action: { kind: "forward", clusters: [{ name: cluster, weight: 100 }], timeout: "0s" } }],
    includeRequestAttemptCount: true,
  };
}
