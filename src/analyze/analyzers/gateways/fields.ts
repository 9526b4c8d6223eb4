/** Loose access to the fields of raw resource objects, and Go's string order, for this area's analyzers. */
import type { Resource } from "../../../model/mesh-model.js";

export type Obj = Record<string, any>;

/** The resource's `spec` as a loose object (never undefined). */
export function specOf(r: Resource): Obj {
  const s = r.object.spec;
  return s !== null && typeof s === "object" && !Array.isArray(s) ? (s as Obj) : {};
}

/** `v` if it is an array, else []. */
export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** Byte-order string comparison (Go's sort.Strings). */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
