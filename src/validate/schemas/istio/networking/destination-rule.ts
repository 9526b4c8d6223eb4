/** DestinationRule: policies (TLS, pools, load balancing, outlier detection) for traffic to a host, and its subsets. */
import { Type, type Static } from "@sinclair/typebox";
import { Double, StringEnum, StringMap, defineIstioKind } from "../define.js";
import {
  ClientTLSSettings,
  ConnectionPoolSettings,
  LoadBalancerSettings,
  MatchLabelsSelector,
  OutlierDetection,
  PortSelector,
  StringList,
  Struct,
  U32,
} from "./common.js";

const PortTrafficPolicy = Struct({
  connectionPool: ConnectionPoolSettings,
  loadBalancer: LoadBalancerSettings,
  outlierDetection: OutlierDetection,
  port: PortSelector,
  tls: ClientTLSSettings,
});

export const TrafficPolicy = Struct({
  connectionPool: ConnectionPoolSettings,
  loadBalancer: LoadBalancerSettings,
  outlierDetection: OutlierDetection,
  portLevelSettings: Type.Array(PortTrafficPolicy, { maxItems: 4096 }),
  proxyProtocol: Struct({ version: StringEnum(["V1", "V2"] as const) }),
  retryBudget: Struct({
    budgetInterval: Type.String(),
    minRetryConcurrency: U32(),
    percent: Double({ minimum: 0, maximum: 100, nullable: true }),
  }),
  tls: ClientTLSSettings,
  tunnel: Struct({ protocol: Type.String() }, { targetHost: Type.String(), targetPort: U32() }),
});
export type TrafficPolicy = Static<typeof TrafficPolicy>;

const Subset = Struct({ labels: StringMap(), trafficPolicy: TrafficPolicy }, { name: Type.String() });

export const DestinationRuleSpec = Struct(
  {
    exportTo: StringList(),
    subsets: Type.Array(Subset),
    trafficPolicy: TrafficPolicy,
    workloadSelector: MatchLabelsSelector,
  },
  { host: Type.String() },
);
export type DestinationRuleSpec = Static<typeof DestinationRuleSpec>;
export const DestinationRule = defineIstioKind("DestinationRule", DestinationRuleSpec);
