/**
 * The workloads behind a service and the container port a service port lands on. A Kubernetes Service
 * reaches the workloads its selector selects in its namespace; a ServiceEntry those its
 * workloadSelector selects. No (or an empty) selector means endpoints come from elsewhere: none known.
 */
import type { MeshModel, Service, ServicePort, Workload } from "../../model/mesh-model.js";

export function serviceWorkloads(model: MeshModel, svc: Service): Workload[] {
  if (!svc.selector || Object.keys(svc.selector).length === 0 || svc.namespace === undefined) return [];
  return model.selectWorkloads(svc.namespace, svc.selector);
}

type Obj = Record<string, any>;

/** The container port `port` reaches on `w`: a numeric targetPort, a named one looked up in the pod spec, else the port itself. */
export function targetPortOn(port: ServicePort, w: Workload | undefined): number | undefined {
  const t = port.targetPort;
  if (t === undefined || t === null || t === "") return port.port;
  if (typeof t === "number") return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of [...((w?.podSpec as Obj | undefined)?.containers ?? [])] as Obj[]) {
    for (const p of (c?.ports ?? []) as Obj[]) if (p?.name === t && typeof p.containerPort === "number") return p.containerPort;
  }
  return undefined;
}
