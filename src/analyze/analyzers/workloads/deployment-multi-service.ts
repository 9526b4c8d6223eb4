/** deployment.MultiServiceAnalyzer: a meshed Deployment behind Services that disagree on a port's protocol or target. */
import { defineAnalyzer } from "../../define.js";
import { SelectorIndex, type Labels } from "../../../model/label-index.js";
import { fullName } from "../../common/full-name.js";
import { inMesh } from "../../common/in-mesh.js";

type Obj = Record<string, any>;

/** A Service selects the pod labels when its selector is non-empty and each value equals the label (as a string). */
function selects(selector: Labels, podLabels: Labels): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => podLabels[k] === String(selector[k]));
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

export default defineAnalyzer({
  meta: {
    name: "deployment.MultiServiceAnalyzer",
    description: "Warns when the Services selecting a meshed Deployment expose one port with different protocols, or one target port under different port numbers.",
    inputs: ["Service", "Deployment", "Namespace"],
    codes: ["IST0116", "IST0137"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    const services = new SelectorIndex(model.list("Service"), (s) => ((s.object.spec as Obj | undefined)?.selector ?? {}) as Labels, selects, (s) => s.namespace ?? "");
    for (const d of model.list("Deployment")) {
      if (d.object.metadata.labels?.["gateway.istio.io/managed"] === "istio.io-mesh-controller") continue;
      const template = ((d.object.spec as Obj | undefined)?.template ?? {}) as Obj;
      const podLabels = (template.metadata?.labels ?? {}) as Record<string, string>;
      const shape = { namespace: d.namespace, labels: podLabels, annotations: template.metadata?.annotations ?? {}, spec: template.spec };
      if (!inMesh(model, shape, { withInitContainers: false })) continue;

      const selecting = services.selecting(podLabels, d.namespace ?? "");

      // port → protocol → service names; targetPort → port → service name
      const protocols = new Map<number, Map<string, string[]>>();
      const targets = new Map<string, Map<number, string>>();
      for (const s of selecting) {
        const ports = (s.object.spec as Obj | undefined)?.ports;
        for (const p of Array.isArray(ports) ? (ports as Obj[]) : []) {
          if (!protocols.has(p.port)) protocols.set(p.port, new Map());
          push(protocols.get(p.port)!, p.protocol || "TCP", fullName(s));
          let target = p.targetPort === undefined || p.targetPort === null ? "" : String(p.targetPort);
          if (target === "" || target === "0") target = String(p.port);
          if (!targets.has(target)) targets.set(target, new Map());
          targets.get(target)!.set(p.port, fullName(s));
        }
      }
      const path = ["metadata", "name"];
      for (const [port, byProtocol] of protocols) {
        if (byProtocol.size < 2) continue;
        ctx.report("IST0116", d, [d.name, port, [...byProtocol.values()].flat().sort(byteOrder)], { path });
      }
      for (const [target, byPort] of targets) {
        if (byPort.size < 2) continue;
        ctx.report("IST0137", d, [d.name, [...byPort.values()].sort(byteOrder), target, [...byPort.keys()].sort((a, b) => a - b)], { path });
      }
    }
  },
});
