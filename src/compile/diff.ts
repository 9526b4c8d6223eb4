/**
 * What changes in one proxy's Envoy configuration between two compiles: resources matched by
 * name per xDS type, compared as canonical JSON (Envoy's proto3 JSON, keys sorted, 2-space
 * indent), with the JSON paths that differ. Pure: two snapshots in, a change list out.
 *
 *   const d = diffXds(before.xds, after.xds);
 *   // d.changes: [{ type: "route", name: "9080", change: "changed",
 *   //   paths: ["virtual_hosts[2].routes[0].route.weighted_clusters.clusters[0].weight", …],
 *   //   oldText: "{\n  \"name\": \"9080\", …", newText: "…" }]
 *
 * Cost: each pair of resources is first compared structurally (cheap: no encoding); only pairs
 * that differ are written as JSON, and JSON decides (objects can differ while their JSON is equal,
 * e.g. map keys in another order; such resources are not reported). So two snapshots differing
 * in one resource cost one JSON write per side, whatever their size.
 *
 * Paths: object keys joined with "." (["key"] when not an identifier); array elements by index.
 * Arrays whose elements all carry a distinct string `name` on both sides (virtual hosts, routes,
 * filter chains, filters, clusters of a weighted cluster…) are matched by name, so an inserted
 * virtual host is one path, not a shifted list; the index shown is the element's index on the
 * new side (the old side for a removed element), and a pure reordering reports the array itself.
 */
import { ENVOY_TYPES, toEnvoyJson, type EnvoyTypeName, type Flavor, type JsonValue } from "./envoy/index.js";
import type { XdsSnapshot } from "./simulate/types.js";

export type XdsResourceType = "listener" | "route" | "cluster" | "endpoint";
export type ResourceChangeKind = "added" | "removed" | "changed";

/** Output order of the types. */
export const XDS_RESOURCE_TYPES: readonly XdsResourceType[] = ["listener", "route", "cluster", "endpoint"];

export interface ResourceChange {
  type: XdsResourceType;
  name: string;
  change: ResourceChangeKind;
  /** For "changed": the JSON paths that differ, in document order. */
  paths?: string[];
  /** Canonical JSON of the old resource (removed, changed). */
  oldText?: string;
  /** Canonical JSON of the new resource (added, changed). */
  newText?: string;
}

export interface XdsDiff {
  /** Ordered by type (listener, route, cluster, endpoint), then name. */
  changes: ResourceChange[];
  /** Resources present and equal on both sides. */
  unchanged: number;
}

export interface DiffXdsOptions {
  /** The flavor both snapshots were compiled with (default "stock"). */
  flavor?: Flavor;
}

const MESSAGE_TYPE: Record<XdsResourceType, EnvoyTypeName> = {
  listener: ENVOY_TYPES.listener,
  route: ENVOY_TYPES.routeConfiguration,
  cluster: ENVOY_TYPES.cluster,
  endpoint: ENVOY_TYPES.clusterLoadAssignment,
};

/** The resources of one type, by name (a repeated name gets "#2", "#3"… so nothing is lost). */
function byName(type: XdsResourceType, xds: XdsSnapshot): Map<string, object> {
  const list: readonly object[] = type === "listener" ? xds.listeners : type === "route" ? xds.routes : type === "cluster" ? xds.clusters : (xds.endpoints ?? []);
  const out = new Map<string, object>();
  for (const r of list) {
    const base = type === "endpoint" ? ((r as { clusterName?: string }).clusterName ?? "") : ((r as { name?: string }).name ?? "");
    let name = base;
    for (let i = 2; out.has(name); i++) name = `${base}#${i}`;
    out.set(name, r);
  }
  return out;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted (recursively) and 2-space indent: the form meshc diffs and prints. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareNames)) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The canonical JSON text of one resource. */
export function resourceText(type: XdsResourceType, resource: object, flavor: Flavor = "stock"): string {
  return canonicalJson(toEnvoyJson(MESSAGE_TYPE[type], resource as never, { flavor }));
}

/**
 * Structural equality of two ts-proto messages (plain objects, arrays, Uint8Array for packed Any
 * values): true means the canonical JSON is equal. False may still be equal JSON (an explicit
 * `undefined` field, map keys or packed bytes in another order); the caller then compares JSON.
 */
export function sameMessage(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameMessage(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameMessage((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Compare two snapshots of one proxy. */
export function diffXds(before: XdsSnapshot, after: XdsSnapshot, options: DiffXdsOptions = {}): XdsDiff {
  const flavor = options.flavor ?? "stock";
  const changes: ResourceChange[] = [];
  let unchanged = 0;
  for (const type of XDS_RESOURCE_TYPES) {
    const olds = byName(type, before);
    const news = byName(type, after);
    const names = [...new Set([...olds.keys(), ...news.keys()])].sort(compareNames);
    for (const name of names) {
      const o = olds.get(name);
      const n = news.get(name);
      if (o === undefined) {
        changes.push({ type, name, change: "added", newText: resourceText(type, n!, flavor) });
        continue;
      }
      if (n === undefined) {
        changes.push({ type, name, change: "removed", oldText: resourceText(type, o, flavor) });
        continue;
      }
      if (sameMessage(o, n)) {
        unchanged++;
        continue;
      }
      const oldJson = sortKeys(toEnvoyJson(MESSAGE_TYPE[type], o as never, { flavor })) as JsonValue;
      const newJson = sortKeys(toEnvoyJson(MESSAGE_TYPE[type], n as never, { flavor })) as JsonValue;
      const oldText = JSON.stringify(oldJson, null, 2);
      const newText = JSON.stringify(newJson, null, 2);
      if (oldText === newText) {
        unchanged++;
        continue;
      }
      changes.push({ type, name, change: "changed", paths: jsonPaths(oldJson, newJson), oldText, newText });
    }
  }
  return { changes, unchanged };
}

// ---------- the structural diff behind `paths` ----------

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyPath(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base === "" ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** The paths at which two JSON values differ (no path descends into an added or removed subtree). */
export function jsonPaths(a: JsonValue | undefined, b: JsonValue | undefined): string[] {
  const out: string[] = [];
  walk(a, b, "", out);
  // An element replaced by one of another name is removed and added at the same index: one path.
  return [...new Set(out)];
}

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function walk(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: string[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) return walkArray(a, b, path, out);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareNames);
    for (const k of keys) walk(a[k], b[k], keyPath(path, k), out);
    return;
  }
  // Different scalars, different types, or present on one side only.
  out.push(path === "" ? "." : path);
}

/** The `name` of every element when all are objects with distinct string names; else undefined. */
function elementNames(list: JsonValue[]): string[] | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const e of list) {
    if (!isObject(e) || typeof e.name !== "string" || seen.has(e.name)) return undefined;
    seen.add(e.name);
    names.push(e.name);
  }
  return names;
}

function walkArray(a: JsonValue[], b: JsonValue[], path: string, out: string[]): void {
  const aNames = a.length > 0 && b.length > 0 ? elementNames(a) : undefined;
  const bNames = aNames ? elementNames(b) : undefined;
  if (aNames && bNames) {
    const aIndex = new Map(aNames.map((n, i) => [n, i]));
    const bIndex = new Map(bNames.map((n, i) => [n, i]));
    const common = bNames.filter((n) => aIndex.has(n));
    // The common elements in a different relative order: the array itself changed.
    const oldOrder = aNames.filter((n) => bIndex.has(n));
    if (common.some((n, i) => n !== oldOrder[i])) out.push(path);
    const removed = aNames.filter((n) => !bIndex.has(n)).map((n) => ({ at: aIndex.get(n)!, n }));
    for (let i = 0; i < bNames.length; i++) {
      const n = bNames[i]!;
      const ai = aIndex.get(n);
      if (ai === undefined) out.push(`${path}[${i}]`);
      else walk(a[ai], b[i], `${path}[${i}]`, out);
    }
    for (const r of removed) out.push(`${path}[${r.at}]`);
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}[${i}]`, out);
}

/**
 * The JSON path of each line of canonicalJson(value) (a value's first line and its closing
 * bracket belong to the value), so a line of a diff can be named. Undefined when the lines
 * cannot be told apart reliably (an object with integer-like keys, which JS reorders).
 */
export function jsonLinePaths(value: JsonValue): string[] | undefined {
  const out: string[] = [];
  let reliable = true;
  const visit = (v: JsonValue, path: string): void => {
    const at = path === "" ? "." : path;
    if (Array.isArray(v) && v.length > 0) {
      out.push(at);
      v.forEach((e, i) => visit(e, `${path}[${i}]`));
      out.push(at);
    } else if (isObject(v) && Object.keys(v).length > 0) {
      out.push(at);
      for (const k of Object.keys(v)) {
        if (/^\d+$/.test(k)) reliable = false;
        visit(v[k]!, keyPath(path, k));
      }
      out.push(at);
    } else out.push(at);
  };
  visit(value, "");
  return reliable ? out : undefined;
}
