/**
 * Shared by the compiler's unit tests: compile a YAML snippet for a proxy described inline (no
 * workload needed), and look up what came out, in the IR and in the Envoy resources.
 */
import { compileProxy, type CompileResult } from "../../src/compile/compile.js";
import type { ClusterIR, ListenerIR, RouteConfigIR, RouteIR, VirtualHostIR } from "../../src/compile/ir.js";
import { DEFAULT_FEATURES, type CompileOptions, type ProxyIdentity } from "../../src/compile/options.js";
import { applyMeshConfig, defaultMeshConfig } from "../../src/model/mesh-config.js";
import { buildModel, type MeshModel } from "../../src/model/mesh-model.js";
import { parseSourceText } from "../../src/sources/documents.js";

export interface CompileYamlOptions {
  proxy?: Partial<ProxyIdentity>;
  mesh?: Record<string, unknown>;
  features?: Partial<CompileOptions["features"]>;
  flavor?: CompileOptions["flavor"];
}

export function modelOf(yaml: string, mesh: Record<string, unknown> = {}): MeshModel {
  const { resources, diagnostics } = parseSourceText("test.yaml", yaml);
  const errors = diagnostics.filter((d) => d.level === "Error");
  if (errors.length > 0) throw new Error(`bad test YAML: ${errors.map((d) => d.message).join("; ")}`);
  return buildModel(resources, { meshConfig: applyMeshConfig(defaultMeshConfig(), mesh) });
}

/** Compiles `yaml` for a sidecar (default: `app.default`, IP 10.0.0.9, labels {app: client}). */
export function compileYaml(yaml: string, o: CompileYamlOptions = {}): CompileResult {
  const model = modelOf(yaml, o.mesh);
  const proxy: ProxyIdentity = { id: "client.default", namespace: "default", labels: { app: "client" }, ips: ["10.0.0.9"], serviceAccount: "client", type: "sidecar", ...o.proxy };
  return compileProxy(model, { proxy, flavor: o.flavor ?? "stock", features: { ...DEFAULT_FEATURES, ...o.features }, configDomainSuffix: model.domainSuffix });
}

export function cluster(r: CompileResult, name: string): ClusterIR {
  const c = r.ir.clusters.find((x) => x.name === name);
  if (!c) throw new Error(`no cluster ${name}; have ${r.ir.clusters.map((x) => x.name).join(", ")}`);
  return c;
}

export function routeConfig(r: CompileResult, name: string): RouteConfigIR {
  const rc = r.ir.routeConfigs.find((x) => x.name === name);
  if (!rc) throw new Error(`no route configuration ${name}; have ${r.ir.routeConfigs.map((x) => x.name).join(", ")}`);
  return rc;
}

export function virtualHost(r: CompileResult, rc: string, name: string): VirtualHostIR {
  const vh = routeConfig(r, rc).virtualHosts.find((x) => x.name === name);
  if (!vh) throw new Error(`no virtual host ${name} in ${rc}; have ${routeConfig(r, rc).virtualHosts.map((x) => x.name).join(", ")}`);
  return vh;
}

export function routes(r: CompileResult, rc: string, vhost: string): RouteIR[] {
  return virtualHost(r, rc, vhost).routes;
}

export function listener(r: CompileResult, name: string): ListenerIR {
  const l = r.ir.listeners.find((x) => x.name === name);
  if (!l) throw new Error(`no listener ${name}; have ${r.ir.listeners.map((x) => x.name).join(", ")}`);
  return l;
}

/** A Kubernetes Service (+ an EndpointSlice with `ips`, labelled per ip) in YAML. */
export function service(name: string, ns: string, ports: { name: string; port: number; targetPort?: number }[], opts: { clusterIP?: string; endpoints?: { ip: string; labels?: Record<string, string> }[]; selector?: Record<string, string> } = {}): string {
  const portsYaml = ports.map((p) => `  - name: ${p.name}\n    port: ${p.port}\n    targetPort: ${p.targetPort ?? p.port}`).join("\n");
  let out = `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  clusterIP: ${opts.clusterIP ?? "10.96.0." + (10 + (hash(name + ns) % 200))}
  selector: ${JSON.stringify(opts.selector ?? { app: name })}
  ports:
${portsYaml}
`;
  for (const [i, e] of (opts.endpoints ?? []).entries()) {
    out += `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}-${i}, namespace: ${ns}, labels: ${JSON.stringify({ app: name, ...e.labels })}}
spec: {serviceAccountName: ${name}, containers: [{name: app, image: app}]}
status: {podIP: ${e.ip}}
`;
  }
  return out;
}

function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

/** Every `@type` and TypedStruct `type_url` in a JSON value, in document order. */
export function typeUrls(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) typeUrls(x, out);
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if ((k === "@type" || k === "type_url") && typeof x === "string") out.push(x);
      else typeUrls(x, out);
    }
  }
  return out;
}
