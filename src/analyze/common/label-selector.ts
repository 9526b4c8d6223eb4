/**
 * Full Kubernetes `metav1.LabelSelector` matching (matchLabels and matchExpressions), as webhook
 * namespace/object selectors need it. Plain map selectors and their `k1=v1,k2=v2` rendering are in
 * ./selector.ts.
 */
import { selectorMatches, stringMap } from "./selector.js";

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: readonly string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

/**
 * Does a LabelSelector select `labels`? An absent selector selects everything (as webhook selectors
 * default to); an empty one too. A malformed selector (unknown operator, In/NotIn without values,
 * Exists/DoesNotExist with values) selects nothing, as Kubernetes refuses to convert it.
 */
export function labelSelectorMatches(selector: LabelSelector | null | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  if (!selectorMatches(stringMap(selector.matchLabels), labels)) return false;
  for (const req of selector.matchExpressions ?? []) {
    const values = (req.values ?? []).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    switch (req.operator) {
      case "In":
        if (values.length === 0 || !has || !values.includes(labels[req.key]!)) return false;
        break;
      case "NotIn":
        if (values.length === 0) return false;
        if (has && values.includes(labels[req.key]!)) return false;
        break;
      case "Exists":
        if (values.length > 0 || !has) return false;
        break;
      case "DoesNotExist":
        if (values.length > 0 || has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
