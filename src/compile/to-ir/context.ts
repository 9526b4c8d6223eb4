/**
 * What the model → IR stage of one proxy shares: the indexes, the options, the proxy's scope, the
 * mesh settings it reads (with Istio's defaults), and the diagnostics it collects. Built by
 * buildProxyIR; passed to each to-ir step (a small record, not a god object: no behaviour).
 */
import type { Diagnostic } from "../../diagnostic.js";
import { locate } from "../../sources/source.js";
import type { DynamicDnsIR } from "../ir.js";
import { DYNAMIC_DNS_CACHE } from "../names.js";
import type { CompileOptions, ProxyIdentity } from "../options.js";
import { destinationRuleFor, type MergedDestinationRule } from "./destination-rule.js";
import { workloadsByIp, type EndpointSource, type ServiceEndpoint, serviceEndpoints } from "./endpoints.js";
import type { MeshIndex } from "./mesh-index.js";
import type { ProxyScope } from "./scope.js";
import type { ServicePortView, ServiceView } from "./services.js";
import type { Resource as ModelResource } from "../../model/mesh-model.js";

export type OutboundMode = "ALLOW_ANY" | "REGISTRY_ONLY" | "ALLOW_ANY_DYNAMIC_DNS";

export interface MeshSettings {
  connectTimeout: string;
  protocolDetectionTimeout: string;
  outboundMode: OutboundMode;
  enableAutoMtls: boolean;
  trustDomain: string;
  rootNamespace: string;
  dnsRefreshRate: string;
  inboundPassthrough: boolean;
  /** Mesh `defaultHttpRetryPolicy` (HTTPRetry), replacing Istio's default retry policy. */
  defaultHttpRetryPolicy?: Obj;
  /** Mesh `defaultTrafficPolicy`: fills connectionPool / outlierDetection a DestinationRule leaves unset. */
  defaultTrafficPolicy?: Obj;
  /** Mesh `tlsDefaults` (ecdhCurves, cipherSuites) for DestinationRule SIMPLE/MUTUAL TLS. */
  tlsDefaults?: { ecdhCurves?: string[]; cipherSuites?: string[] };
}

export interface IrContext {
  index: MeshIndex;
  options: CompileOptions;
  proxy: ProxyIdentity;
  scope: ProxyScope;
  mesh: MeshSettings;
  diagnostics: Diagnostic[];
  endpoints: EndpointSource;
  /** Per-compile caches. */
  drCache: Map<string, MergedDestinationRule | undefined>;
  endpointCache: Map<string, ServiceEndpoint[]>;
}

type Obj = Record<string, any>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function meshSettings(meshConfig: Obj, sidecarOutbound: string | undefined): MeshSettings {
  const mode = (sidecarOutbound ?? meshConfig.outboundTrafficPolicy?.mode ?? "ALLOW_ANY") as OutboundMode;
  return {
    connectTimeout: typeof meshConfig.connectTimeout === "string" ? meshConfig.connectTimeout : "10s",
    protocolDetectionTimeout: typeof meshConfig.protocolDetectionTimeout === "string" ? meshConfig.protocolDetectionTimeout : "0s",
    outboundMode: mode === "REGISTRY_ONLY" || mode === "ALLOW_ANY_DYNAMIC_DNS" ? mode : "ALLOW_ANY",
    enableAutoMtls: meshConfig.enableAutoMtls !== false,
    trustDomain: typeof meshConfig.trustDomain === "string" ? meshConfig.trustDomain : "cluster.local",
    rootNamespace: typeof meshConfig.rootNamespace === "string" ? meshConfig.rootNamespace : "istio-system",
    dnsRefreshRate: typeof meshConfig.dnsRefreshRate === "string" ? meshConfig.dnsRefreshRate : "60s",
    inboundPassthrough: meshConfig.inboundTrafficPolicy?.mode !== "LOCALHOST",
    ...(isObj(meshConfig.defaultHttpRetryPolicy) ? { defaultHttpRetryPolicy: meshConfig.defaultHttpRetryPolicy } : {}),
    ...(isObj(meshConfig.defaultTrafficPolicy) ? { defaultTrafficPolicy: meshConfig.defaultTrafficPolicy } : {}),
    ...(isObj(meshConfig.tlsDefaults) ? { tlsDefaults: meshConfig.tlsDefaults } : {}),
  };
}

export function newContext(index: MeshIndex, options: CompileOptions, scope: ProxyScope): IrContext {
  return {
    index,
    options,
    proxy: options.proxy,
    scope,
    mesh: meshSettings(index.model.meshConfig as Obj, scope.outboundTrafficPolicy),
    diagnostics: [],
    endpoints: { index, workloadsByIp: workloadsByIp(index), clusterId: options.proxy.metadata?.CLUSTER_ID ?? "Kubernetes" },
    drCache: new Map(),
    endpointCache: new Map(),
  };
}

export function destinationRule(ctx: IrContext, host: string, serviceNamespace: string | undefined): MergedDestinationRule | undefined {
  const key = `${host}/${serviceNamespace ?? ""}`;
  if (ctx.drCache.has(key)) return ctx.drCache.get(key);
  const dr = destinationRuleFor(ctx.index, ctx.proxy, host, serviceNamespace);
  ctx.drCache.set(key, dr);
  return dr;
}

export function endpointsOf(ctx: IrContext, svc: ServiceView, port: ServicePortView): ServiceEndpoint[] {
  const key = `${svc.namespace}/${svc.host}/${port.port}`;
  let eps = ctx.endpointCache.get(key);
  if (!eps) ctx.endpointCache.set(key, (eps = serviceEndpoints(ctx.endpoints, svc, port)));
  return eps;
}

/** DNS lookups of the proxy are IPv4-only unless every proxy address is IPv6 (V4_ONLY for IPv4 pods). */
export function dnsV4Only(ctx: IrContext): boolean {
  return !ctx.proxy.ips.every((ip) => ip.includes(":"));
}

/** The dynamic forward proxy DNS cache in ALLOW_ANY_DYNAMIC_DNS mode, else undefined. */
export function dynamicDns(ctx: IrContext): DynamicDnsIR | undefined {
  return ctx.mesh.outboundMode === "ALLOW_ANY_DYNAMIC_DNS" ? { cacheName: DYNAMIC_DNS_CACHE, v4Only: dnsV4Only(ctx) } : undefined;
}

/** Records a user mistake (translation continues). */
export function report(ctx: IrContext, res: ModelResource | undefined, code: string, message: string, path?: string): void {
  const d: Diagnostic = { code, level: "Warning", message };
  if (res) {
    d.resource = { kind: res.kind, ...(res.namespace ? { namespace: res.namespace } : {}), name: res.name };
    d.origin = locate(res.origin);
  }
  if (path) d.path = path;
  ctx.diagnostics.push(d);
}

/** `spiffe://<trust domain>/ns/<ns>/sa/<sa>` */
export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}
