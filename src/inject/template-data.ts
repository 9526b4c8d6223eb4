/**
 * The data every injection template sees (inject.md 7) and small accessors shared by the built-in
 * templates: annotation-with-fallback, values lookup, Go-style printing, images (inject.md 5.5).
 */
import { formatGoFloat } from "./go-format.js";
import type { Json, JsonObject } from "./k8s-codec.js";

export interface TemplateData {
  /** Pod metadata (ObjectMeta, Go-JSON form). */
  meta: JsonObject;
  /** Pod spec with any previous injection stripped (PodSpec, Go-JSON form). */
  spec: JsonObject;
  deploymentMeta: { name: string; namespace: string };
  typeMeta: { kind: string; apiVersion: string };
  proxyConfig: JsonObject;
  meshConfig: JsonObject;
  values: JsonObject;
  revision: string;
  nativeSidecars: boolean;
  proxyImage: string;
  proxyInitImage: string;
  proxyUID: number;
  proxyGID: number;
  inboundTrafficPolicyMode: string;
  compliancePolicy: string;
}

export function isObj(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function labelsOf(meta: JsonObject): Record<string, string> {
  return isObj(meta.labels) ? (meta.labels as Record<string, string>) : {};
}

export function annotationsOf(meta: JsonObject): Record<string, string> {
  return isObj(meta.annotations) ? (meta.annotations as Record<string, string>) : {};
}

/** Looks up a dotted path in the values map. */
export function val(values: JsonObject, path: string): Json | undefined {
  let cur: Json | undefined = values;
  for (let start = 0; ; ) {
    if (!isObj(cur)) return undefined;
    const dot = path.indexOf(".", start);
    cur = cur[dot < 0 ? path.slice(start) : path.slice(start, dot)];
    if (dot < 0) return cur;
    start = dot + 1;
  }
}

/** How Go's text/template prints a value (`{{ x }}`). */
export function printGo(v: Json | undefined): string {
  if (v === undefined || v === null) return "<no value>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return formatGoFloat(v, 64);
  if (Array.isArray(v)) return `[${v.map(printGo).join(" ")}]`;
  return `map[${Object.keys(v)
    .sort()
    .map((k) => `${k}:${printGo(v[k])}`)
    .join(" ")}]`;
}

/** Text of a value, empty for missing (Go's `valueOrDefault`-style use). */
export function text(v: Json | undefined): string {
  if (v === undefined || v === null) return "";
  return printGo(v);
}

/** Go template truthiness. */
export function truthy(v: Json | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

/** A(name, fallback): the annotation if present (even empty), else the fallback as text. */
export function annotationOr(meta: JsonObject, name: string, fallback: Json | undefined): string {
  const ann = annotationsOf(meta);
  if (Object.prototype.hasOwnProperty.call(ann, name)) return ann[name]!;
  return fallback === undefined || fallback === null ? "" : printGo(fallback);
}

function imageWithType(hub: string, name: string, tag: string, imageType: string): string {
  let t = tag;
  if (imageType !== "") {
    t = t.replace(/-(distroless|debug)$/, "");
    if (imageType !== "default") t = `${t}-${imageType}`;
  }
  return `${hub}/${name}:${t}`;
}

/** `.ProxyImage` and `.ProxyInitImage` (inject.md 5.5). */
export function computeImages(values: JsonObject, proxyConfig: JsonObject, annotations: Record<string, string>): { proxy: string; init: string } {
  const hub = text(val(values, "global.hub"));
  const tag = text(val(values, "global.tag"));
  const variant = text(val(values, "global.variant"));
  const pcType = isObj(proxyConfig.image) ? text(proxyConfig.image.imageType) : "";
  const annType = annotations["sidecar.istio.io/proxyImageType"];
  const proxyType = annType ?? (pcType !== "" ? pcType : variant);
  const initType = annType ?? variant;
  const proxyName = text(val(values, "global.proxy.image")) || "proxyv2";
  const initName = text(val(values, "global.proxy_init.image")) || "proxyv2";
  return {
    proxy: proxyName.includes("/") ? proxyName : imageWithType(hub, proxyName, tag, proxyType),
    init: initName.includes("/") ? initName : imageWithType(hub, initName, tag, initType),
  };
}

/** The first non-empty string. */
export function firstNonEmpty(...xs: (string | undefined)[]): string {
  for (const x of xs) if (x !== undefined && x !== "") return x;
  return "";
}
