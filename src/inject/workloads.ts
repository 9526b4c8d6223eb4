/**
 * Where the pod lives in each injectable kind and which identities feed the template
 * (inject.md 2.2, 2.3, 3).
 */
import { InputError } from "../errors.js";
import type { JsonObject } from "./k8s-codec.js";
import { isObj, labelsOf, text } from "./template-data.js";

/** Injectable kinds (matched on `kind` alone) and the Go type each decodes as. */
export const WORKLOAD_TYPES: Record<string, string> = {
  Pod: "c.Pod",
  Deployment: "a.Deployment",
  DaemonSet: "a.DaemonSet",
  StatefulSet: "a.StatefulSet",
  ReplicaSet: "a.ReplicaSet",
  Job: "b.Job",
  CronJob: "b.CronJob",
  ReplicationController: "c.ReplicationController",
  DeploymentConfig: "o.DeploymentConfig",
};

export interface PodLocation {
  meta: JsonObject;
  spec: JsonObject;
  /** Writes pod metadata and spec back into a copy of the workload. */
  put(meta: JsonObject, spec: JsonObject): JsonObject;
}

const obj = (v: unknown): JsonObject => (isObj(v) ? v : {});

export function locatePod(workload: JsonObject, kind: string, where: string): PodLocation {
  if (kind === "Pod") {
    return { meta: obj(workload.metadata), spec: obj(workload.spec), put: (meta, spec) => ({ ...workload, metadata: meta, spec }) };
  }
  const spec = obj(workload.spec);
  if (kind === "CronJob") {
    const jt = obj(spec.jobTemplate);
    const jspec = obj(jt.spec);
    const tmpl = obj(jspec.template);
    return {
      meta: obj(jt.metadata),
      spec: obj(tmpl.spec),
      put: (meta, podSpec) => ({
        ...workload,
        spec: { ...spec, jobTemplate: { ...jt, metadata: meta, spec: { ...jspec, template: { ...tmpl, spec: podSpec } } } },
      }),
    };
  }
  if ((kind === "ReplicationController" || kind === "DeploymentConfig") && !isObj(spec.template)) {
    throw new InputError(`${where}: spec.template is required value`);
  }
  const tmpl = obj(spec.template);
  return {
    meta: obj(tmpl.metadata),
    spec: obj(tmpl.spec),
    put: (meta, podSpec) => ({ ...workload, spec: { ...spec, template: { ...tmpl, metadata: meta, spec: podSpec } } }),
  };
}

/** Deployment meta and type meta (inject.md 3, 3.1). */
export function identities(workload: JsonObject, kind: string): {
  deploymentMeta: { name: string; namespace: string };
  typeMeta: { kind: string; apiVersion: string };
} {
  const md = obj(workload.metadata);
  if (kind !== "Pod") {
    return {
      deploymentMeta: { name: text(md.name), namespace: text(md.namespace) },
      typeMeta: { kind: text(workload.kind), apiVersion: text(workload.apiVersion) },
    };
  }
  let name = text(md.name);
  const namespace = text(md.namespace);
  let k = "Pod";
  let apiVersion = "v1";
  const owners = Array.isArray(md.ownerReferences) ? md.ownerReferences.filter(isObj) : [];
  const controller = owners.find((o) => o.controller === true);
  if (text(md.generateName) !== "" && controller) {
    const labels = labelsOf(md);
    apiVersion = text(controller.apiVersion);
    k = text(controller.kind);
    name = text(controller.name);
    const hash = labels["pod-template-hash"];
    const rolloutHash = labels["rollouts-pod-template-hash"];
    if (k === "ReplicaSet" && hash && name.endsWith(`-${hash}`)) {
      name = name.slice(0, -hash.length - 1);
      k = "Deployment";
    } else if (k === "ReplicaSet" && rolloutHash && name.endsWith(`-${rolloutHash}`)) {
      name = name.slice(0, -rolloutHash.length - 1);
      k = "Rollout";
      apiVersion = "v1alpha1";
    } else if (k === "ReplicationController" && labels.deploymentconfig) {
      name = labels.deploymentconfig;
      k = "DeploymentConfig";
    } else if (k === "Job" && /-\d{8,10}$/.test(name)) {
      name = name.replace(/-\d{8,10}$/, "");
      k = "CronJob";
      apiVersion = "batch/v1";
    }
  }
  if (name === "") name = text(md.name);
  return { deploymentMeta: { name, namespace }, typeMeta: { kind: k, apiVersion } };
}

const IGNORED_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"]);

/** Returns the skip reason (inject.md 4) or undefined when the pod is to be injected. */
export function injectionDisabled(meta: JsonObject): boolean {
  const labels = labelsOf(meta);
  const ann = isObj(meta.annotations) ? (meta.annotations as Record<string, string>) : {};
  const value = Object.prototype.hasOwnProperty.call(labels, "sidecar.istio.io/inject")
    ? labels["sidecar.istio.io/inject"]
    : ann["sidecar.istio.io/inject"];
  if (IGNORED_NAMESPACES.has(text(meta.namespace))) return true;
  return value === "false";
}
