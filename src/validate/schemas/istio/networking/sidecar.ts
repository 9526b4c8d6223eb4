/** Sidecar: narrows what a workload's proxy listens on and which services it can reach. */
import { Type, type Static } from "@sinclair/typebox";
import { StringEnum, defineIstioKind } from "../define.js";
import { ConnectionPoolSettings, PortSelector, ServerTLSSettings, StringList, Struct, U32, WorkloadSelector } from "./common.js";

const CaptureMode = StringEnum(["DEFAULT", "IPTABLES", "NONE"] as const);
const SidecarPort = Struct({ name: Type.String(), number: U32(), protocol: Type.String(), targetPort: U32() });

const IngressListener = Struct(
  {
    bind: Type.String(),
    captureMode: CaptureMode,
    connectionPool: ConnectionPoolSettings,
    defaultEndpoint: Type.String(),
    tls: ServerTLSSettings,
  },
  { port: SidecarPort },
);

const EgressListener = Struct({ bind: Type.String(), captureMode: CaptureMode, port: SidecarPort }, { hosts: StringList() });

export const SidecarSpec = Struct({
  egress: Type.Array(EgressListener),
  inboundConnectionPool: ConnectionPoolSettings,
  ingress: Type.Array(IngressListener),
  outboundTrafficPolicy: Struct({
    egressProxy: Struct({ port: PortSelector, subset: Type.String() }, { host: Type.String() }),
    mode: StringEnum(["REGISTRY_ONLY", "ALLOW_ANY"] as const),
  }),
  workloadSelector: WorkloadSelector,
});
export type SidecarSpec = Static<typeof SidecarSpec>;
export const Sidecar = defineIstioKind("Sidecar", SidecarSpec);
