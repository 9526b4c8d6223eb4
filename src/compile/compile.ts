/**
 * The compiler's entry: model + options → the Envoy configuration istiod would send one sidecar.
 *
 *   const { xds, bootstrap, diagnostics } = compileProxy(model, compileOptionsFor(model, workload));
 *   simulate(xds, applyCallDefaults({ port: 9080, protocol: "http", hostHeader: "posts" }));
 *
 * User mistakes become diagnostics (translation is best effort); references that do not resolve
 * (a route to a cluster that is not emitted...) are reported as diagnostics with code
 * `MSH-compile-reference`. Router proxies (gateways: a workload running `proxy router`, see
 * bootstrapInputForWorkload / nodeTypeOf) compile through to-ir/gateway-proxy.ts.
 */
import type { Diagnostic } from "../diagnostic.js";
import type { MeshModel, Workload } from "../model/mesh-model.js";
import type { Bootstrap, Cluster, Secret } from "./envoy/index.js";
import type { ProxyIR } from "./ir.js";
import type { CompileOptions } from "./options.js";
import type { XdsSnapshot } from "./simulate/types.js";
import { checkConsistency } from "./consistency.js";
import { buildBootstrap } from "./to-xds/bootstrap.js";
import { bootstrapInputForWorkload } from "./to-xds/bootstrap-workload.js";
import { buildGatewayIR } from "./to-ir/gateway-proxy.js";
import { buildProxyIR } from "./to-ir/proxy.js";
import { toXds } from "./to-xds/xds.js";
import type { XdsOptions } from "./to-xds/xds-options.js";
import { buildAuthzFilters, buildJwtFilter, securityHttpFilters } from "./security/index.js";
import { buildTelemetry } from "./telemetry/index.js";

export interface CompileResult {
  ir: ProxyIR;
  xds: XdsSnapshot;
  /** The bootstrap for the workload (when compiled for a workload of the model). */
  bootstrap?: Bootstrap;
  /** Secrets istiod would push (none inlined: SDS references only). */
  secrets: Secret[];
  diagnostics: Diagnostic[];
}

export function compileProxy(model: MeshModel, options: CompileOptions, workload?: Workload): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const { ir, diagnostics: irDiags } = options.proxy.type === "router" ? buildGatewayIR(model, options) : buildProxyIR(model, options);
  diagnostics.push(...irDiags);
  for (const p of checkConsistency(ir)) diagnostics.push({ code: "MSH-compile-reference", level: "Error", message: `${p.referencedBy} refers to ${p.kind.replace(/-/g, " ")} "${p.name}"` });
  const policy = proxyPolicy(model, options);
  diagnostics.push(...policy.diagnostics);
  const xds = toXds(ir, {
    flavor: options.flavor,
    metadataExchange: options.features.metadataExchange,
    alpnFilter: options.features.alpnFilter,
    stats: options.stats ?? (options.flavor === "istio" && hasPrometheus(model)),
    security: policy.security,
    telemetry: policy.telemetry,
    ...(options.proxy.type === "router" ? { router: true } : {}),
  });
  const known = new Set(xds.clusters.map((c) => c.name));
  for (const c of policy.jwtClusters) if (!known.has(c.name)) (known.add(c.name), xds.clusters.push(c));
  const result: CompileResult = { ir, xds, secrets: [], diagnostics };
  if (workload) result.bootstrap = buildBootstrap(bootstrapInputForWorkload(model, workload, { ip: options.proxy.ips[0]!, ...(options.proxy.istioVersion ? { istioVersion: options.proxy.istioVersion } : {}) }).input);
  return result;
}

/**
 * The proxy's security and telemetry, built once: AuthorizationPolicy (HTTP and TCP RBAC, CUSTOM
 * ext_authz), RequestAuthentication (jwt_authn) and Telemetry / mesh access logs and tracing.
 * Sidecars: inbound chains get the security filters; gateways: all their chains (network RBAC before
 * tcp_proxy on TCP / TLS passthrough chains, as istiod's gateway listener builder does).
 */
function proxyPolicy(model: MeshModel, options: CompileOptions): { security: NonNullable<XdsOptions["security"]>; telemetry: NonNullable<XdsOptions["telemetry"]>; jwtClusters: Cluster[]; diagnostics: Diagnostic[] } {
  const p = options.proxy;
  const gateway = p.type === "router";
  const target = { namespace: p.namespace, labels: p.labels, name: p.workloadName ?? p.id.split(".")[0]! };
  const mesh = model.meshConfig as { trustDomain?: string; trustDomainAliases?: unknown; connectTimeout?: unknown };
  const aliases = Array.isArray(mesh.trustDomainAliases) ? mesh.trustDomainAliases.map(String) : [];
  const authzOptions = { trustDomain: mesh.trustDomain ?? "cluster.local", ...(aliases.length > 0 ? { aliases } : {}), flavor: options.flavor };
  const http = buildAuthzFilters(model, target, { ...authzOptions, tcp: false });
  const network = buildAuthzFilters(model, target, { ...authzOptions, tcp: true });
  const jwt = buildJwtFilter(model, target, { ...(gateway ? { gateway: true } : {}), ...(typeof mesh.connectTimeout === "string" ? { connectTimeout: mesh.connectTimeout } : {}) });
  const inbound = gateway ? undefined : buildTelemetry(model, target, { direction: "inbound" });
  const outbound = buildTelemetry(model, target, { direction: "outbound" });
  // Network authz diagnostics repeat the HTTP ones for the same policies; keep those unique to TCP.
  const seen = new Set(http.diagnostics.map((d) => JSON.stringify(d)));
  const diagnostics = [...http.diagnostics, ...network.diagnostics.filter((d) => !seen.has(JSON.stringify(d))), ...jwt.diagnostics, ...(inbound?.diagnostics ?? []), ...outbound.diagnostics];
  const unique = [...new Map(diagnostics.map((d) => [JSON.stringify(d), d])).values()];
  return {
    security: { http: securityHttpFilters(http, jwt.filter), network: network.network },
    telemetry: { ...(inbound ? { inbound } : {}), outbound },
    jwtClusters: jwt.clusters,
    diagnostics: unique,
  };
}

function hasPrometheus(model: MeshModel): boolean {
  const metrics = (model.meshConfig.defaultProviders as { metrics?: unknown }).metrics;
  return Array.isArray(metrics) && metrics.includes("prometheus");
}
