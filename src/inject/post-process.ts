/**
 * Post-processing after the templates are merged (inject.md 13): cluster/network env, Prometheus
 * annotation merging, secure metrics port, app probe rewriting, status annotation, network label
 * and container order.
 */
import { InputError } from "../errors.js";
import { parseGoBool } from "./annotations.js";
import { goJson } from "./go-format.js";
import { encodeStruct, type Json, type JsonObject } from "./k8s-codec.js";
import type { PodInput } from "./pod-inject.js";
import { probersJson, rewriteAppProbes } from "./probes.js";
import type { InjectSettings } from "./settings.js";
import { annotationsOf, isObj, labelsOf, text, truthy, val, type TemplateData } from "./template-data.js";

const ISTIO_PORTS = new Set([15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090]);

const sanitize = (k: string): string => k.replace(/[^a-zA-Z0-9_]/g, "_");

function statusPortOf(pc: JsonObject): number {
  return typeof pc.statusPort === "number" && pc.statusPort !== 0 ? pc.statusPort : 15020;
}

function findAnn(ann: Record<string, string>, sanitized: string): string | undefined {
  for (const k of Object.keys(ann).sort()) if (sanitize(k) === sanitized) return ann[k];
  return undefined;
}

export function prometheusPortMatches(ann: Record<string, string>, pc: JsonObject): boolean {
  return findAnn(ann, "prometheus_io_port") === String(statusPortOf(pc));
}

type Containers = { spec: JsonObject; key: "containers" | "initContainers"; index: number } | undefined;

function findProxy(spec: JsonObject): Containers {
  for (const key of ["containers", "initContainers"] as const) {
    const list = Array.isArray(spec[key]) ? (spec[key] as Json[]) : [];
    const index = list.findIndex((c) => isObj(c) && c.name === "istio-proxy");
    if (index >= 0) return { spec, key, index };
  }
  return undefined;
}

function editProxyEnv(spec: JsonObject, fn: (env: JsonObject[]) => JsonObject[]): void {
  const loc = findProxy(spec);
  if (!loc) return;
  const list = [...(spec[loc.key] as Json[])];
  const c = { ...(list[loc.index] as JsonObject) };
  c.env = fn(Array.isArray(c.env) ? (c.env as Json[]).filter(isObj) : []);
  list[loc.index] = c;
  spec[loc.key] = list;
}

function prometheusMerge(ann: Record<string, string>, spec: JsonObject, settings: InjectSettings, pc: JsonObject, where: string): void {
  for (const k of Object.keys(ann).sort()) {
    if (sanitize(k) === "prometheus_io_scrape" && parseGoBool(ann[k]!) === false) return;
  }
  const mergeAnn = ann["prometheus.istio.io/merge-metrics"];
  const on = mergeAnn !== undefined && parseGoBool(mergeAnn) !== undefined ? parseGoBool(mergeAnn)! : settings.meshConfig.enablePrometheusMerge !== false;
  if (!on) return;
  const target = statusPortOf(pc);
  if (prometheusPortMatches(ann, pc)) return;
  const scrape = findAnn(ann, "prometheus_io_scrape") ?? "";
  let path = findAnn(ann, "prometheus_io_path") ?? "";
  let port = findAnn(ann, "prometheus_io_port") ?? "";
  const targetsText = findAnn(ann, "prometheus_istio_io_scrape_targets") ?? "";
  const checkPort = (p: string): void => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < 1 || n > 65535 || n === target || ISTIO_PORTS.has(n)) {
      throw new InputError(`${where}: invalid prometheus scrape port "${p}"`);
    }
  };
  const targets: JsonObject[] = [];
  if (targetsText.trim() !== "") {
    for (const t of targetsText.split(",")) {
      const s = t.trim();
      if (s === "") continue;
      const i = s.indexOf(":");
      const p = i >= 0 ? s.slice(0, i) : s;
      const pth = i >= 0 && s.slice(i + 1) !== "" ? s.slice(i + 1) : "/metrics";
      checkPort(p);
      targets.push({ port: p, path: pth });
    }
    if (targets.length > 0) {
      port = String(targets[0]!.port);
      path = String(targets[0]!.path);
    }
  } else if (port !== "") checkPort(port);
  if (scrape !== "" || path !== "" || port !== "" || targets.length > 0) {
    const cfg: JsonObject = { scrape, path, port };
    if (targets.length > 0) cfg.targets = targets;
    editProxyEnv(spec, (env) => [...env, { name: "ISTIO_PROMETHEUS_ANNOTATIONS", value: goJson(cfg) }]);
  }
  for (const k of Object.keys(ann)) {
    if (["prometheus_io_port", "prometheus_io_path", "prometheus_io_scrape", "prometheus_istio_io_scrape_targets"].includes(sanitize(k))) delete ann[k];
  }
  ann["prometheus.io/port"] = String(target);
  ann["prometheus.io/path"] = "/stats/prometheus";
  ann["prometheus.io/scrape"] = "true";
}

function reorder(list: Json[], name: string, first: boolean): Json[] {
  let match: Json | undefined;
  const rest: Json[] = [];
  for (const c of list) {
    if (isObj(c) && c.name === name) match = c;
    else rest.push(c);
  }
  if (match === undefined) return rest;
  return first ? [match, ...rest] : [...rest, match];
}

function names(list: Json | undefined): string[] | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.map((x) => (isObj(x) ? text(x.name) : ""));
}

export function postProcess(
  pod: JsonObject,
  templatePod: JsonObject,
  input: PodInput,
  d: TemplateData,
  settings: InjectSettings,
): { meta: JsonObject; spec: JsonObject } {
  const meta: JsonObject = { ...(pod.metadata as JsonObject) };
  const spec: JsonObject = { ...(pod.spec as JsonObject) };
  const ann: Record<string, string> = { ...annotationsOf(meta) };
  const labels: Record<string, string> = { ...labelsOf(meta) };
  const pc = input.proxyConfig;

  // 13.1 cluster and network
  const recorded: Record<string, string> = {};
  const cluster = text(val(settings.values, "global.multiCluster.clusterName"));
  const network = labels["topology.istio.io/network"] || text(val(settings.values, "global.network"));
  if (cluster !== "") recorded.ISTIO_META_CLUSTER_ID = cluster;
  if (network !== "") recorded.ISTIO_META_NETWORK = network;
  if (Object.keys(recorded).length > 0) {
    editProxyEnv(spec, (env) => [
      ...env.filter((e) => !(text(e.name) in recorded)),
      ...Object.keys(recorded).sort().map((k) => ({ name: k, value: recorded[k]! })),
    ]);
  }

  // 13.2 Prometheus
  prometheusMerge(ann, spec, settings, pc, input.where);

  // 13.3 secure metrics port
  if (findAnn(ann, "prometheus_istio_io_secure_port") === undefined) {
    const loc = findProxy(spec);
    if (loc) {
      const c = (spec[loc.key] as Json[])[loc.index] as JsonObject;
      const e = (Array.isArray(c.env) ? c.env : []).find((x) => isObj(x) && x.name === "ENVOY_SECURE_MERGED_METRICS_PORT");
      const v = isObj(e) ? text(e.value) : "";
      if (v !== "" && v !== "0") ann["prometheus.istio.io/secure-port"] = v;
    }
  }

  // 13.4 probes
  const rewriteAnn = ann["sidecar.istio.io/rewriteAppHTTPProbers"];
  const rewrite = rewriteAnn !== undefined && parseGoBool(rewriteAnn) !== undefined
    ? parseGoBool(rewriteAnn)!
    : truthy(val(settings.values, "sidecarInjectorWebhook.rewriteAppHTTPProbe"));
  if (rewrite && findProxy(spec)) {
    const statusPort = statusPortOf(pc);
    const statusAnn = ann["status.sidecar.istio.io/port"];
    const rewritePort = statusAnn !== undefined ? Number(statusAnn) : statusPort;
    const r = rewriteAppProbes(spec, statusPort, rewritePort);
    Object.assign(spec, r.spec);
    if (Object.keys(r.probers).length > 0) {
      const injected = input.meta.annotations !== undefined && "sidecar.istio.io/status" in annotationsOf(input.meta);
      editProxyEnv(spec, (env) => {
        const idx = env.findIndex((e) => e.name === "ISTIO_KUBE_APP_PROBERS");
        if (injected && idx >= 0) {
          let old: Record<string, JsonObject> = {};
          try {
            old = JSON.parse(text(env[idx]!.value)) as Record<string, JsonObject>;
          } catch {
            old = {};
          }
          const next = [...env];
          next[idx] = { name: "ISTIO_KUBE_APP_PROBERS", value: probersJson({ ...r.probers, ...old }) };
          return next;
        }
        return [...env, { name: "ISTIO_KUBE_APP_PROBERS", value: probersJson(r.probers) }];
      });
    }
  }

  // 13.5 metadata
  if (network !== "") labels["topology.istio.io/network"] = network;
  const tspec = templatePod.spec as JsonObject;
  ann["sidecar.istio.io/status"] = goJson({
    initContainers: names(tspec.initContainers),
    containers: names(tspec.containers),
    volumes: names(tspec.volumes),
    imagePullSecrets: names(tspec.imagePullSecrets),
    revision: settings.revision || "default",
  });
  meta.annotations = ann;
  meta.labels = labels;

  // 13.6 container order
  const hold = pc.holdApplicationUntilProxyStarts === true || truthy(val(settings.values, "global.proxy.holdApplicationUntilProxyStarts"));
  if (Array.isArray(spec.containers)) spec.containers = reorder(spec.containers, "istio-proxy", hold);
  if (Array.isArray(spec.initContainers)) {
    let inits = spec.initContainers;
    if (inits.some((c) => isObj(c) && c.name === "istio-proxy")) {
      for (const n of ["enable-core-dump", "istio-proxy", "istio-validation", "istio-init"]) inits = reorder(inits, n, true);
    } else {
      inits = reorder(inits, "istio-validation", true);
      inits = reorder(inits, "istio-init", false);
      inits = reorder(inits, "enable-core-dump", false);
    }
    spec.initContainers = inits;
  }
  void d;
  return { meta: encodeStruct(meta, "m.ObjectMeta", "metadata"), spec: encodeStruct(spec, "c.PodSpec", "spec") };
}
