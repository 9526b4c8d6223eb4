/**
 * The functions and field lookup of meshc's Go text/template subset: Go builtins, common sprig
 * functions and Istio's template helpers.
 */
import { goJson } from "./go-format.js";
import type { Json } from "./k8s-codec.js";
import { printGo, truthy } from "./template-data.js";
import { toGoYaml } from "./yaml-emit.js";

export class TemplateError extends Error {}

export type Value = Json | undefined | Value[] | { [k: string]: Value };

export function isMap(v: Value): v is { [k: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function lookup(v: Value, name: string): Value {
  if (!isMap(v)) {
    if (v === undefined || v === null) return undefined;
    throw new TemplateError(`can't evaluate field ${name} in type ${Array.isArray(v) ? "slice" : typeof v}`);
  }
  if (name in v) return v[name];
  const lower = name[0]!.toLowerCase() + name.slice(1);
  if (lower in v) return v[lower];
  const folded = Object.keys(v).find((k) => k.toLowerCase() === name.toLowerCase());
  return folded === undefined ? undefined : v[folded];
}

function eqValues(a: Value, b: Value): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function toYaml(v: Value): string {
  if (v === undefined || v === null) return "null";
  return toGoYaml(v as Json).replace(/\n$/, "");
}

export const FUNCS: Record<string, (...a: Value[]) => Value> = {
  __field: (v, name) => lookup(v, String(name)),
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) {
      if (Array.isArray(cur)) cur = cur[Number(k)];
      else if (isMap(cur)) cur = cur[String(k)];
      else cur = undefined;
    }
    return cur === undefined ? "" : cur;
  },
  len: (v) => (Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : typeof v === "string" ? v.length : 0),
  not: (v) => !truthy(v as Json),
  and: (...a) => a.find((x) => !truthy(x as Json)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x as Json)) ?? a[a.length - 1],
  eq: (a, ...bs) => bs.some((b) => eqValues(a, b)),
  ne: (a, b) => !eqValues(a, b),
  default: (d, v) => (truthy(v as Json) ? v : d),
  empty: (v) => !truthy(v as Json),
  valueOrDefault: (v, d) => (truthy(v as Json) ? v : d),
  quote: (...a) => a.map((x) => JSON.stringify(x === undefined || x === null ? "" : printGo(x as Json))).join(" "),
  squote: (...a) => a.map((x) => `'${x === undefined || x === null ? "" : printGo(x as Json)}'`).join(" "),
  toJson: (v) => goJson(v ?? null),
  toJSON: (v) => goJson(v ?? null),
  structToJSON: (v) => goJson(v ?? null),
  toYaml: (v) => toYaml(v),
  fromJSON: (s) => {
    try {
      return JSON.parse(String(s)) as Value;
    } catch {
      return undefined;
    }
  },
  contains: (sub, s) => String(s ?? "").includes(String(sub ?? "")),
  hasPrefix: (s, p) => String(s ?? "").startsWith(String(p ?? "")),
  hasSuffix: (s, p) => String(s ?? "").endsWith(String(p ?? "")),
  join: (sep, list) => (Array.isArray(list) ? list.map((x) => printGo(x as Json)).join(String(sep)) : printGo(list as Json)),
  lower: (s) => String(s ?? "").toLowerCase(),
  toLower: (s) => String(s ?? "").toLowerCase(),
  upper: (s) => String(s ?? "").toUpperCase(),
  toUpper: (s) => String(s ?? "").toUpperCase(),
  trim: (s) => String(s ?? "").trim(),
  indent: (n, s) => String(s ?? "").split("\n").map((l) => " ".repeat(Number(n)) + l).join("\n"),
  nindent: (n, s) => "\n" + String(s ?? "").split("\n").map((l) => " ".repeat(Number(n)) + l).join("\n"),
  list: (...a) => a,
  append: (l, v) => [...(Array.isArray(l) ? l : []), v],
  dict: (...a) => {
    const out: { [k: string]: Value } = {};
    for (let i = 0; i + 1 < a.length; i += 2) out[String(a[i])] = a[i + 1];
    return out;
  },
  printf: (fmt, ...a) => {
    let i = 0;
    return String(fmt).replace(/%([-+ #0]*\d*(?:\.\d+)?)([vsdqt%])/g, (_m, _f, verb: string) => {
      if (verb === "%") return "%";
      const x = a[i++];
      if (verb === "q") return JSON.stringify(printGo(x as Json));
      return printGo(x as Json);
    });
  },
  print: (...a) => a.map((x) => printGo(x as Json)).join(""),
  isset: (m, k) => isMap(m) && String(k) in m,
  annotation: (meta, name, def) => {
    const ann = isMap(meta) ? lookup(meta, "Annotations") : undefined;
    if (isMap(ann) && String(name) in ann) return ann[String(name)];
    return def === undefined || def === null ? "" : printGo(def as Json);
  },
  split: (sep, s) => {
    const out: { [k: string]: Value } = {};
    String(s ?? "").split(String(sep)).forEach((p, i) => (out[`_${i}`] = p));
    return out;
  },
};

