/**
 * Gateway route configurations (pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig;
 * xds-mapping.md 8): for every server sharing a route name, the VirtualServices bound to its Gateway
 * whose hosts intersect the server's hosts, one virtual host `<host>:<serverPort>` per intersecting
 * host (routes of several VirtualServices appended, catch-alls last), `httpsRedirect` as require_tls,
 * identical virtual hosts collapsed, and `blackhole:<port>` when nothing is bound. Routes come from
 * the sidecar route translation (http-route.ts) with the gateway as the match context.
 */
import { hostCovers, isExportedTo } from "../../model/hosts.js";
import type { RouteConfigIR, RouteIR, VirtualHostIR } from "../ir.js";
import { gatewayBlackholeVirtualHost, virtualHostName } from "../names.js";
import type { IrContext } from "./context.js";
import { expandDelegates } from "./delegate.js";
import { isCatchAll, translateHttpRoute } from "./http-route.js";
import type { ConfigResource } from "./mesh-index.js";
import { routeEnv } from "./routes.js";
import type { PlannedServer, ServerHost } from "./gateway-servers.js";

type Obj = Record<string, any>;

/** VirtualServices bound to a Gateway and visible to the router's namespace, oldest first. */
export function boundVirtualServices(ctx: IrContext, gatewayKey: string): ConfigResource[] {
  const mesh = ctx.index.model.meshConfig;
  return (ctx.index.gatewayVirtualServices.get(gatewayKey) ?? []).filter((vs) => isExportedTo(vs.exportTo, vs.namespace, ctx.proxy.namespace, mesh.defaultVirtualServiceExportTo));
}

/**
 * Hosts of a VirtualService that a server serves: where one covers the other, the more specific of
 * the two (`*.example.com` server, `a.example.com` VirtualService → `a.example.com`). A server host
 * `ns/host` only admits VirtualServices of that namespace.
 */
export function intersectHosts(serverHosts: readonly ServerHost[], vs: ConfigResource): string[] {
  const out: string[] = [];
  for (const h of vs.hosts) {
    for (const s of serverHosts) {
      if (s.namespace !== "*" && s.namespace !== vs.namespace) continue;
      const hit = hostCovers(s.host, h) ? h : hostCovers(h, s.host) ? s.host : undefined;
      if (hit !== undefined && !out.includes(hit)) out.push(hit);
    }
  }
  return out;
}

/** Routes of a VirtualService for a gateway server port (cached per compile by the caller). */
function gatewayRoutes(ctx: IrContext, vs: ConfigResource, serverPort: number, gatewayKey: string): RouteIR[] {
  const env = routeEnv(ctx, serverPort, gatewayKey);
  const routes: RouteIR[] = [];
  for (const http of expandDelegates(ctx.index, vs.namespace, (vs.spec.http ?? []) as Obj[])) {
    const t = translateHttpRoute(vs, http, env);
    routes.push(...t.routes);
    if (t.catchAll) break;
  }
  return routes;
}

/** Appends routes keeping catch-all routes last (istio CombineVHostRoutes). */
function combineRoutes(a: RouteIR[], b: RouteIR[]): RouteIR[] {
  const all = [...a, ...b];
  return [...all.filter((r) => !isCatchAll(r.match)), ...all.filter((r) => isCatchAll(r.match))];
}

export type RouteCache = Map<string, RouteIR[]>;

/** The route configuration `name` shared by `servers` (all on one listener). */
export function gatewayRouteConfig(ctx: IrContext, name: string, servers: readonly PlannedServer[], cache: RouteCache = new Map()): RouteConfigIR {
  const byHost = new Map<string, VirtualHostIR>();
  for (const server of servers) {
    const redirect = server.spec.tls?.httpsRedirect === true;
    for (const vs of boundVirtualServices(ctx, server.gatewayKey)) {
      const hosts = intersectHosts(server.hosts, vs);
      if (hosts.length === 0) continue;
      const key = `${vs.namespace}/${vs.name}|${server.serverPort}|${server.gatewayKey}`;
      let routes = cache.get(key);
      if (!routes) cache.set(key, (routes = gatewayRoutes(ctx, vs, server.serverPort, server.gatewayKey)));
      if (routes.length === 0) continue;
      for (const host of hosts) {
        const vh = byHost.get(host);
        if (vh) {
          vh.routes = combineRoutes(vh.routes, routes);
          if (redirect) vh.requireTls = true;
        } else byHost.set(host, { name: virtualHostName(host, server.serverPort), domains: [host], routes, includeRequestAttemptCount: true, ...(redirect ? { requireTls: true } : {}) });
      }
    }
    if (redirect) {
      for (const h of server.hosts) {
        if (!byHost.has(h.host)) byHost.set(h.host, { name: virtualHostName(h.host, server.serverPort), domains: [h.host], routes: [], includeRequestAttemptCount: true, requireTls: true });
      }
    }
  }
  let virtualHosts = [...byHost.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (virtualHosts.length === 0) virtualHosts = [{ name: gatewayBlackholeVirtualHost(servers[0]!.serverPort), domains: ["*"], routes: [] }];
  else virtualHosts = collapse(virtualHosts);
  return { name, virtualHosts, ignorePortInHostMatching: true };
}

/**
 * Virtual hosts with identical routes (and TLS requirement) become one with several domains. Routes
 * are compared by identity: translated routes are shared per VirtualService, server port and
 * gateway, and routes of different VirtualServices differ anyway (their `config` metadata).
 */
function collapse(vhosts: VirtualHostIR[]): VirtualHostIR[] {
  const out: VirtualHostIR[] = [];
  const ids = new Map<RouteIR, number>();
  const id = (r: RouteIR) => {
    let n = ids.get(r);
    if (n === undefined) ids.set(r, (n = ids.size));
    return n;
  };
  const byRoutes = new Map<string, VirtualHostIR>();
  for (const vh of vhosts) {
    if (vh.routes.length === 0) {
      out.push(vh);
      continue;
    }
    const key = `${vh.requireTls === true}|${vh.routes.map(id).join(",")}`;
    const first = byRoutes.get(key);
    if (first) first.domains = [...first.domains, ...vh.domains];
    else {
      const copy = { ...vh, domains: [...vh.domains] };
      byRoutes.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}
