/**
 * Patch mode (beyond istioctl): express an injection as a patch from the original workload to the
 * injected one, either as an RFC 6902 JSON patch or as a Kubernetes strategic merge patch.
 */
import type { Json, JsonObject } from "./k8s-codec.js";
import { isStructType, structDef } from "./k8s-structs.js";

export type PatchFormat = "strategic" | "json";

function isObj(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const same = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
const escape = (k: string): string => k.replace(/~/g, "~0").replace(/\//g, "~1");

function jsonPatch(before: Json, after: Json, path: string, ops: JsonObject[]): void {
  if (same(before, after)) return;
  if (isObj(before) && isObj(after)) {
    for (const k of Object.keys(before)) if (!(k in after)) ops.push({ op: "remove", path: `${path}/${escape(k)}` });
    for (const [k, v] of Object.entries(after)) {
      if (!(k in before)) ops.push({ op: "add", path: `${path}/${escape(k)}`, value: v });
      else jsonPatch(before[k]!, v, `${path}/${escape(k)}`, ops);
    }
    return;
  }
  ops.push({ op: "replace", path: path === "" ? "" : path, value: after });
}

function strategicDiff(before: Json, after: Json, type: string | undefined): Json | undefined {
  if (same(before, after)) return undefined;
  if (!isObj(before) || !isObj(after)) return after;
  const def = type && isStructType(type) ? structDef(type) : undefined;
  const out: JsonObject = {};
  for (const k of Object.keys(before)) if (!(k in after)) out[k] = null;
  for (const [k, v] of Object.entries(after)) {
    const b = before[k];
    if (same(b, v)) continue;
    const field = def?.byName.get(k);
    const elem = field?.elem;
    if (field?.mergeKey && Array.isArray(v)) {
      // A changed merge-keyed list (containers, volumes, …) is sent whole with `$patch: replace`: the
      // result then has exactly the injected order, with kubectl's and kustomize's strategic merge alike
      // (kustomize ignores `$setElementOrder`).
      // (A list the original lacks is simply added: kustomize mishandles `replace` there.)
      out[k] = Array.isArray(b) && b.length > 0 ? [...v, { $patch: "replace" }] : v;
    } else if (isObj(v) && isObj(b)) {
      const d = strategicDiff(b, v, field && !field.type.startsWith("map[") ? elem : undefined);
      if (d !== undefined) out[k] = d;
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** The patch turning `before` into `after` (both Go-JSON forms of `type`). */
export function makePatch(before: JsonObject, after: JsonObject, format: PatchFormat, type: string): Json {
  if (format === "json") {
    const ops: JsonObject[] = [];
    jsonPatch(before, after, "", ops);
    return ops;
  }
  return strategicDiff(before, after, type) ?? {};
}
