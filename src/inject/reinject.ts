/**
 * `force` re-injection: remove everything a previous injection added so the workload can be
 * injected afresh without duplicated containers or volumes, restoring the application's original
 * probes from the old ISTIO_KUBE_APP_PROBERS and user containers from proxy.istio.io/overrides.
 */
import { encodeStruct, type Json, type JsonObject } from "./k8s-codec.js";
import { annotationsOf, isObj, labelsOf, text } from "./template-data.js";

const INJECTED_ANNOTATIONS = [
  "sidecar.istio.io/status",
  "istio.io/rev",
  "proxy.istio.io/overrides",
];

const PROBE_FIELDS: Record<string, string> = { readyz: "readinessProbe", livez: "livenessProbe", startupz: "startupProbe" };
const HOOK_FIELDS: Record<string, string> = { prestopz: "preStop", poststartz: "postStart" };

/** A JSON env value of the previously injected istio-proxy. */
function proxyEnvJson(spec: JsonObject, names: Set<string>, env: string): Json | undefined {
  for (const key of ["containers", "initContainers"]) {
    for (const c of Array.isArray(spec[key]) ? spec[key] : []) {
      if (!isObj(c) || !names.has(text(c.name)) || c.name !== "istio-proxy") continue;
      const e = (Array.isArray(c.env) ? c.env : []).find((x) => isObj(x) && x.name === env);
      if (!isObj(e)) continue;
      try {
        return JSON.parse(text(e.value)) as Json;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function probersOf(spec: JsonObject, names: Set<string>): Record<string, JsonObject> {
  const v = proxyEnvJson(spec, names, "ISTIO_KUBE_APP_PROBERS");
  return isObj(v) ? (v as Record<string, JsonObject>) : {};
}

function restoreProbes(c: JsonObject, probers: Record<string, JsonObject>): JsonObject {
  const out: JsonObject = { ...c };
  const name = text(c.name);
  for (const [path, p] of Object.entries(probers)) {
    const m = /^\/app-(health|lifecycle)\/(.+)\/([a-z]+)$/.exec(path);
    if (!m || m[2] !== name) continue;
    const handler: JsonObject = {};
    for (const f of ["httpGet", "tcpSocket", "grpc"]) if (p[f] !== undefined) handler[f] = p[f]!;
    if (m[1] === "health" && PROBE_FIELDS[m[3]!] && isObj(out[PROBE_FIELDS[m[3]!]!])) {
      const field = PROBE_FIELDS[m[3]!]!;
      const { httpGet: _h, tcpSocket: _t, grpc: _g, ...rest } = out[field] as JsonObject;
      out[field] = { ...handler, ...rest };
    } else if (m[1] === "lifecycle" && HOOK_FIELDS[m[3]!] && isObj(out.lifecycle)) {
      out.lifecycle = { ...out.lifecycle, [HOOK_FIELDS[m[3]!]!]: handler };
    }
  }
  return out;
}

export function stripForReinjection(meta: JsonObject, spec: JsonObject, where: string): { meta: JsonObject; spec: JsonObject } {
  const ann = annotationsOf(meta);
  let status: { containers?: string[] | null; initContainers?: string[] | null; volumes?: string[] | null; imagePullSecrets?: string[] | null } = {};
  try {
    status = JSON.parse(ann["sidecar.istio.io/status"] ?? "{}") as typeof status;
  } catch {
    status = {};
  }
  let overrides: { containers?: Json[]; initContainers?: Json[] } = {};
  try {
    overrides = JSON.parse(ann["proxy.istio.io/overrides"] ?? "{}") as typeof overrides;
  } catch {
    overrides = {};
  }
  const injectedNames = new Set([...(status.containers ?? []), ...(status.initContainers ?? [])]);
  const probers = probersOf(spec, injectedNames);
  const prometheus = proxyEnvJson(spec, injectedNames, "ISTIO_PROMETHEUS_ANNOTATIONS");
  // A user's istio-proxy is written under containers even when it was recorded as a native init container.
  const userProxy = [...(overrides.containers ?? []), ...(overrides.initContainers ?? [])].filter((c) => isObj(c) && c.name === "istio-proxy");
  overrides.containers = [...(overrides.containers ?? []).filter((c) => !(isObj(c) && c.name === "istio-proxy")), ...userProxy];
  overrides.initContainers = (overrides.initContainers ?? []).filter((c) => !(isObj(c) && c.name === "istio-proxy"));
  const keep = (list: Json | undefined, drop: string[] | null | undefined, restore: Json[] | undefined): Json[] => {
    const out = (Array.isArray(list) ? list : []).filter((c) => !(isObj(c) && (drop ?? []).includes(text(c.name))));
    for (const r of restore ?? []) if (isObj(r) && !out.some((c) => isObj(c) && c.name === r.name)) out.push(r);
    return out.map((c) => (isObj(c) ? restoreProbes(c, probers) : c));
  };
  const newSpec: JsonObject = { ...spec };
  newSpec.containers = keep(spec.containers, status.containers, overrides.containers);
  const inits = keep(spec.initContainers, status.initContainers, overrides.initContainers);
  if (inits.length > 0) newSpec.initContainers = inits;
  else delete newSpec.initContainers;
  const vols = (Array.isArray(spec.volumes) ? spec.volumes : []).filter((v) => !(isObj(v) && (status.volumes ?? []).includes(text(v.name))));
  if (vols.length > 0) newSpec.volumes = vols;
  else delete newSpec.volumes;
  const secrets = (Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : []).filter(
    (v) => !(isObj(v) && (status.imagePullSecrets ?? []).includes(text(v.name))),
  );
  if (secrets.length > 0) newSpec.imagePullSecrets = secrets;
  else delete newSpec.imagePullSecrets;
  const newAnn: Record<string, string> = { ...ann };
  for (const k of INJECTED_ANNOTATIONS) delete newAnn[k];
  if (isObj(prometheus)) {
    for (const k of ["prometheus.io/scrape", "prometheus.io/path", "prometheus.io/port"]) delete newAnn[k];
    for (const f of ["scrape", "path", "port"]) {
      const v = text(prometheus[f]);
      if (v !== "") newAnn[`prometheus.io/${f}`] = v;
    }
    if (Array.isArray(prometheus.targets)) {
      newAnn["prometheus.istio.io/scrape-targets"] = prometheus.targets
        .filter(isObj)
        .map((t) => `${text(t.port)}:${text(t.path)}`)
        .join(",");
    }
  }
  const newMeta: JsonObject = { ...meta, annotations: newAnn, labels: labelsOf(meta) };
  return { meta: encodeStruct(newMeta, "m.ObjectMeta", where), spec: encodeStruct(newSpec, "c.PodSpec", where) };
}
