/** ServiceEntry: adds a service (usually outside the mesh) to Istio's registry. */
import { Type, type Static } from "@sinclair/typebox";
import { StringEnum, defineIstioKind, withChecks } from "../define.js";
import { PortNumber, StringList, Struct, WorkloadEntryShape, WorkloadSelector } from "./common.js";

const ServicePort = Struct(
  { protocol: Type.String({ maxLength: 256 }), targetPort: PortNumber() },
  { name: Type.String({ maxLength: 256 }), number: PortNumber() },
);

export const ServiceEntrySpec = withChecks(
  Struct(
    {
      addresses: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 256 }),
      endpoints: Type.Array(WorkloadEntryShape(true), { maxItems: 4096 }),
      exportTo: StringList(),
      location: StringEnum(["MESH_EXTERNAL", "MESH_INTERNAL"] as const),
      ports: withChecks(Type.Array(ServicePort, { maxItems: 256 }), "service-entry-unique-port-numbers"),
      resolution: StringEnum(["NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN", "DYNAMIC_DNS"] as const),
      subjectAltNames: StringList(),
      workloadSelector: WorkloadSelector,
    },
    { hosts: Type.Array(withChecks(Type.String(), "service-entry-host-not-star"), { minItems: 1, maxItems: 256 }) },
  ),
  "service-entry-selector-or-endpoints",
  "service-entry-cidr-needs-static",
  "service-entry-none-without-endpoints",
  "service-entry-round-robin-one-endpoint",
);
export type ServiceEntrySpec = Static<typeof ServiceEntrySpec>;
export const ServiceEntry = defineIstioKind("ServiceEntry", ServiceEntrySpec);
