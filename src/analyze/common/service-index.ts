/**
 * The scoped service index istioctl's destination analyzers look hosts up in (analyzers.md, "Common rules:
 * The service index"): keys `scope/fqdn` for every ServiceEntry host and Kubernetes Service, by exportTo
 * scope; lookups from a resource consult `*`, then the resource's own exportTo namespaces, then wildcard
 * entries. Quirks kept on purpose (see analyzers.md): the referring resource's exportTo picks the scopes.
 */
import type { MeshModel, Resource } from "../../model/mesh-model.js";
import { expandShortHost } from "./analyzer-hosts.js";
import { perModel } from "./per-model.js";
import { stringMap } from "./selector.js";

export interface IndexedPort {
  number: number;
  name: string;
  protocol: string;
}

export interface IndexedService {
  ports: IndexedPort[];
  /** The ServiceEntry's workloadSelector labels (none for a Kubernetes Service). */
  labels?: Record<string, string>;
  resource: Resource;
}

export interface ServiceIndex {
  readonly entries: ReadonlyMap<string, IndexedService>;
  /** The entries whose host starts with `*`, in index order: [scope, host, service]. */
  readonly wildcards: readonly (readonly [string, string, IndexedService])[];
  readonly domainSuffix: string;
}

const EXPORT_ALL = "*";
const EXPORT_LOCAL = ".";

function scopedKey(scope: string, fqdn: string): string {
  return `${scope}/${fqdn}`;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function buildServiceIndex(model: MeshModel): ServiceIndex {
  const suffix = model.domainSuffix;
  const entries = new Map<string, IndexedService>();
  for (const se of model.list("ServiceEntry")) {
    const spec = (se.object.spec ?? {}) as Record<string, unknown>;
    const ports = asArray(spec.ports).map((p) => {
      const port = (p ?? {}) as Record<string, unknown>;
      return { number: Number(port.number ?? 0), name: String(port.name ?? ""), protocol: String(port.protocol ?? "") };
    });
    const labels = stringMap((spec.workloadSelector as Record<string, unknown> | undefined)?.labels);
    const value: IndexedService = { ports, resource: se, ...(labels ? { labels } : {}) };
    const exportTo = asArray(spec.exportTo).map(String);
    let exportsToAll = false;
    for (const host of asArray(spec.hosts).map(String)) {
      const fqdn = expandShortHost(host, se.namespace, suffix);
      if (exportTo.length === 0 || exportsToAll) {
        entries.set(scopedKey(EXPORT_ALL, fqdn), value);
        continue;
      }
      for (const e of exportTo) {
        if (e === EXPORT_ALL) {
          entries.set(scopedKey(EXPORT_ALL, fqdn), value);
          exportsToAll = true;
          break;
        }
        entries.set(scopedKey(e === EXPORT_LOCAL ? se.namespace ?? "" : e, fqdn), value);
      }
    }
  }
  for (const svc of model.list("Service")) {
    const spec = (svc.object.spec ?? {}) as Record<string, unknown>;
    const ports = asArray(spec.ports).map((p) => {
      const port = (p ?? {}) as Record<string, unknown>;
      return { number: Number(port.port ?? 0), name: String(port.name ?? ""), protocol: String(port.protocol ?? "") };
    });
    const value: IndexedService = { ports, resource: svc };
    const fqdn = expandShortHost(svc.name, svc.namespace, suffix);
    const anno = svc.object.metadata.annotations?.["networking.istio.io/exportTo"];
    const scopes = anno ? anno.split(",").map((s) => s.trim()).map((s) => (s === EXPORT_LOCAL ? svc.namespace ?? "" : s)) : [EXPORT_ALL];
    for (const scope of scopes) entries.set(scopedKey(scope, fqdn), value);
  }
  const wildcards: [string, string, IndexedService][] = [];
  for (const [key, value] of entries) {
    const slash = key.indexOf("/");
    if (key[slash + 1] === "*") wildcards.push([key.slice(0, slash), key.slice(slash + 1), value]);
  }
  return { entries, wildcards, domainSuffix: suffix };
}

/** The model's index, built once per model. */
export const serviceIndex: (model: MeshModel) => ServiceIndex = perModel(buildServiceIndex);

/** Look `host` up from a resource in `namespace` with its own `exportTo` list. */
export function lookupService(index: ServiceIndex, host: string, namespace: string | undefined, exportTo: readonly string[] | undefined): IndexedService | undefined {
  const ns = namespace ?? "";
  const fqdn = expandShortHost(host, namespace, index.domainSuffix);
  const all = index.entries.get(scopedKey(EXPORT_ALL, fqdn));
  if (all) return all;
  const scopes = exportTo && exportTo.length > 0 ? exportTo.map((e) => (e === EXPORT_LOCAL ? ns : e)) : [ns];
  for (const scope of scopes) {
    const found = index.entries.get(scopedKey(scope, fqdn));
    if (found) return found;
  }
  const bare = host.startsWith("*") ? host.slice(1) : host;
  for (const [scope, seHost, value] of index.wildcards) {
    if (scope !== EXPORT_ALL && scope !== ns) continue;
    if (bare.endsWith(seHost.slice(1))) return value;
  }
  return undefined;
}
