/** Whole-resource JSON Schemas (apiVersion, kind, metadata, spec, status) built from the per-kind definitions. */
import { KINDS, apiVersionOf, type KindInfo } from "../../model/kinds.js";
import { ObjectMeta } from "./k8s/object-meta.js";
import { K8S_SCHEMAS } from "./k8s/kinds.js";
import type { IstioKindDefinition } from "./istio/define.js";

export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

function strip(schema: unknown): unknown {
  // TypeBox schemas carry symbol keys; a JSON round trip leaves plain draft-07 data.
  return JSON.parse(JSON.stringify(schema));
}

export function istioResourceSchema(info: KindInfo, def: IstioKindDefinition, versions: readonly string[] = info.versions): Record<string, unknown> {
  return {
    type: "object",
    required: ["apiVersion", "kind", "metadata"],
    additionalProperties: false,
    properties: {
      apiVersion: { type: "string", enum: versions.map((v) => apiVersionOf(info, v)) },
      kind: { type: "string", enum: [info.kind] },
      metadata: strip(ObjectMeta),
      spec: strip(def.spec),
      status: { type: "object" },
    },
  };
}

export function k8sResourceSchema(info: KindInfo): Record<string, unknown> {
  const body = strip(K8S_SCHEMAS[info.id] ?? { type: "object" }) as Record<string, unknown>;
  const props = { ...((body.properties as Record<string, unknown>) ?? {}) };
  props.metadata = {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string", minLength: 1 },
      namespace: { type: "string" },
      labels: { type: "object", additionalProperties: { type: "string" } },
      annotations: { type: "object", additionalProperties: { type: "string" } },
    },
  };
  return { ...body, type: "object", properties: props };
}

/** The kinds with schemas: every Istio kind must have a definition (a test checks this). */
export function istioKinds(): KindInfo[] {
  return KINDS.filter((k) => k.istio);
}
