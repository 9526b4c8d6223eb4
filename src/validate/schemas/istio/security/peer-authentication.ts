/** PeerAuthentication (security.istio.io): which mutual-TLS mode a workload accepts, per workload and per port. */
import { Type, type Static } from "@sinclair/typebox";
import { StrictObject, StringEnum, defineIstioKind, withChecks } from "../define.js";
import { MapOf, WorkloadSelector } from "./common.js";

export const MTLS_MODES = ["UNSET", "DISABLE", "PERMISSIVE", "STRICT"] as const;

const MutualTls = StrictObject(
  { mode: Type.Optional(StringEnum(MTLS_MODES, { description: "UNSET inherits from the parent policy." })) },
  { description: "The mutual-TLS mode to accept." },
);

export const PeerAuthenticationSpec = withChecks(
  StrictObject({
    selector: Type.Optional(WorkloadSelector),
    mtls: Type.Optional(MutualTls),
    portLevelMtls: Type.Optional(
      withChecks(
        MapOf(MutualTls, { minProperties: 1, description: "Per-port overrides, keyed by the workload's port number." }),
        "port-key-range",
      ),
    ),
  }),
  "port-level-mtls-needs-selector",
);

export type PeerAuthenticationSpec = Static<typeof PeerAuthenticationSpec>;
export const PeerAuthentication = defineIstioKind("PeerAuthentication", PeerAuthenticationSpec);
