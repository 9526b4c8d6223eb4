/** VirtualService: how requests for a set of hosts are routed (HTTP, TLS by SNI, plain TCP). */
import { Type, type Static } from "@sinclair/typebox";
import { Int32, StringEnum, StringMap, defineIstioKind } from "../define.js";
import { Destination, Headers, MinDuration, Percent, StringList, StringMatch, Struct, U32, atMostOneOf } from "./common.js";

export const HTTPMatchRequest = Struct({
  authority: StringMatch,
  gateways: StringList(),
  headers: Type.Record(Type.String(), StringMatch),
  ignoreUriCase: Type.Boolean(),
  method: StringMatch,
  name: Type.String(),
  port: U32(),
  queryParams: Type.Record(Type.String(), StringMatch),
  scheme: StringMatch,
  sourceLabels: StringMap(),
  sourceNamespace: Type.String(),
  statPrefix: Type.String(),
  uri: StringMatch,
  withoutHeaders: Type.Record(Type.String(), StringMatch),
});

const HTTPRouteDestination = Struct({ headers: Headers, weight: Int32() }, { destination: Destination });
const RouteDestination = Struct({ weight: Int32() }, { destination: Destination });

const CorsPolicy = Struct({
  allowCredentials: Type.Boolean({ nullable: true }),
  allowHeaders: StringList(),
  allowMethods: StringList(),
  allowOrigin: StringList(),
  allowOrigins: Type.Array(StringMatch),
  exposeHeaders: StringList(),
  maxAge: MinDuration(),
  unmatchedPreflights: StringEnum(["UNSPECIFIED", "FORWARD", "IGNORE"] as const),
});

const HTTPFaultInjection = Struct({
  abort: Struct(
    { grpcStatus: Type.String(), http2Error: Type.String(), httpStatus: Int32(), percentage: Percent },
    {},
    { oneOf: atMostOneOf(["httpStatus", "grpcStatus", "http2Error"]) },
  ),
  delay: Struct(
    { exponentialDelay: MinDuration(), fixedDelay: MinDuration(), percent: Int32(), percentage: Percent },
    {},
    { oneOf: atMostOneOf(["fixedDelay", "exponentialDelay"]) },
  ),
});

const HTTPDirectResponse = Struct(
  {
    body: Struct({ bytes: Type.String({ format: "byte" }), string: Type.String() }, {}, { oneOf: atMostOneOf(["string", "bytes"]) }),
  },
  { status: U32() },
);

const HTTPRedirect = Struct(
  {
    authority: Type.String(),
    derivePort: StringEnum(["FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT"] as const),
    port: U32(),
    prefixRewrite: Type.String(),
    redirectCode: U32(),
    scheme: Type.String(),
    uri: Type.String(),
  },
  {},
  { oneOf: atMostOneOf(["port", "derivePort"]) },
);

const HTTPRetry = Struct({
  attempts: Int32(),
  backoff: MinDuration(),
  perTryTimeout: MinDuration(),
  retryIgnorePreviousHosts: Type.Boolean({ nullable: true }),
  retryOn: Type.String(),
  retryRemoteLocalities: Type.Boolean({ nullable: true }),
});

const HTTPRewrite = Struct({
  authority: Type.String(),
  uri: Type.String(),
  uriRegexRewrite: Struct({ match: Type.String(), rewrite: Type.String() }),
});

export const HTTPRoute = Struct({
  corsPolicy: CorsPolicy,
  delegate: Struct({ name: Type.String(), namespace: Type.String() }),
  directResponse: HTTPDirectResponse,
  fault: HTTPFaultInjection,
  headers: Headers,
  match: Type.Array(HTTPMatchRequest),
  mirror: Destination,
  mirror_percent: U32({ nullable: true }),
  mirrorPercent: U32({ nullable: true }),
  mirrorPercentage: Percent,
  mirrors: Type.Array(Struct({ percentage: Percent }, { destination: Destination })),
  name: Type.String(),
  redirect: HTTPRedirect,
  retries: HTTPRetry,
  rewrite: HTTPRewrite,
  route: Type.Array(HTTPRouteDestination),
  timeout: MinDuration(),
});

const L4MatchAttributes = Struct({
  destinationSubnets: StringList(),
  gateways: StringList(),
  port: U32(),
  sourceLabels: StringMap(),
  sourceNamespace: Type.String(),
  sourceSubnet: Type.String(),
});

const TLSMatchAttributes = Struct(
  {
    destinationSubnets: StringList(),
    gateways: StringList(),
    port: U32(),
    sourceLabels: StringMap(),
    sourceNamespace: Type.String(),
  },
  { sniHosts: StringList() },
);

export const VirtualServiceSpec = Struct({
  exportTo: StringList(),
  gateways: StringList(),
  hosts: StringList(),
  http: Type.Array(HTTPRoute),
  tcp: Type.Array(Struct({ match: Type.Array(L4MatchAttributes), route: Type.Array(RouteDestination) })),
  tls: Type.Array(Struct({ route: Type.Array(RouteDestination) }, { match: Type.Array(TLSMatchAttributes) })),
});
export type VirtualServiceSpec = Static<typeof VirtualServiceSpec>;
export const VirtualService = defineIstioKind("VirtualService", VirtualServiceSpec);
