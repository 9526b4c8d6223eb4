/** EnvoyFilter: raw patches applied to the Envoy configuration Istio generates. */
import { Type, type Static } from "@sinclair/typebox";
import { Free, Int32, StringEnum, StringMap, defineIstioKind, withChecks } from "../define.js";
import { PortNumber, Struct, U32, WorkloadSelector, atMostOneOf } from "./common.js";

const FilterMatch = Struct({ name: Type.String(), subFilter: Struct({ name: Type.String() }) });

const ListenerMatch = Struct({
  filterChain: Struct({
    applicationProtocols: Type.String(),
    destinationPort: U32(),
    filter: FilterMatch,
    name: Type.String(),
    sni: Type.String(),
    transportProtocol: Type.String(),
    transportSocket: Type.String(),
  }),
  listenerFilter: Type.String(),
  name: Type.String(),
  portName: Type.String(),
  portNumber: U32(),
});

const RouteConfigurationMatch = Struct({
  gateway: Type.String(),
  name: Type.String(),
  portName: Type.String(),
  portNumber: U32(),
  vhost: Struct({
    domainName: Type.String(),
    name: Type.String(),
    route: Struct({ action: StringEnum(["ANY", "ROUTE", "REDIRECT", "DIRECT_RESPONSE"] as const), name: Type.String() }),
  }),
});

const ClusterMatch = Struct({ name: Type.String(), portNumber: U32(), service: Type.String(), subset: Type.String() });

const WaypointMatch = Struct({ filter: FilterMatch, portNumber: PortNumber(), route: Struct({ name: Type.String() }) });

const EnvoyConfigObjectMatch = withChecks(
  Struct(
    {
      cluster: ClusterMatch,
      context: StringEnum(["ANY", "SIDECAR_INBOUND", "SIDECAR_OUTBOUND", "GATEWAY", "WAYPOINT"] as const),
      listener: ListenerMatch,
      proxy: Struct({ metadata: StringMap(), proxyVersion: Type.String() }),
      routeConfiguration: RouteConfigurationMatch,
      waypoint: WaypointMatch,
    },
    {},
    { oneOf: atMostOneOf(["listener", "routeConfiguration", "cluster", "waypoint"]) },
  ),
  "envoy-filter-waypoint-context",
);

const APPLY_TO = [
  "INVALID", "LISTENER", "FILTER_CHAIN", "NETWORK_FILTER", "HTTP_FILTER", "ROUTE_CONFIGURATION",
  "VIRTUAL_HOST", "HTTP_ROUTE", "CLUSTER", "EXTENSION_CONFIG", "BOOTSTRAP", "LISTENER_FILTER",
] as const;
const OPERATIONS = [
  "INVALID", "MERGE", "ADD", "REMOVE", "INSERT_BEFORE", "INSERT_AFTER", "INSERT_FIRST", "REPLACE", "MERGE_AND_REPLACE_LIST",
] as const;

const Patch = Struct({
  filterClass: StringEnum(["UNSPECIFIED", "AUTHN", "AUTHZ", "STATS"] as const),
  operation: StringEnum(OPERATIONS),
  /** The Envoy configuration fragment itself: any JSON object. */
  value: Free({ type: "object" }),
});

const PolicyTargetReference = Struct(
  {
    group: Type.String({ maxLength: 253, pattern: "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" }),
    namespace: withChecks(Type.String(), "target-ref-same-namespace"),
  },
  {
    kind: Type.String({ minLength: 1, maxLength: 63, pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$" }),
    name: Type.String({ minLength: 1, maxLength: 253 }),
  },
);

export const EnvoyFilterSpec = withChecks(
  Struct({
    configPatches: Type.Array(Struct({ applyTo: StringEnum(APPLY_TO), match: EnvoyConfigObjectMatch, patch: Patch })),
    priority: Int32(),
    targetRefs: Type.Array(PolicyTargetReference, { maxItems: 16 }),
    workloadSelector: WorkloadSelector,
  }),
  "envoy-filter-selector-or-target-refs",
);
export type EnvoyFilterSpec = Static<typeof EnvoyFilterSpec>;
export const EnvoyFilter = defineIstioKind("EnvoyFilter", EnvoyFilterSpec);
