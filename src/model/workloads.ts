/**
 * Workloads as the mesh sees them: Pods, the pod templates of workload controllers (so a file-only
 * run knows the workloads a Deployment will create), and WorkloadEntries.
 */
import type { Resource } from "./mesh-model.js";

export interface Workload {
  /** `<name>.<namespace>`: the proxy name used by compile/bootstrap (`--proxy reviews-v1.blog-app`). */
  id: string;
  name: string;
  namespace: string;
  /** Pod, Deployment, …, or WorkloadEntry. */
  kind: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  serviceAccount: string;
  /** The pod spec (absent for WorkloadEntries). */
  podSpec?: Record<string, unknown>;
  /** Pod IP or WorkloadEntry address, when known. */
  address?: string;
  resource: Resource;
}

type Obj = Record<string, any>;

function template(res: Resource): { metadata?: Obj; spec?: Obj } | undefined {
  const spec = res.object.spec as Obj | undefined;
  if (!spec) return undefined;
  if (res.kind === "CronJob") return spec.jobTemplate?.spec?.template;
  return spec.template;
}

export function buildWorkloads(pods: readonly Resource[], controllers: readonly Resource[], entries: readonly Resource[]): Workload[] {
  const out: Workload[] = [];
  for (const pod of pods) {
    const ns = pod.namespace ?? "default";
    const spec = (pod.object.spec ?? {}) as Obj;
    out.push({
      id: `${pod.name}.${ns}`,
      name: pod.name,
      namespace: ns,
      kind: "Pod",
      labels: { ...(pod.object.metadata.labels ?? {}) },
      annotations: { ...(pod.object.metadata.annotations ?? {}) },
      serviceAccount: spec.serviceAccountName ?? spec.serviceAccount ?? "default",
      podSpec: spec,
      address: (pod.object.status as Obj | undefined)?.podIP,
      resource: pod,
    });
  }
  for (const c of controllers) {
    const t = template(c);
    if (!t) continue;
    const ns = c.namespace ?? "default";
    const spec = t.spec ?? {};
    out.push({
      id: `${c.name}.${ns}`,
      name: c.name,
      namespace: ns,
      kind: c.kind,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations: { ...(t.metadata?.annotations ?? {}) },
      serviceAccount: spec.serviceAccountName ?? spec.serviceAccount ?? "default",
      podSpec: spec,
      resource: c,
    });
  }
  for (const e of entries) {
    const ns = e.namespace ?? "default";
    const spec = (e.object.spec ?? {}) as Obj;
    out.push({
      id: `${e.name}.${ns}`,
      name: e.name,
      namespace: ns,
      kind: "WorkloadEntry",
      labels: { ...(spec.labels ?? {}) },
      annotations: { ...(e.object.metadata.annotations ?? {}) },
      serviceAccount: spec.serviceAccount ?? "default",
      address: spec.address,
      resource: e,
    });
  }
  return out;
}
