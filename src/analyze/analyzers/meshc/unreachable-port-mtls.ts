/**
 * meshc.UnreachablePortMtlsAnalyzer (MSH0002): a workload PeerAuthentication whose portLevelMtls sets a
 * port to a mode clients cannot meet. Clients pick mTLS or plain text by auto mTLS, which only looks at
 * the namespace/mesh policy (Istio's BestEffortInferServiceMTLSMode ignores workload and port policies):
 * a DISABLE port then receives mTLS it cannot read, a STRICT port under a DISABLE namespace receives plain
 * text it refuses. Quiet when a DestinationRule sets the matching TLS mode for that port, or when every
 * selected workload is known to run without a proxy.
 */
import { defineAnalyzer } from "../../define.js";
import type { MeshModel, Resource, Service } from "../../../model/mesh-model.js";
import { fullName } from "../../common/full-name.js";
import { meshMembership } from "../../common/in-mesh.js";
import { declaredMode, hasSelector, namespaceMtls, policySelector } from "../../common/peer-authentication.js";
import { serviceWorkloads, targetPortOn } from "../../common/service-workloads.js";
import { tlsFor } from "../../common/destination-rule-tls.js";
import { selectorMatches } from "../../common/selector.js";
import { WORKLOAD_INPUTS } from "./inputs.js";

type Obj = Record<string, any>;

/** Service ports (with their service) that land on container port `target` of the selected workloads. */
function servicePortsFor(model: MeshModel, pa: Resource, target: number): { svc: Service; port: number }[] {
  const selector = policySelector(pa);
  const out: { svc: Service; port: number }[] = [];
  for (const svc of model.servicesInNamespace(pa.namespace ?? "")) {
    const backends = serviceWorkloads(model, svc).filter((w) => selectorMatches(selector, w.labels));
    if (backends.length === 0) continue;
    for (const p of svc.ports) if (backends.some((w) => targetPortOn(p, w) === target)) out.push({ svc, port: p.port });
  }
  return out;
}

/** DestinationRules by resolved host. */
function rulesByHost(model: MeshModel): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const dr of model.list("DestinationRule")) {
    const host = model.resolveHost(String((dr.object.spec as Obj | undefined)?.host ?? ""), dr.namespace);
    const list = out.get(host);
    if (list) list.push(dr);
    else out.set(host, [dr]);
  }
  return out;
}

/** Whether some DestinationRule for one of these service ports makes clients send what the port accepts. */
function fixedByDestinationRule(rules: ReadonlyMap<string, readonly Resource[]>, ports: { svc: Service; port: number }[], accepted: (mode: string | undefined) => boolean): boolean {
  return ports.some(({ svc, port }) => (rules.get(svc.host) ?? []).some((dr) => accepted(tlsFor(dr, port).mode)));
}

export default defineAnalyzer({
  meta: {
    name: "meshc.UnreachablePortMtlsAnalyzer",
    description: "Finds PeerAuthentication port-level modes that clients using automatic mutual TLS cannot reach.",
    inputs: ["PeerAuthentication", "DestinationRule", "Service", "ServiceEntry", "Namespace", "MeshConfig", ...WORKLOAD_INPUTS],
    codes: ["MSH0002"],
  },
  run(ctx) {
    const model = ctx.model;
    const auto = model.meshConfig.enableAutoMtls !== false;
    let rules: Map<string, Resource[]> | undefined;
    for (const pa of model.list("PeerAuthentication")) {
      const spec = (pa.object.spec ?? {}) as Obj;
      const ports = spec.portLevelMtls;
      if (!hasSelector(pa) || !ports || typeof ports !== "object") continue;
      const selected = model.selectWorkloads(pa.namespace ?? "", policySelector(pa));
      if (selected.length > 0 && selected.every((w) => meshMembership(model, w) === "out")) continue;
      const inherited = namespaceMtls(model, pa.namespace);
      const workloadMode = declaredMode(spec.mtls?.mode) ?? inherited.mode;
      const clientsSendMtls = auto && inherited.mode !== "DISABLE";
      const why = !auto ? "auto mTLS is off" : `auto mTLS follows the ${inherited.policy ? `${inherited.level} mode ${inherited.mode} of PeerAuthentication ${fullName(inherited.policy)}` : "default mode PERMISSIVE"}`;
      for (const [key, value] of Object.entries(ports as Obj)) {
        const portMode = declaredMode((value as Obj | null)?.mode);
        const port = Number(key);
        if (!portMode || portMode === workloadMode || !Number.isInteger(port)) continue;
        let consequence: string | undefined;
        const reaching = servicePortsFor(model, pa, port);
        if (portMode === "DISABLE" && clientsSendMtls) {
          if (fixedByDestinationRule((rules ??= rulesByHost(model)), reaching, (m) => m === "DISABLE")) continue;
          consequence = `clients send mutual TLS to it (${why}) and the port only reads plain text, so requests fail; set tls mode DISABLE for this port in a DestinationRule portLevelSettings`;
        } else if (portMode === "STRICT" && !clientsSendMtls) {
          if (fixedByDestinationRule((rules ??= rulesByHost(model)), reaching, (m) => m === "ISTIO_MUTUAL")) continue;
          consequence = `clients send plain text to it (${why}) and the port refuses it, so requests fail; set tls mode ISTIO_MUTUAL for this port in a DestinationRule portLevelSettings`;
        }
        if (!consequence) continue;
        ctx.report("MSH0002", pa, [port, fullName(pa), portMode, workloadMode, consequence], { path: ["spec", "portLevelMtls", key, "mode"] });
      }
    }
  },
});
