/**
 * meshc.ConflictingMtlsAnalyzer (MSH0001): a DestinationRule makes clients send plain text (DISABLE, or no
 * TLS with auto mTLS off) or TLS without an Istio client certificate (SIMPLE) to workloads whose
 * PeerAuthentication (mesh, namespace, workload or port level) is STRICT, so the server refuses them.
 * Istio's own check (IST0113) was retired. Workloads known not to run a proxy are skipped: no sidecar,
 * no enforcement (the false positive of istio/istio#19360).
 */
import { defineAnalyzer } from "../../define.js";
import type { MeshModel, Resource, Service } from "../../../model/mesh-model.js";
import { hostCovers } from "../../../model/hosts.js";
import { fullName } from "../../common/full-name.js";
import { meshMembership } from "../../common/in-mesh.js";
import { describePolicy, effectiveMtls, namespaceMtls, type EffectiveMtls } from "../../common/peer-authentication.js";
import { serviceWorkloads, targetPortOn } from "../../common/service-workloads.js";
import { tlsFor } from "../../common/destination-rule-tls.js";
import { selectorMatches, stringMap } from "../../common/selector.js";
import { WORKLOAD_INPUTS } from "./inputs.js";

type Obj = Record<string, any>;

/** What a client sends under this TLS mode, when that cannot satisfy STRICT; undefined when it can (or may). */
function refusedMode(mode: string | undefined, autoMtls: boolean): string | undefined {
  if (mode === "DISABLE" || mode === "SIMPLE") return mode;
  if (mode === undefined && !autoMtls) return "unset (auto mTLS is off, so plain text)";
  return undefined;
}

/** Services a DestinationRule host reaches: the exact host, or for a wildcard every covered host no exact rule claims. */
function servicesOf(model: MeshModel, host: string, exactHosts: ReadonlySet<string>): Service[] {
  if (!host.startsWith("*")) return [...model.servicesForHost(host)];
  const out: Service[] = [];
  for (const h of model.serviceHosts()) if (!exactHosts.has(h) && hostCovers(host, h)) out.push(...model.servicesForHost(h));
  return out;
}

interface Conflict {
  mode: string;
  path: (string | number)[];
  host: string;
  subset: string | undefined;
  ports: number[];
  policy: string;
  workload: string;
}

export default defineAnalyzer({
  meta: {
    name: "meshc.ConflictingMtlsAnalyzer",
    description: "Finds DestinationRules whose TLS setting cannot pass the STRICT mutual TLS their destination workloads require.",
    inputs: ["DestinationRule", "PeerAuthentication", "Service", "ServiceEntry", "Namespace", "MeshConfig", ...WORKLOAD_INPUTS],
    codes: ["MSH0001"],
  },
  run(ctx) {
    const model = ctx.model;
    const auto = model.meshConfig.enableAutoMtls !== false;
    const rules = model.list("DestinationRule");
    const exactHosts = new Set(rules.map((r) => model.resolveHost(String((r.object.spec as Obj | undefined)?.host ?? ""), r.namespace)).filter((h) => !h.startsWith("*")));
    for (const dr of rules) {
      const spec = (dr.object.spec ?? {}) as Obj;
      const host = model.resolveHost(String(spec.host ?? ""), dr.namespace);
      const subsets: (Obj | undefined)[] = [undefined, ...((Array.isArray(spec.subsets) ? spec.subsets : []) as Obj[]).filter((s) => s?.trafficPolicy)];
      const found = new Map<string, Conflict>();
      for (const svc of servicesOf(model, host, exactHosts)) {
        const workloads = serviceWorkloads(model, svc).filter((w) => meshMembership(model, w) !== "out");
        if (workloads.length === 0 && serviceWorkloads(model, svc).length > 0) continue; // every backend is known to run without a proxy
        for (const subset of subsets) {
          const name = subset ? String(subset.name ?? "") : undefined;
          const reached = subset ? workloads.filter((w) => selectorMatches(stringMap(subset.labels), w.labels)) : workloads;
          for (const port of svc.ports) {
            const choice = tlsFor(dr, port.port, name);
            if (subset && !choice.fromSubset) continue; // same as the rule-level check
            const mode = refusedMode(choice.mode, auto);
            if (!mode) continue;
            let strict: { e: EffectiveMtls; workload: string; target?: number } | undefined;
            if (reached.length > 0) {
              for (const w of reached) {
                const target = targetPortOn(port, w);
                const e = effectiveMtls(model, w.namespace, w.labels, target);
                if (e.mode === "STRICT") {
                  strict = { e, workload: `${w.kind} ${w.namespace}/${w.name}`, ...(target !== undefined ? { target } : {}) };
                  break;
                }
              }
            } else if (!subset && svc.source === "kubernetes" && serviceWorkloads(model, svc).length === 0) {
              // Backends unknown (not in the input): the namespace/mesh policy still tells what they require.
              const e = namespaceMtls(model, svc.namespace);
              if (e.mode === "STRICT") strict = { e, workload: `the workloads of ${fullName(svc.resource)}` };
            }
            if (!strict) continue;
            const policy = describePolicy(strict.e, strict.target);
            const key = `${svc.host}|${name ?? ""}|${mode}|${choice.path.join(".")}|${policy}`;
            const c = found.get(key);
            if (c) c.ports.push(port.port);
            else found.set(key, { mode, path: choice.path, host: svc.host, subset: name, ports: [port.port], policy, workload: strict.workload });
          }
        }
      }
      for (const c of found.values()) {
        const target = `${c.host} port ${c.ports.join(", ")}${c.subset !== undefined ? ` subset ${c.subset}` : ""}`;
        ctx.report("MSH0001", dr as Resource, [c.mode, target, c.policy, c.workload], { path: c.path });
      }
    }
  },
});
