/**
 * Label selectors as Istio's analyzers use them: a map selects a label set when every key is present with
 * the same value (absent or empty selects everything); rendered `k1=v1,k2=v2` with keys in byte order
 * (Kubernetes' `labels.SelectorFromSet(...).String()`).
 */
import { comparisons } from "./comparisons.js";

export type LabelMap = Readonly<Record<string, string>>;

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A selector or label map as a plain string map (anything else, e.g. null or a list, counts as empty). */
export function stringMap(v: unknown): Record<string, string> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = x === null || x === undefined ? "" : String(x);
  return out;
}

/** `k1=v1,k2=v2`, keys sorted; "" for an empty or absent selector. */
export function renderSelector(selector: LabelMap | undefined | null): string {
  if (!selector) return "";
  return Object.keys(selector)
    .sort(byteOrder)
    .map((k) => `${k}=${selector[k]}`)
    .join(",");
}

/** The first key of the rendering (used to point at a selector's line), if any. */
export function firstSelectorKey(selector: LabelMap | undefined | null): string | undefined {
  if (!selector) return undefined;
  return Object.keys(selector).sort(byteOrder)[0];
}

/** Whether `labels` has every key/value of `selector` (absent or empty selector: true). */
export function selectorMatches(selector: LabelMap | undefined | null, labels: LabelMap): boolean {
  comparisons.selector++;
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (!(k in labels) || labels[k] !== v) return false;
  return true;
}
