/**
 * Kubernetes strategic-merge-patch semantics for Pods (inject.md 10.1, 10.2): maps merge, `null`
 * deletes, lists with a merge key merge element-wise in Kubernetes' order, other lists are replaced.
 */
import type { Json, JsonObject } from "./k8s-codec.js";
import { isStructType, structDef } from "./k8s-structs.js";

function isObj(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether stripNulls must rebuild this object: a key it drops (or one an assignment would not copy). */
function dropsKeys(o: JsonObject): boolean {
  for (const k in o) if (o[k] === null || k.startsWith("$") || k === "__proto__") return true;
  return false;
}

/**
 * Removes null-valued keys recursively (a patch applied to nothing). Parts with nothing to remove
 * are returned as they are: merge results are always encoded (copied) right after.
 */
function stripNulls(v: Json): Json {
  if (Array.isArray(v)) {
    let out: Json[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = stripNulls(v[i]!);
      if (x !== v[i] && !out) out = v.slice(0, i);
      out?.push(x);
    }
    return out ?? v;
  }
  if (isObj(v)) {
    if (!dropsKeys(v)) {
      let out: JsonObject | undefined;
      for (const k in v) {
        const x = stripNulls(v[k]!);
        if (x !== v[k]) (out ??= { ...v })[k] = x;
      }
      return out ?? v;
    }
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || k.startsWith("$")) continue;
      out[k] = stripNulls(x);
    }
    return out;
  }
  return v;
}

function keyOf(v: Json, mergeKey: string): string | undefined {
  if (!isObj(v)) return undefined;
  const k = v[mergeKey];
  return k === undefined || k === null ? undefined : JSON.stringify(k);
}

function mergeList(original: Json[], patch: Json[], mergeKey: string, elemType: string | undefined): Json[] {
  if (patch.length === 0) return original;
  const originalKeys = original.map((o) => keyOf(o, mergeKey));
  const patchKeys = new Set<string>();
  const patchItems: Json[] = [];
  for (const p of patch) {
    if (isObj(p) && p.$patch === "delete") {
      const k = keyOf(p, mergeKey);
      if (k !== undefined) patchKeys.add(k);
      continue;
    }
    const k = keyOf(p, mergeKey);
    const idx = k === undefined ? -1 : originalKeys.indexOf(k);
    if (k !== undefined) {
      const existing = patchItems.findIndex((x) => keyOf(x, mergeKey) === k);
      if (existing >= 0) {
        patchItems[existing] = mergeValue(patchItems[existing]!, p, elemType);
        continue;
      }
      patchKeys.add(k);
    }
    patchItems.push(idx >= 0 ? mergeValue(original[idx]!, p, elemType) : stripNulls(p));
  }
  const serverOnly = original.filter((o, i) => {
    const k = originalKeys[i];
    return k === undefined || !patchKeys.has(k);
  });
  // Deleted elements are dropped from the patch side entirely.
  const deleted = new Set<string>();
  for (const p of patch) if (isObj(p) && p.$patch === "delete") deleted.add(keyOf(p, mergeKey) ?? "");
  const patchSide = patchItems.filter((p) => !deleted.has(keyOf(p, mergeKey) ?? "\u0000"));
  const result: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length && j < patchSide.length) {
    const si = originalKeys.indexOf(keyOf(serverOnly[i]!, mergeKey) ?? "\u0000");
    const pi = originalKeys.indexOf(keyOf(patchSide[j]!, mergeKey) ?? "\u0000");
    if (si >= 0 && pi >= 0 && si < pi) result.push(serverOnly[i++]!);
    else result.push(patchSide[j++]!);
  }
  while (i < serverOnly.length) result.push(serverOnly[i++]!);
  while (j < patchSide.length) result.push(patchSide[j++]!);
  return result;
}

/** Merges `patch` into `original` for the given struct type (undefined = untyped map). */
export function mergeValue(original: Json, patch: Json, type: string | undefined): Json {
  if (!isObj(patch) || !isObj(original)) return isObj(patch) ? stripNulls(patch) : patch;
  if (patch.$patch === "replace") {
    const { $patch: _ignored, ...rest } = patch;
    return stripNulls(rest);
  }
  const def = type && isStructType(type) ? structDef(type) : undefined;
  const out: JsonObject = { ...original };
  for (const [key, pv] of Object.entries(patch)) {
    if (key.startsWith("$")) continue;
    if (pv === null) {
      delete out[key];
      continue;
    }
    const field = def?.byName.get(key);
    const ov = out[key];
    const elem = field?.elem;
    if (field?.mergeKey && Array.isArray(pv) && Array.isArray(ov)) {
      out[key] = mergeList(ov, pv, field.mergeKey, elem);
    } else if (field?.mergeKey && Array.isArray(pv) && (ov === undefined || ov === null)) {
      out[key] = mergeList([], pv, field.mergeKey, elem);
    } else if (isObj(pv) && isObj(ov)) {
      const mapType = field && field.type.startsWith("map[") ? undefined : elem;
      out[key] = mergeValue(ov, pv, field ? mapType : undefined);
    } else {
      out[key] = stripNulls(pv);
    }
  }
  return out;
}

/** Applies a strategic merge patch to a Pod-shaped object. */
export function mergePod(original: JsonObject, patch: JsonObject): JsonObject {
  return mergeValue(original, patch, "c.Pod") as JsonObject;
}

/** Applies a strategic merge patch to a Container-shaped object. */
export function mergeContainer(original: JsonObject, patch: JsonObject): JsonObject {
  return mergeValue(original, patch, "c.Container") as JsonObject;
}
