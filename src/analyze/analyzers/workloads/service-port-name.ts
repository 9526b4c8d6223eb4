/** service.PortNameAnalyzer: Service ports whose protocol Istio cannot tell from their name or appProtocol. */
import { parseProtocol, type Protocol } from "../../../model/protocol.js";
import { defineAnalyzer } from "../../define.js";
import { isControlPlane } from "../../common/in-mesh.js";

type Obj = Record<string, any>;

const MANAGED_GATEWAYS = new Set(["istio.io-gateway-controller", "istio.io-mesh-controller", "istio.io-eastwest-controller"]);
const APP_PROTOCOLS: Record<string, Protocol> = { "kubernetes.io/h2c": "HTTP2", "kubernetes.io/ws": "HTTP", "kubernetes.io/wss": "HTTPS" };
/** Ports taken as TCP when their name says nothing. */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

/** Istio's protocol for a Service port: UDP, then appProtocol (or the name) by its prefix before `-`. */
function portProtocol(port: Obj): Protocol {
  if (port.protocol === "UDP") return "UDP";
  let name = String(port.name ?? "");
  if (typeof port.appProtocol === "string") {
    name = port.appProtocol;
    const mapped = APP_PROTOCOLS[name];
    if (mapped) return mapped;
  }
  if (name.toLowerCase().startsWith("grpc-web")) return "GRPC-Web";
  const p = parseProtocol(name.split("-")[0]);
  return p === "UnsupportedProtocol" && WELL_KNOWN_TCP_PORTS.has(port.port) ? "TCP" : p;
}

/** The targetPort as Kubernetes prints an IntOrString (`0` when unset). */
const targetPortText = (t: unknown): string => (t === undefined || t === null ? "0" : String(t));

export default defineAnalyzer({
  meta: {
    name: "service.PortNameAnalyzer",
    description: "Reports Service ports whose name (or appProtocol) does not tell Istio the protocol, so traffic is treated as plain TCP.",
    inputs: ["Service"],
    codes: ["IST0118", "IST0150"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    for (const svc of ctx.model.list("Service")) {
      const labels = svc.object.metadata.labels ?? {};
      if (isControlPlane(labels) || MANAGED_GATEWAYS.has(labels["gateway.istio.io/managed"] ?? "")) continue;
      const spec = (svc.object.spec ?? {}) as Obj;
      const externalName = spec.type === "ExternalName";
      const ports = Array.isArray(spec.ports) ? (spec.ports as Obj[]) : [];
      ports.forEach((port, i) => {
        if (portProtocol(port) !== "UnsupportedProtocol" && !(externalName && port.name === "tcp")) return;
        const path = ["spec", "ports", i, "port"];
        if (externalName) ctx.report("IST0150", svc, [], { path });
        else ctx.report("IST0118", svc, [port.name ?? "", port.port ?? 0, targetPortText(port.targetPort)], { path });
      });
    }
  },
});
