/** Model → IR for one sidecar proxy: scope, then clusters, routes, listeners, in istiod's order. */
import type { Diagnostic } from "../../diagnostic.js";
import type { MeshModel } from "../../model/mesh-model.js";
import type { ProxyIR } from "../ir.js";
import { isAgentSdsName } from "../names.js";
import type { CompileOptions } from "../options.js";
import { outboundClusters, specialClusters } from "./clusters.js";
import { newContext } from "./context.js";
import { inbound } from "./listeners-inbound.js";
import { outboundListeners, virtualOutboundListener } from "./listeners-outbound.js";
import { meshIndex } from "./mesh-index.js";
import { outboundPortPlan } from "./outbound-ports.js";
import { outboundRouteConfigs } from "./routes.js";
import { buildScope } from "./scope.js";

export function buildProxyIR(model: MeshModel, options: CompileOptions): { ir: ProxyIR; diagnostics: Diagnostic[] } {
  const index = meshIndex(model, options.configDomainSuffix ?? model.domainSuffix);
  const scope = buildScope(index, options.proxy);
  const ctx = newContext(index, options, scope);
  const plan = outboundPortPlan(ctx);
  const out = outboundClusters(ctx);
  const inb = inbound(ctx);
  const specials = specialClusters(ctx);
  const clusters = [...out.clusters, ...specials.outbound, ...inb.clusters, ...specials.inbound];
  const ir: ProxyIR = {
    proxy: { id: options.proxy.id, namespace: options.proxy.namespace, ips: options.proxy.ips, type: options.proxy.type },
    listeners: [...outboundListeners(ctx, plan), virtualOutboundListener(ctx), inb.listener],
    routeConfigs: outboundRouteConfigs(ctx, plan),
    clusters,
    endpoints: out.endpoints,
    secrets: [],
  };
  ir.secrets = referencedSecrets(ir);
  return { ir, diagnostics: ctx.diagnostics };
}

/** Every SDS name the IR refers to, sorted. */
export function referencedSecrets(ir: ProxyIR): string[] {
  const names = new Set<string>();
  for (const l of ir.listeners) for (const c of [...l.chains, ...(l.defaultChain ? [l.defaultChain] : [])]) {
    if (c.tls) {
      // A certificate from an external SDS server is not served over sds-grpc nor pushed by istiod.
      if (!c.tls.sdsCluster) names.add(c.tls.certificate);
      if (c.tls.validation) names.add(c.tls.validation);
    }
  }
  for (const c of ir.clusters) {
    const t = c.tls;
    if (!t) continue;
    if (t.mode === "istio") {
      names.add("default");
      names.add("ROOTCA");
    } else {
      if (t.caSecret) names.add(t.caSecret);
      if (t.certSecret) names.add(t.certSecret);
    }
  }
  return [...names].sort((a, b) => Number(isAgentSdsName(b)) - Number(isAgentSdsName(a)) || (a < b ? -1 : a > b ? 1 : 0));
}
