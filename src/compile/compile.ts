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
import type { Bootstrap, Secret } from "./envoy/index.js";
import type { ProxyIR } from "./ir.js";
import type { CompileOptions } from "./options.js";
import type { XdsSnapshot } from "./simulate/types.js";
import { checkConsistency } from "./consistency.js";
import { buildBootstrap } from "./to-xds/bootstrap.js";
import { bootstrapInputForWorkload } from "./to-xds/bootstrap-workload.js";
import { buildGatewayIR } from "./to-ir/gateway-proxy.js";
import { buildProxyIR } from "./to-ir/proxy.js";
import { toXds } from "./to-xds/xds.js";

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
  const xds = toXds(ir, {
    flavor: options.flavor,
    metadataExchange: options.features.metadataExchange,
    alpnFilter: options.features.alpnFilter,
    stats: options.stats ?? (options.flavor === "istio" && hasPrometheus(model)),
  });
  const result: CompileResult = { ir, xds, secrets: [], diagnostics };
  if (workload) result.bootstrap = buildBootstrap(bootstrapInputForWorkload(model, workload, { ip: options.proxy.ips[0]!, ...(options.proxy.istioVersion ? { istioVersion: options.proxy.istioVersion } : {}) }).input);
  return result;
}

function hasPrometheus(model: MeshModel): boolean {
  const metrics = (model.meshConfig.defaultProviders as { metrics?: unknown }).metrics;
  return Array.isArray(metrics) && metrics.includes("prometheus");
}
