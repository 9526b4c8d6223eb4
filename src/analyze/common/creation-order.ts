/**
 * Istio's order for "the oldest wins" decisions (PeerAuthentication and DestinationRule precedence):
 * creationTimestamp ascending (a missing timestamp is Go's zero time, so it sorts first), then name,
 * then namespace.
 */
import type { Resource } from "../../model/mesh-model.js";

function createdAt(r: Resource): number {
  const t = r.object.metadata.creationTimestamp;
  const ms = typeof t === "string" ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareByCreation(a: Resource, b: Resource): number {
  const ta = createdAt(a);
  const tb = createdAt(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return cmp(a.name, b.name) || cmp(a.namespace ?? "", b.namespace ?? "");
}

/** A sorted copy, oldest first. */
export function oldestFirst<T extends Resource>(list: readonly T[]): T[] {
  return [...list].sort(compareByCreation);
}
