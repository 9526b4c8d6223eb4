/** Compiles YAML for the router `ingress.istio-system` (labels istio=ingressgateway, IP 10.0.0.2). */
import type { CompileResult } from "../../../src/compile/compile.js";
import { compileYaml, type CompileYamlOptions } from "../compile-helpers.js";

export function compileGateway(yaml: string, o: CompileYamlOptions = {}): CompileResult {
  return compileYaml(yaml, { ...o, proxy: { id: "ingress.istio-system", namespace: "istio-system", labels: { istio: "ingressgateway" }, ips: ["10.0.0.2"], serviceAccount: "ingress", type: "router", ...o.proxy } });
}

export const GATEWAY_SERVICE = `
apiVersion: v1
kind: Service
metadata: {name: ingress, namespace: istio-system}
spec:
  clusterIP: 10.96.0.2
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.10
  ports: [{name: http, port: 8000}, {name: tls, port: 8443}]
`;
