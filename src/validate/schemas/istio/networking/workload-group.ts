/** WorkloadGroup: a template from which WorkloadEntries are made, plus their readiness probe. */
import { Type, type Static } from "@sinclair/typebox";
import { Int32, StringMap, defineIstioKind, withChecks } from "../define.js";
import { PortNumber, Struct, WorkloadEntryShape, atMostOneOf } from "./common.js";

const NonNegative = () => Int32({ minimum: 0 });

const ReadinessProbe = Struct(
  {
    exec: Struct({}, { command: Type.Array(Type.String({ minLength: 1 })) }),
    failureThreshold: NonNegative(),
    grpc: Struct({ port: PortNumber(), service: Type.String() }),
    httpGet: Struct(
      {
        host: Type.String(),
        httpHeaders: Type.Array(Struct({ name: Type.String({ pattern: "^[-_A-Za-z0-9]+$" }), value: Type.String() })),
        path: Type.String(),
        scheme: withChecks(Type.String(), "probe-scheme-http"),
      },
      { port: PortNumber() },
    ),
    initialDelaySeconds: NonNegative(),
    periodSeconds: NonNegative(),
    successThreshold: NonNegative(),
    tcpSocket: Struct({ host: Type.String() }, { port: PortNumber() }),
    timeoutSeconds: NonNegative(),
  },
  {},
  { oneOf: atMostOneOf(["httpGet", "tcpSocket", "exec", "grpc"]) },
);

export const WorkloadGroupSpec = Struct(
  {
    metadata: Struct({
      annotations: StringMap({ maxProperties: 256 }),
      labels: StringMap({ maxProperties: 256 }),
    }),
    probe: ReadinessProbe,
  },
  { template: WorkloadEntryShape(false) },
);
export type WorkloadGroupSpec = Static<typeof WorkloadGroupSpec>;
export const WorkloadGroup = defineIstioKind("WorkloadGroup", WorkloadGroupSpec);
