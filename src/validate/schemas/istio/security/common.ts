/**
 * Blocks shared by the policy kinds of security.istio.io, telemetry.istio.io and extensions.istio.io:
 * how a policy picks the workloads it applies to (a label selector, or references to a Service,
 * ServiceEntry, Gateway or GatewayClass), plus two small schema helpers (maps, nullable values).
 */
import { Type, type Static, type TSchema, type SchemaOptions } from "@sinclair/typebox";
import { StrictObject, withChecks } from "../define.js";

/** A JSON object used as a map: every value has the schema `value` (the CRD's additionalProperties). */
export function MapOf<T extends TSchema>(value: T, options: SchemaOptions = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({ ...options, type: "object", additionalProperties: value });
}

/**
 * The CRD's `nullable: true` (a protobuf wrapper type): the value may also be an explicit null.
 * Written as a type list so that editors reading the draft-07 files accept null too.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const type = (schema as { type?: string }).type;
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, "null"] });
}

/** Labels a workload must carry for the policy to apply to it. */
export const WorkloadSelector = StrictObject(
  {
    matchLabels: Type.Optional(
      withChecks(
        MapOf(withChecks(Type.String({ maxLength: 63 }), "no-wildcard"), { maxProperties: 4096 }),
        "no-wildcard-keys",
        "no-empty-keys",
      ),
    ),
  },
  { description: "Selects workloads by their labels." },
);

/** A reference to the resource a policy is attached to, in the policy's own namespace. */
export const PolicyTargetReference = StrictObject(
  {
    group: Type.Optional(
      Type.String({ maxLength: 253, pattern: "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" }),
    ),
    kind: Type.String({ minLength: 1, maxLength: 63, pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$" }),
    name: Type.String({ minLength: 1, maxLength: 253 }),
    namespace: Type.Optional(withChecks(Type.String(), "policy-target-same-namespace")),
  },
  { description: "The group, kind and name of the resource the policy attaches to." },
);

export const PolicyTargetReferences = Type.Array(PolicyTargetReference, { maxItems: 16 });

export type WorkloadSelector = Static<typeof WorkloadSelector>;
export type PolicyTargetReference = Static<typeof PolicyTargetReference>;
