/**
 * Delegate VirtualServices (pilot/pkg/model/virtualservice.go mergeVirtualServicesIfNeeded): a root
 * `http[]` entry with `delegate` is replaced by the delegate's entries, matches ANDed (a delegate match
 * that conflicts with the root match is dropped), names joined with `-`, unset fields inherited.
 */
import type { MeshIndex } from "./mesh-index.js";

type Obj = Record<string, any>;

const INHERITED = ["rewrite", "timeout", "retries", "fault", "mirror", "mirrorPercentage", "mirrors", "corsPolicy", "headers", "directResponse"] as const;

function mergeMatch(root: Obj | undefined, child: Obj | undefined): Obj | undefined {
  if (!root) return child;
  if (!child) return root;
  const out: Obj = { ...root, ...child };
  if (root.uri && child.uri) {
    const r = root.uri.prefix ?? root.uri.exact;
    const c = child.uri.prefix ?? child.uri.exact;
    if (typeof r === "string" && typeof c === "string" && !c.startsWith(r)) return undefined;
  }
  out.headers = { ...(root.headers ?? {}), ...(child.headers ?? {}) };
  if (Object.keys(out.headers).length === 0) delete out.headers;
  return out;
}

/** The root VirtualService's http[] with delegates expanded (one level, as Istio). */
export function expandDelegates(index: MeshIndex, namespace: string, http: readonly Obj[]): Obj[] {
  const out: Obj[] = [];
  for (const root of http) {
    if (!root.delegate?.name) {
      out.push(root);
      continue;
    }
    const child = index.virtualServicesByName.get(`${root.delegate.namespace ?? namespace}/${root.delegate.name}`);
    if (!child || (child.hosts.length > 0)) continue; // a delegate must not have hosts
    for (const c of (child.spec.http ?? []) as Obj[]) {
      const merged: Obj = { ...c };
      for (const f of INHERITED) if (merged[f] === undefined && root[f] !== undefined) merged[f] = root[f];
      if (root.name || c.name) merged.name = [root.name, c.name].filter(Boolean).join("-");
      const rootMatches = (root.match ?? [undefined]) as (Obj | undefined)[];
      const childMatches = (c.match ?? [undefined]) as (Obj | undefined)[];
      const matches: Obj[] = [];
      for (const rm of rootMatches) for (const cm of childMatches) {
        const m = mergeMatch(rm, cm);
        if (m) matches.push(m);
      }
      if (matches.length === 0 && (root.match || c.match)) continue;
      if (matches.length > 0) merged.match = matches;
      else delete merged.match;
      delete merged.delegate;
      out.push(merged);
    }
  }
  return out;
}
