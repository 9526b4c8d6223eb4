/**
 * Pieces shared by the built-in templates: proxy env, resources, volumes, canonical labels.
 * Our own expression of what Istio's injection templates produce (inject.md 8, 9).
 */
import { goJson } from "../go-format.js";
import { encodeStruct, type Json, type JsonObject } from "../k8s-codec.js";
import { proxyConfigJson, proxyMetadataOf } from "../proxy-config.js";
import { annotationOr, annotationsOf, firstNonEmpty, isObj, labelsOf, text, truthy, val, type TemplateData } from "../template-data.js";

export const fieldEnv = (name: string, fieldPath: string): JsonObject => ({ name, valueFrom: { fieldRef: { fieldPath } } });
export const resourceEnv = (name: string, resource: string): JsonObject => ({
  name,
  valueFrom: { resourceFieldRef: { resource, divisor: "1" } },
});
export const env = (name: string, value: string): JsonObject => ({ name, value });

/** pilot-agent's arguments for `proxy <type>` with the log settings every built-in template passes. */
export function agentArgs(d: TemplateData, type: "sidecar" | "router"): string[] {
  const m = d.meta;
  const values = d.values;
  const args = [
    "proxy", type, "--domain", `$(POD_NAMESPACE).svc.${text(val(values, "global.proxy.clusterDomain"))}`,
    `--proxyLogLevel=${annotationOr(m, "sidecar.istio.io/logLevel", val(values, "global.proxy.logLevel"))}`,
    `--proxyComponentLogLevel=${annotationOr(m, "sidecar.istio.io/componentLogLevel", val(values, "global.proxy.componentLogLevel"))}`,
    `--log_output_level=${annotationOr(m, "sidecar.istio.io/agentLogLevel", val(values, "global.logging.level"))}`,
  ];
  if (truthy(val(values, "global.sts.servicePort"))) args.push(`--stsPort=${text(val(values, "global.sts.servicePort"))}`);
  if (truthy(val(values, "global.logAsJson"))) args.push("--log_as_json");
  return args;
}

/** kubectl's default (logs) container annotations, naming the first app container unless the pod sets them. */
export function addDefaultContainerAnnotations(d: TemplateData, out: Record<string, string>): void {
  const apps = appContainers(d);
  if (apps.length === 0) return;
  const ann = annotationsOf(d.meta);
  if (!Object.prototype.hasOwnProperty.call(ann, "kubectl.kubernetes.io/default-logs-container")) out["kubectl.kubernetes.io/default-logs-container"] = apps[0]!;
  if (!Object.prototype.hasOwnProperty.call(ann, "kubectl.kubernetes.io/default-container")) out["kubectl.kubernetes.io/default-container"] = apps[0]!;
}

/** Names of the app containers (everything but istio-proxy). */
export function appContainers(d: TemplateData): string[] {
  const cs = Array.isArray(d.spec.containers) ? d.spec.containers : [];
  return cs.filter((c) => isObj(c) && c.name !== "istio-proxy").map((c) => text((c as JsonObject).name));
}

/** ISTIO_META_POD_PORTS value. */
export function podPortsJson(d: TemplateData): string {
  const lines = ["["];
  let first = true;
  for (const c of Array.isArray(d.spec.containers) ? d.spec.containers : []) {
    if (!isObj(c) || !Array.isArray(c.ports)) continue;
    for (const p of c.ports) {
      lines.push(`    ${first ? "" : ","}${goJson(encodeStruct(p, "c.ContainerPort", ""))}`);
      first = false;
    }
  }
  lines.push("]");
  return lines.join("\n");
}

export function caAddress(d: TemplateData): string {
  const ca = text(val(d.values, "global.caAddress"));
  if (ca !== "") return ca;
  const rev = text(val(d.values, "revision"));
  return `istiod${rev !== "" ? `-${rev}` : ""}.${text(val(d.values, "global.istioNamespace"))}.svc:15012`;
}

export function trustDomain(d: TemplateData): string {
  return firstNonEmpty(text(d.meshConfig.trustDomain), text(val(d.values, "global.trustDomain")));
}

/** Env entries after the interception mode (workload name ... proxy metadata), inject.md 8.4. */
export function identityEnv(d: TemplateData): JsonObject[] {
  const out: JsonObject[] = [];
  const labels = labelsOf(d.meta);
  const network = text(val(d.values, "global.network"));
  if (network !== "") out.push(env("ISTIO_META_NETWORK", network));
  const workload = firstNonEmpty(labels["service.istio.io/workload-name"], d.deploymentMeta.name);
  if (workload !== "") out.push(env("ISTIO_META_WORKLOAD_NAME", workload));
  if (d.typeMeta.apiVersion !== "" && d.deploymentMeta.name !== "") {
    out.push(
      env(
        "ISTIO_META_OWNER",
        `kubernetes://apis/${d.typeMeta.apiVersion}/namespaces/${d.deploymentMeta.namespace || "default"}/${d.typeMeta.kind.toLowerCase()}s/${d.deploymentMeta.name}`,
      ),
    );
  }
  return out;
}

export function meshIdEnv(d: TemplateData): JsonObject[] {
  const out: JsonObject[] = [];
  const td = trustDomain(d);
  const meshId = firstNonEmpty(text(val(d.values, "global.meshID")), td);
  if (meshId !== "") out.push(env("ISTIO_META_MESH_ID", meshId));
  if (td !== "") out.push(env("TRUST_DOMAIN", td));
  return out;
}

export function proxyMetadataEnv(d: TemplateData): JsonObject[] {
  const md = proxyMetadataOf(d.proxyConfig);
  return Object.keys(md)
    .sort()
    .map((k) => env(k, md[k]!));
}

export function proxyConfigEnv(d: TemplateData): JsonObject {
  return env("PROXY_CONFIG", proxyConfigJson(d.proxyConfig) + "\n");
}

/** The resources block (inject.md 8.6); undefined when there is none. */
export function proxyResources(d: TemplateData): JsonObject | undefined {
  const ann = annotationsOf(d.meta);
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(ann, k);
  const cpu = "sidecar.istio.io/proxyCPU";
  const mem = "sidecar.istio.io/proxyMemory";
  const cpuL = "sidecar.istio.io/proxyCPULimit";
  const memL = "sidecar.istio.io/proxyMemoryLimit";
  if (has(cpu) || has(mem) || has(cpuL) || has(memL)) {
    const out: JsonObject = {};
    if (has(cpu) || has(mem)) {
      const r: JsonObject = {};
      if (has(cpu)) r.cpu = ann[cpu]!;
      if (has(mem)) r.memory = ann[mem]!;
      out.requests = r;
    }
    if (has(cpuL) || has(memL)) {
      const l: JsonObject = {};
      if (has(cpuL)) l.cpu = ann[cpuL]!;
      if (has(memL)) l.memory = ann[memL]!;
      out.limits = l;
    }
    return out;
  }
  const res = val(d.values, "global.proxy.resources");
  if (!isObj(res)) return undefined;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(res)) {
    if (v === null) continue;
    if (isObj(v)) {
      const inner: JsonObject = {};
      for (const [k2, v2] of Object.entries(v)) if (v2 !== null) inner[k2] = v2;
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Canonical-name / canonical-revision label values (inject.md 8.1). */
export function canonicalLabels(d: TemplateData, truncate: boolean): { name: string; revision: string } {
  const labels = labelsOf(d.meta);
  let name = firstNonEmpty(labels["service.istio.io/canonical-name"], labels["app.kubernetes.io/name"], labels.app, d.deploymentMeta.name);
  if (truncate) name = [...name].slice(0, 63).join("").replace(/^[-_.]+/, "").replace(/[-_.]+$/, "");
  const revision = firstNonEmpty(labels["service.istio.io/canonical-revision"], labels["app.kubernetes.io/version"], labels.version, "latest");
  return { name, revision };
}

export function imagePullSecrets(d: TemplateData): JsonObject[] | undefined {
  const s = val(d.values, "global.imagePullSecrets");
  if (!Array.isArray(s) || s.length === 0) return undefined;
  return s.map((x) => ({ name: text(x) }));
}

export function seccomp(d: TemplateData): Json | undefined {
  const s = val(d.values, "global.proxy.seccompProfile");
  return truthy(s) ? s : undefined;
}

export function podinfoVolume(): JsonObject {
  return {
    name: "istio-podinfo",
    downwardAPI: {
      items: [
        { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
        { path: "annotations", fieldRef: { fieldPath: "metadata.annotations" } },
      ],
    },
  };
}

export function tokenVolume(d: TemplateData): JsonObject {
  return {
    name: "istio-token",
    projected: {
      sources: [{ serviceAccountToken: { path: "istio-token", expirationSeconds: 43200, audience: text(val(d.values, "global.sds.token.aud")) } }],
    },
  };
}

export function caCertVolume(d: TemplateData): JsonObject {
  const bundle = text(val(d.values, "global.trustBundleName"));
  if (text(val(d.values, "pilot.env.ENABLE_CLUSTER_TRUST_BUNDLE_API")) === "true") {
    return {
      name: "istiod-ca-cert",
      projected: { sources: [{ clusterTrustBundle: { name: `istio.io:istiod-ca:${bundle || "root-cert"}`, path: "root-cert.pem" } }] },
    };
  }
  return { name: "istiod-ca-cert", configMap: { name: bundle || "istio-ca-root-cert" } };
}

export function statusPortText(d: TemplateData): string {
  return annotationOr(d.meta, "status.sidecar.istio.io/port", val(d.values, "global.proxy.statusPort"));
}
