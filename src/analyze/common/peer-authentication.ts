/**
 * Which PeerAuthentication mode a workload's sidecar enforces on a port, resolved as Istio does:
 * a workload-selector policy of the workload's namespace (port-level entry, then its own mode) over the
 * namespace-wide policy over the mesh-wide policy (no selector, in meshConfig.rootNamespace); UNSET
 * inherits the next level; nothing set means PERMISSIVE. Among several policies of one level the oldest
 * wins. portLevelMtls keys are the workload's (container) ports; they only count on selector policies.
 */
import type { MeshModel, Resource } from "../../model/mesh-model.js";
import { oldestFirst } from "./creation-order.js";
import { perModel } from "./per-model.js";
import { selectorMatches, stringMap } from "./selector.js";

export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";
export type MtlsLevel = "port" | "workload" | "namespace" | "mesh" | "default";

export interface EffectiveMtls {
  mode: MtlsMode;
  level: MtlsLevel;
  /** The policy that decided (absent for the built-in PERMISSIVE default). */
  policy?: Resource;
}

type Obj = Record<string, any>;

/** A policy's mode as written: STRICT, PERMISSIVE, DISABLE, or undefined for UNSET/absent/unknown. */
export function declaredMode(v: unknown): MtlsMode | undefined {
  return v === "STRICT" || v === "PERMISSIVE" || v === "DISABLE" ? v : undefined;
}

export function policySelector(pa: Resource): Record<string, string> {
  return stringMap(((pa.object.spec ?? {}) as Obj).selector?.matchLabels);
}

export function hasSelector(pa: Resource): boolean {
  return Object.keys(policySelector(pa)).length > 0;
}

function spec(pa: Resource): Obj {
  return (pa.object.spec ?? {}) as Obj;
}

/** A namespace's policies, oldest first: the namespace-wide ones, and those with a workload selector. */
interface NamespacePolicies {
  wide: Resource[];
  selecting: { pa: Resource; selector: Record<string, string> }[];
}

const byNamespace = perModel((model) => {
  const out = new Map<string, NamespacePolicies>();
  for (const pa of oldestFirst(model.list("PeerAuthentication"))) {
    const ns = pa.namespace ?? "";
    let entry = out.get(ns);
    if (!entry) out.set(ns, (entry = { wide: [], selecting: [] }));
    const selector = policySelector(pa);
    if (Object.keys(selector).length > 0) entry.selecting.push({ pa, selector });
    else entry.wide.push(pa);
  }
  return out;
});

function policiesIn(model: MeshModel, namespace: string | undefined): NamespacePolicies | undefined {
  return byNamespace(model).get(namespace ?? "");
}

function namespaceWide(model: MeshModel, namespace: string | undefined): Resource | undefined {
  return policiesIn(model, namespace)?.wide[0];
}

/** The mode clients infer for a namespace (namespace-wide policy, else mesh-wide, else PERMISSIVE): what auto mTLS uses. */
export function namespaceMtls(model: MeshModel, namespace: string | undefined): EffectiveMtls {
  const root = model.meshConfig.rootNamespace;
  if (namespace !== root) {
    const ns = namespaceWide(model, namespace);
    const mode = ns && declaredMode(spec(ns).mtls?.mode);
    if (ns && mode) return { mode, level: "namespace", policy: ns };
  }
  const mesh = namespaceWide(model, root);
  const mode = mesh && declaredMode(spec(mesh).mtls?.mode);
  if (mesh && mode) return { mode, level: namespace === root ? "namespace" : "mesh", policy: mesh };
  return { mode: "PERMISSIVE", level: "default" };
}

/** The oldest workload-selector policy of `namespace` whose selector matches `labels`. */
export function workloadPolicy(model: MeshModel, namespace: string | undefined, labels: Readonly<Record<string, string>>): Resource | undefined {
  return policiesIn(model, namespace)?.selecting.find((p) => selectorMatches(p.selector, labels))?.pa;
}

/** The mode enforced on `port` (a container port; undefined = the workload as a whole). */
export function effectiveMtls(model: MeshModel, namespace: string | undefined, labels: Readonly<Record<string, string>>, port?: number): EffectiveMtls {
  const pa = workloadPolicy(model, namespace, labels);
  if (pa) {
    const s = spec(pa);
    const portMode = port !== undefined ? declaredMode(s.portLevelMtls?.[String(port)]?.mode) : undefined;
    if (portMode) return { mode: portMode, level: "port", policy: pa };
    const mode = declaredMode(s.mtls?.mode);
    if (mode) return { mode, level: "workload", policy: pa };
  }
  return namespaceMtls(model, namespace);
}

/** `PeerAuthentication ns/name (namespace-wide)` and the like, for messages. */
export function describePolicy(e: EffectiveMtls, port?: number): string {
  if (!e.policy) return "the mesh default";
  const where = { port: `port ${port ?? ""}`.trim(), workload: "workload", namespace: "namespace-wide", mesh: "mesh-wide", default: "default" }[e.level];
  return `PeerAuthentication ${e.policy.namespace ? `${e.policy.namespace}/` : ""}${e.policy.name} (${where})`;
}
