/**
 * Injecting one pod (inject.md 6, 7, 10, 11, 12): validate annotations, strip a previous injection
 * for the template data, render and merge each template, re-apply user containers, then
 * post-process. Pods are handled in their Go-JSON form (metadata + spec).
 */
import { InputError } from "../errors.js";
import { validateAnnotations } from "./annotations.js";
import { goJson } from "./go-format.js";
import { encodeStruct, type Json, type JsonObject } from "./k8s-codec.js";
import { postProcess, prometheusPortMatches } from "./post-process.js";
import { renderTemplate } from "./render.js";
import type { InjectSettings } from "./settings.js";
import { mergeContainer, mergePod } from "./strategic-merge.js";
import { annotationsOf, computeImages, isObj, text, type TemplateData } from "./template-data.js";
import { effectiveInterceptionMode, nativeSidecarOn } from "./templates/sidecar.js";

export interface PodInput {
  meta: JsonObject;
  spec: JsonObject;
  deploymentMeta: { name: string; namespace: string };
  typeMeta: { kind: string; apiVersion: string };
  proxyConfig: JsonObject;
  /** Description of the document for error messages. */
  where: string;
}

interface ParsedContainers {
  containers: JsonObject[];
  initContainers: JsonObject[];
}

const containersOf = (spec: JsonObject, key: "containers" | "initContainers"): JsonObject[] =>
  Array.isArray(spec[key]) ? (spec[key] as Json[]).filter(isObj) : [];

function parseStatus(ann: Record<string, string>): { containers: string[]; initContainers: string[] } | undefined {
  const s = ann["sidecar.istio.io/status"];
  if (s === undefined) return undefined;
  try {
    const v = JSON.parse(s) as { containers?: string[] | null; initContainers?: string[] | null };
    return { containers: v.containers ?? [], initContainers: v.initContainers ?? [] };
  } catch {
    return { containers: [], initContainers: [] };
  }
}

function parseOverrides(ann: Record<string, string>, where: string): ParsedContainers {
  const s = ann["proxy.istio.io/overrides"];
  if (s === undefined) return { containers: [], initContainers: [] };
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    throw new InputError(`${where}: annotation proxy.istio.io/overrides is not valid JSON: ${(e as Error).message}`);
  }
  const o = isObj(v) ? v : {};
  const list = (x: Json | undefined): JsonObject[] =>
    Array.isArray(x) ? x.filter(isObj).map((c, i) => encodeStruct(c, "c.Container", `proxy.istio.io/overrides[${i}]`)) : [];
  return { containers: list(o.containers), initContainers: list(o.initContainers) };
}

/** The template-data pod: previous injection removed (inject.md 12). */
function stripInjected(meta: JsonObject, spec: JsonObject, proxyConfig: JsonObject, where: string): { meta: JsonObject; spec: JsonObject } {
  const ann = annotationsOf(meta);
  const status = parseStatus(ann);
  if (!status) return { meta, spec };
  const newAnn: Record<string, string> = { ...ann };
  delete newAnn["sidecar.istio.io/status"];
  if (prometheusPortMatches(newAnn, proxyConfig)) {
    for (const k of Object.keys(newAnn)) {
      const s = k.replace(/[^a-zA-Z0-9_]/g, "_");
      if (["prometheus_io_port", "prometheus_io_path", "prometheus_io_scrape"].includes(s)) delete newAnn[k];
    }
  }
  const overrides = parseOverrides(ann, where);
  const containers = containersOf(spec, "containers").filter((c) => !status.containers.includes(text(c.name)));
  const inits = containersOf(spec, "initContainers").filter((c) => !status.initContainers.includes(text(c.name)));
  for (const c of overrides.containers) if (!containers.some((x) => x.name === c.name)) containers.push(c);
  for (const c of overrides.initContainers) if (!inits.some((x) => x.name === c.name)) inits.push(c);
  const newSpec: JsonObject = { ...spec, containers };
  if (inits.length > 0 || Array.isArray(spec.initContainers)) newSpec.initContainers = inits;
  return { meta: { ...meta, annotations: newAnn }, spec: encodeStruct(newSpec, "c.PodSpec", "spec") };
}

/** A Pod around metadata and spec that are in Go-JSON form already (encoding them again changes nothing). */
function asPod(meta: JsonObject, spec: JsonObject): JsonObject {
  return { ...encodeStruct({}, "c.Pod", ""), metadata: meta, spec };
}

function selectTemplates(ann: Record<string, string>): string[] {
  const t = ann["inject.istio.io/templates"];
  if (t === undefined) return ["sidecar"];
  return t.split(",").map((x) => x.trim());
}

/** Moves a user istio-proxy from containers to the end of initContainers (inject.md 10.5). */
function nativeMove(templatePod: JsonObject, merged: JsonObject): JsonObject {
  const tspec = templatePod.spec as JsonObject;
  if (!containersOf(tspec, "initContainers").some((c) => c.name === "istio-proxy")) return merged;
  const spec = merged.spec as JsonObject;
  const cs = containersOf(spec, "containers");
  const proxy = cs.find((c) => c.name === "istio-proxy");
  if (!proxy) return merged;
  const newSpec: JsonObject = {
    ...spec,
    containers: cs.filter((c) => c !== proxy),
    initContainers: [...containersOf(spec, "initContainers"), proxy],
  };
  return { ...merged, spec: newSpec };
}

export function injectPod(input: PodInput, settings: InjectSettings): { meta: JsonObject; spec: JsonObject } {
  const { where, proxyConfig } = input;
  const ann = annotationsOf(input.meta);
  const errors = validateAnnotations(ann);
  if (errors.length > 0) throw new InputError(`${where}: failed to run injection template: ${errors.join("; ")}`);

  const stripped = stripInjected(input.meta, input.spec, proxyConfig, where);
  const images = computeImages(settings.values, proxyConfig, ann);
  const inbound = isObj(settings.meshConfig.inboundTrafficPolicy) ? text(settings.meshConfig.inboundTrafficPolicy.mode) : "";
  const data: TemplateData = {
    meta: stripped.meta,
    spec: stripped.spec,
    deploymentMeta: input.deploymentMeta,
    typeMeta: input.typeMeta,
    proxyConfig,
    meshConfig: settings.meshConfig,
    values: settings.values,
    revision: settings.revision,
    nativeSidecars: settings.nativeSidecars,
    proxyImage: images.proxy,
    proxyInitImage: images.init,
    proxyUID: 1337,
    proxyGID: 1337,
    inboundTrafficPolicyMode: inbound === "LOCALHOST" ? "localhost" : "passthrough",
    compliancePolicy: settings.compliancePolicy,
  };

  let templatePod = encodeStruct({}, "c.Pod", "");
  let merged = asPod(input.meta, input.spec);
  for (const name of selectTemplates(ann)) {
    const src = settings.templates[name];
    if (!src) {
      throw new InputError(`${where}: requested template "${name}" not found; have ${Object.keys(settings.templates).sort().join(", ")}`);
    }
    const patch = renderTemplate(name, src, data, where);
    templatePod = encodeStruct(mergePod(templatePod, patch), "c.Pod", "template");
    if (nativeSidecarOn(data)) merged = nativeMove(templatePod, merged);
    merged = encodeStruct(mergePod(merged, patch), "c.Pod", `pod (after template "${name}")`);
  }

  merged = reapplyUserContainers(merged, templatePod, input, data, where);
  return postProcess(merged, templatePod, input, data, settings);
}

function findByName(list: JsonObject[], name: Json | undefined): JsonObject | undefined {
  return list.find((c) => c.name === name);
}

function applyUser(pod: JsonObject, key: "containers" | "initContainers", overlay: JsonObject): JsonObject {
  const spec = pod.spec as JsonObject;
  const list = containersOf(spec, key);
  const idx = list.findIndex((c) => c.name === overlay.name);
  const next = [...list];
  if (idx >= 0) next[idx] = mergeContainer(list[idx]!, overlay);
  else next.unshift(overlay);
  return encodeStruct({ ...pod, spec: { ...spec, [key]: next } }, "c.Pod", "");
}

/** inject.md 11: user-written istio-proxy / istio-init containers win over the template. */
function reapplyUserContainers(merged: JsonObject, templatePod: JsonObject, input: PodInput, d: TemplateData, where: string): JsonObject {
  const ann = annotationsOf(input.meta);
  const status = parseStatus(ann);
  const overrides = parseOverrides(ann, where);
  const origContainers = containersOf(input.spec, "containers");
  const origInits = containersOf(input.spec, "initContainers");
  const tspec = templatePod.spec as JsonObject;
  const applied: ParsedContainers = { containers: [], initContainers: [] };
  let pod = merged;
  const overlayOf = (c: JsonObject): JsonObject => {
    const o = { ...c };
    if (o.image === "auto") delete o.image;
    return encodeStruct(o, "c.Container", where);
  };
  for (const t of containersOf(tspec, "containers")) {
    if (status?.containers.includes(text(t.name))) continue;
    const match = findByName(overrides.containers, t.name) ?? findByName(origContainers, t.name);
    if (!match) continue;
    const o = overlayOf(match);
    applied.containers.push(o);
    pod = applyUser(pod, "containers", o);
  }
  for (const t of containersOf(tspec, "initContainers")) {
    if (status?.initContainers.includes(text(t.name))) continue;
    const match = findByName(overrides.initContainers, t.name) ?? findByName(origContainers, t.name) ?? findByName(origInits, t.name);
    if (!match) continue;
    const o = overlayOf(match);
    applied.initContainers.push(o);
    pod = applyUser(pod, "initContainers", o);
  }
  if (!status && (applied.containers.length > 0 || applied.initContainers.length > 0)) {
    const meta = { ...(pod.metadata as JsonObject) };
    const a = { ...annotationsOf(meta) };
    const js: JsonObject = {};
    if (applied.containers.length > 0) js.containers = applied.containers;
    if (applied.initContainers.length > 0) js.initContainers = applied.initContainers;
    a["proxy.istio.io/overrides"] = goJson(js);
    meta.annotations = a;
    pod = { ...pod, metadata: meta };
  }
  return adjustInitUser(pod, input, d);
}

function adjustInitUser(pod: JsonObject, input: PodInput, d: TemplateData): JsonObject {
  const userProxy = findByName(containersOf(input.spec, "containers"), "istio-proxy");
  const usc = userProxy && isObj(userProxy.securityContext) ? userProxy.securityContext : undefined;
  if (!usc || (usc.runAsUser === undefined && usc.runAsGroup === undefined)) return pod;
  const spec = { ...(pod.spec as JsonObject) };
  const tproxy = effectiveInterceptionMode(d) === "TPROXY";
  const edit = (key: "containers" | "initContainers", fn: (c: JsonObject) => JsonObject): void => {
    spec[key] = containersOf(spec, key).map(fn);
  };
  const fixProxy = (c: JsonObject): JsonObject =>
    c.name === "istio-proxy" && tproxy && usc.runAsUser !== undefined
      ? { ...c, securityContext: { ...(isObj(c.securityContext) ? c.securityContext : {}), runAsUser: 0 } }
      : c;
  edit("containers", fixProxy);
  edit("initContainers", (c) => {
    let out = fixProxy(c);
    if (out.name !== "istio-init" && out.name !== "istio-validation") return out;
    if (!tproxy && out.name === "istio-validation") {
      const sc: JsonObject = { ...(isObj(out.securityContext) ? out.securityContext : {}) };
      if (usc.runAsUser !== undefined) sc.runAsUser = usc.runAsUser;
      if (usc.runAsGroup !== undefined) sc.runAsGroup = usc.runAsGroup;
      out = { ...out, securityContext: sc };
    }
    if (typeof usc.runAsUser === "number" && usc.runAsUser !== 0 && Array.isArray(out.args)) {
      const args = [...out.args];
      const i = args.indexOf("-u");
      if (i >= 0 && i + 1 < args.length) args[i + 1] = String(usc.runAsUser);
      out = { ...out, args };
    }
    return out;
  });
  return encodeStruct({ ...pod, spec }, "c.Pod", "");
}
