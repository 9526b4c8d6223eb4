/**
 * Effective PeerAuthentication mode for a workload (pilot/pkg/security/authn/policy_applier.go
 * ComposePeerAuthentication): workload policy over namespace policy over mesh policy (root namespace,
 * no selector); oldest wins within a level; UNSET inherits; nothing at all = PERMISSIVE.
 * `portLevelMtls` only from the workload policy, keyed by target port.
 */
import { labelsMatch, type Resource } from "../../model/mesh-model.js";
import type { MeshIndex } from "./mesh-index.js";

export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";

export interface PeerAuthMode {
  mode: MtlsMode;
  /** Port-level overrides (target port → mode). */
  ports: Map<number, MtlsMode>;
}

type Obj = Record<string, any>;

function modeOf(spec: Obj | undefined): MtlsMode | undefined {
  const m = spec?.mtls?.mode;
  return m === "STRICT" || m === "PERMISSIVE" || m === "DISABLE" ? m : undefined;
}

function hasSelector(r: Resource): boolean {
  const l = (r.object.spec as Obj)?.selector?.matchLabels;
  return l !== undefined && Object.keys(l).length > 0;
}

export function peerAuthFor(index: MeshIndex, namespace: string, labels: Record<string, string>): PeerAuthMode {
  const root = index.model.meshConfig.rootNamespace;
  const meshPolicy = (index.peerAuthByNs.get(root) ?? []).find((r) => !hasSelector(r));
  const nsPolicy = namespace === root ? undefined : (index.peerAuthByNs.get(namespace) ?? []).find((r) => !hasSelector(r));
  const workloadPolicy = (index.peerAuthByNs.get(namespace) ?? []).find((r) => hasSelector(r) && labelsMatch((r.object.spec as Obj).selector.matchLabels, labels));
  let mode: MtlsMode = "PERMISSIVE";
  for (const p of [meshPolicy, nsPolicy, workloadPolicy]) {
    const m = p ? modeOf(p.object.spec as Obj) : undefined;
    if (m) mode = m;
  }
  const ports = new Map<number, MtlsMode>();
  const portLevel = (workloadPolicy?.object.spec as Obj | undefined)?.portLevelMtls as Record<string, Obj> | undefined;
  for (const [port, v] of Object.entries(portLevel ?? {})) {
    const m = modeOf({ mtls: v });
    const n = Number(port);
    if (Number.isInteger(n)) ports.set(n, m ?? mode);
  }
  return { mode, ports };
}

export function modeForPort(pa: PeerAuthMode, port: number): MtlsMode {
  return pa.ports.get(port) ?? pa.mode;
}

/** A service's mTLS mode for auto mTLS: namespace over mesh policy (BestEffortInferServiceMTLSMode). */
export function serviceMtlsMode(index: MeshIndex, namespace: string): MtlsMode {
  const root = index.model.meshConfig.rootNamespace;
  const meshPolicy = (index.peerAuthByNs.get(root) ?? []).find((r) => !hasSelector(r));
  const nsPolicy = (index.peerAuthByNs.get(namespace) ?? []).find((r) => !hasSelector(r));
  return (nsPolicy && modeOf(nsPolicy.object.spec as Obj)) ?? (meshPolicy && modeOf(meshPolicy.object.spec as Obj)) ?? "PERMISSIVE";
}

/**
 * Whether an endpoint's own workload turns mTLS off on `port` (a selector PeerAuthentication, or its
 * portLevelMtls): auto mTLS then leaves the endpoint plaintext (endpoint_builder.go mtlsChecker).
 * Namespace and mesh policies are already in serviceMtlsMode.
 */
export function workloadMtlsDisabled(index: MeshIndex, namespace: string, labels: Record<string, string>, port: number): boolean {
  const local = index.peerAuthByNs.get(namespace);
  if (!local || !local.some(hasSelector)) return false;
  return modeForPort(peerAuthFor(index, namespace, labels), port) === "DISABLE";
}
