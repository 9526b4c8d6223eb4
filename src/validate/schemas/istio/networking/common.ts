/**
 * Building blocks shared by the networking.istio.io kinds: string matches, ports, destinations,
 * header edits, connection pools, load balancing, TLS settings, workload selectors, workload entries.
 */
import { Type, type Static, type TSchema, type SchemaOptions, type TObject, type TOptional, type TProperties } from "@sinclair/typebox";
import { Double, Duration, Int32, StringEnum, StringMap, withChecks } from "../define.js";

type Optionals<O extends TProperties> = { [K in keyof O]: TOptional<O[K]> };

/**
 * A strict object whose `optional` properties may be left out and whose `required` ones may not.
 * Saves wrapping every spec field in Type.Optional (almost all of them are optional).
 */
export function Struct<O extends TProperties, R extends TProperties = {}>(
  optional: O,
  required?: R,
  options: SchemaOptions = {},
): TObject<Optionals<O> & R> {
  const props: Record<string, TSchema> = {};
  for (const [k, v] of Object.entries(optional)) props[k] = Type.Optional(v);
  for (const [k, v] of Object.entries(required ?? {})) props[k] = v;
  return Type.Object(props, { ...options, additionalProperties: false }) as unknown as TObject<Optionals<O> & R>;
}

/** The CRD's way of saying "at most one of these fields": a oneOf over `required` clauses. */
export function atMostOneOf(keys: readonly string[]): object[] {
  return [{ not: { anyOf: keys.map((k) => ({ required: [k] })) } }, ...keys.map((k) => ({ required: [k] }))];
}

/** uint32 exactly as the CRDs write it (no format, 0 ..= 4294967295); define.ts's UInt32 would add format int32. */
export const U32 = (o: SchemaOptions = {}) => Type.Integer({ minimum: 0, maximum: 4294967295, ...o });
/** uint64 as the CRDs write it: a non-negative integer without a format. */
export const U64 = (o: SchemaOptions = {}) => Type.Integer({ minimum: 0, ...o });
/** A port number field carrying the CRD's 1..65535 rule. */
export const PortNumber = () => withChecks(U32(), "port-range");
/** A duration field carrying the CRD's ">= 1ms" rule. */
export const MinDuration = () => withChecks(Duration(), "duration-min-1ms");
export const StringList = (o: SchemaOptions = {}) => Type.Array(Type.String(), o);

/** exact / prefix / regex, at most one set. */
export const StringMatch = Struct({ exact: Type.String(), prefix: Type.String(), regex: Type.String() }, {}, { oneOf: atMostOneOf(["exact", "prefix", "regex"]) });
export type StringMatch = Static<typeof StringMatch>;

export const Percent = Struct({ value: Double() });
export const PortSelector = Struct({ number: U32() });
export const Destination = Struct({ port: PortSelector, subset: Type.String() }, { host: Type.String() });
export type Destination = Static<typeof Destination>;

export const HeaderOperations = Struct({ add: StringMap(), remove: StringList(), set: StringMap() });
export const Headers = Struct({ request: HeaderOperations, response: HeaderOperations });
export type Headers = Static<typeof Headers>;

/** Labels selecting workloads (networking v1alpha3 flavour: `labels`). */
export const WorkloadSelector = Struct({
  labels: Type.Record(Type.String(), withChecks(Type.String({ maxLength: 63 }), "no-wildcard"), { maxProperties: 256 }),
});

/** Labels selecting workloads (type v1beta1 flavour: `matchLabels`). */
export const MatchLabelsSelector = Struct({
  matchLabels: withChecks(
    Type.Record(Type.String(), withChecks(Type.String({ maxLength: 63 }), "no-wildcard"), { maxProperties: 4096 }),
    "no-wildcard-keys",
    "no-empty-keys",
  ),
});

// ---- connection pool, load balancing, outlier detection (DestinationRule, Sidecar) ----

export const ConnectionPoolSettings = Struct({
  http: Struct({
    h2UpgradePolicy: StringEnum(["DEFAULT", "DO_NOT_UPGRADE", "UPGRADE"] as const),
    http1MaxPendingRequests: Int32(),
    http2KeepAlive: Struct({ interval: MinDuration(), timeout: MinDuration() }),
    http2MaxRequests: Int32(),
    idleTimeout: MinDuration(),
    maxConcurrentStreams: Int32(),
    maxRequestsPerConnection: Int32(),
    maxRetries: Int32(),
    useClientProtocol: Type.Boolean(),
  }),
  tcp: Struct({
    connectTimeout: MinDuration(),
    idleTimeout: Duration(),
    maxConnectionDuration: MinDuration(),
    maxConnections: Int32(),
    tcpKeepalive: Struct({ interval: MinDuration(), probes: U32(), time: MinDuration() }),
  }),
});
export type ConnectionPoolSettings = Static<typeof ConnectionPoolSettings>;

const LocalityFailover = Struct({ from: Type.String(), to: Type.String() });

export const LoadBalancerSettings = Struct(
  {
    backendUtilization: Struct({
      errorUtilizationPenaltyPercent: U32(),
      metricNamesForComputingUtilization: StringList(),
      weightExpirationPeriod: Duration(),
      weightStabilizationPeriod: Duration(),
      weightUpdatePeriod: Duration(),
    }),
    consistentHash: Struct(
      {
        httpCookie: Struct(
          { attributes: Type.Array(Struct({ value: Type.String() }, { name: Type.String() })), path: Type.String(), ttl: Duration() },
          { name: Type.String() },
        ),
        httpHeaderName: Type.String(),
        httpQueryParameterName: Type.String(),
        maglev: Struct({ tableSize: U64() }),
        minimumRingSize: U64(),
        ringHash: Struct({ minimumRingSize: U64() }),
        useSourceIp: Type.Boolean(),
      },
      {},
      {
        allOf: [
          { oneOf: atMostOneOf(["httpHeaderName", "httpCookie", "useSourceIp", "httpQueryParameterName"]) },
          { oneOf: atMostOneOf(["ringHash", "maglev"]) },
        ],
      },
    ),
    localityLbSetting: Struct({
      distribute: Type.Array(Struct({ from: Type.String(), to: Type.Record(Type.String(), U32()) })),
      enabled: Type.Boolean({ nullable: true }),
      failover: Type.Array(LocalityFailover),
      failoverPriority: StringList(),
    }),
    simple: StringEnum(["UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"] as const),
    warmup: Struct(
      { aggression: Double({ minimum: 0, nullable: true }), minimumPercent: Double({ minimum: 0, maximum: 100, nullable: true }) },
      { duration: MinDuration() },
    ),
    warmupDurationSecs: MinDuration(),
    zoneAwareLbSetting: Struct({
      enabled: Type.Boolean({ nullable: true }),
      failover: Type.Array(LocalityFailover),
      failoverPriority: StringList(),
      minClusterSize: U32({ minimum: 1, nullable: true }),
    }),
  },
  {},
  { oneOf: atMostOneOf(["simple", "consistentHash", "backendUtilization"]) },
);
export type LoadBalancerSettings = Static<typeof LoadBalancerSettings>;

export const OutlierDetection = Struct({
  baseEjectionTime: MinDuration(),
  consecutive5xxErrors: U32({ nullable: true }),
  consecutiveErrors: Int32(),
  consecutiveGatewayErrors: U32({ nullable: true }),
  consecutiveLocalOriginFailures: U32({ nullable: true }),
  interval: MinDuration(),
  maxEjectionPercent: Int32(),
  minHealthPercent: Int32(),
  outlierDetectionHttpErrorCodes: Type.Array(Type.Integer({ minimum: 100, maximum: 599 })),
  splitExternalLocalOriginErrors: Type.Boolean(),
});

// ---- TLS ----

/** TLS a proxy uses when it calls an upstream (DestinationRule). */
export const ClientTLSSettings = Struct({
  caCertificates: Type.String(),
  caCrl: Type.String(),
  clientCertificate: Type.String(),
  credentialName: Type.String(),
  insecureSkipVerify: Type.Boolean({ nullable: true }),
  mode: StringEnum(["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"] as const),
  privateKey: Type.String(),
  sni: Type.String(),
  subjectAltNames: StringList(),
});
export type ClientTLSSettings = Static<typeof ClientTLSSettings>;

const TLS_VERSIONS = ["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"] as const;

/** TLS a proxy serves to its clients (Gateway servers, Sidecar ingress). */
export const ServerTLSSettings = withChecks(
  Struct({
    caCertCredentialName: Type.String(),
    caCertificates: Type.String(),
    caCrl: Type.String(),
    cipherSuites: StringList(),
    credentialName: Type.String(),
    credentialNames: StringList({ minItems: 1, maxItems: 2 }),
    ecdhCurves: StringList(),
    httpsRedirect: Type.Boolean(),
    insecureSkipVerify: Type.Boolean({ nullable: true }),
    maxProtocolVersion: StringEnum(TLS_VERSIONS),
    minProtocolVersion: StringEnum(TLS_VERSIONS),
    mode: StringEnum(["PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"] as const),
    privateKey: Type.String(),
    serverCertificate: Type.String(),
    subjectAltNames: StringList(),
    tlsCertificates: Type.Array(
      Struct({ caCertificates: Type.String(), privateKey: Type.String(), serverCertificate: Type.String() }),
      { minItems: 1, maxItems: 2 },
    ),
    verifyCertificateHash: StringList(),
    verifyCertificateSpki: StringList(),
  }),
  "server-tls-credential-sources",
);
export type ServerTLSSettings = Static<typeof ServerTLSSettings>;

// ---- workload entries (WorkloadEntry, ServiceEntry endpoints, WorkloadGroup template) ----

const workloadEntryFields = {
  address: withChecks(Type.String({ maxLength: 256 }), "uds-address-absolute", "uds-address-not-dir"),
  labels: Type.Record(Type.String(), Type.String(), { maxProperties: 256 }),
  locality: Type.String({ maxLength: 2048 }),
  network: Type.String({ maxLength: 2048 }),
  ports: withChecks(Type.Record(Type.String(), PortNumber(), { maxProperties: 128 }), "port-name-keys"),
  serviceAccount: Type.String({ maxLength: 253 }),
  weight: U32(),
};

/** A workload's address and ports; `withAddressRule` adds the CRD's "address or network is required" rule. */
export function WorkloadEntryShape(withAddressRule: boolean) {
  const shape = Struct(workloadEntryFields);
  return withAddressRule
    ? withChecks(shape, "workload-address-required", "workload-uds-no-ports")
    : withChecks(shape, "workload-uds-no-ports");
}
export type WorkloadEntryShape = Static<ReturnType<typeof WorkloadEntryShape>>;
