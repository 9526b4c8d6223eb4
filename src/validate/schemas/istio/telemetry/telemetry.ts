/** Telemetry (telemetry.istio.io): metrics, tracing and access-logging settings for a mesh, namespace or workload. */
import { Type, type Static } from "@sinclair/typebox";
import { Double, Duration, StrictObject, StringEnum, defineIstioKind, withChecks } from "../define.js";
import { MapOf, Nullable, PolicyTargetReference, PolicyTargetReferences, WorkloadSelector } from "../security/common.js";

export const WORKLOAD_MODES = ["CLIENT_AND_SERVER", "CLIENT", "SERVER"] as const;
export const METRICS = [
  "ALL_METRICS",
  "REQUEST_COUNT",
  "REQUEST_DURATION",
  "REQUEST_SIZE",
  "RESPONSE_SIZE",
  "TCP_OPENED_CONNECTIONS",
  "TCP_CLOSED_CONNECTIONS",
  "TCP_SENT_BYTES",
  "TCP_RECEIVED_BYTES",
  "GRPC_REQUEST_MESSAGES",
  "GRPC_RESPONSE_MESSAGES",
] as const;

const NullableBool = () => Type.Optional(Nullable(Type.Boolean()));

/** A provider named in the mesh config (extensionProviders) or a built-in one. */
const ProviderRef = StrictObject({ name: Type.String({ minLength: 1 }) });
const Providers = () => Type.Optional(Type.Array(ProviderRef));

/** Which side of the traffic (client, server or both) a setting applies to. */
const WorkloadModeSelector = StrictObject({ mode: Type.Optional(StringEnum(WORKLOAD_MODES)) });

/** Tracing: the value of a custom span tag, from one source. */
const NamedWithDefault = StrictObject({
  name: Type.String({ minLength: 1 }),
  defaultValue: Type.Optional(Type.String()),
});
const CustomTag = StrictObject({
  literal: Type.Optional(StrictObject({ value: Type.String({ minLength: 1 }) })),
  environment: Type.Optional(NamedWithDefault),
  header: Type.Optional(NamedWithDefault),
  formatter: Type.Optional(StrictObject({ value: Type.String({ minLength: 1 }) })),
});

const Tracing = StrictObject({
  match: Type.Optional(WorkloadModeSelector),
  providers: Providers(),
  randomSamplingPercentage: Type.Optional(Nullable(Double({ minimum: 0, maximum: 100 }))),
  disableSpanReporting: NullableBool(),
  customTags: Type.Optional(MapOf(CustomTag)),
  useRequestIdForTraceSampling: NullableBool(),
  enableIstioTags: NullableBool(),
  disableContextPropagation: NullableBool(),
});

/** Metrics: change a tag (label) of the selected metrics. */
const TagOverride = withChecks(
  StrictObject({
    operation: Type.Optional(StringEnum(["UPSERT", "REMOVE"] as const)),
    value: Type.Optional(Type.String()),
  }),
  "tag-override-upsert-needs-value",
  "tag-override-remove-no-value",
);

const MetricSelector = StrictObject({
  metric: Type.Optional(StringEnum(METRICS)),
  customMetric: Type.Optional(Type.String({ minLength: 1 })),
  mode: Type.Optional(StringEnum(WORKLOAD_MODES)),
});

const MetricsOverrides = StrictObject({
  match: Type.Optional(MetricSelector),
  disabled: NullableBool(),
  tagOverrides: Type.Optional(MapOf(TagOverride)),
});

const Metrics = StrictObject({
  providers: Providers(),
  overrides: Type.Optional(Type.Array(MetricsOverrides)),
  reportingInterval: Type.Optional(withChecks(Duration(), "duration-min-1ms")),
});

const AccessLogging = StrictObject({
  match: Type.Optional(WorkloadModeSelector),
  providers: Providers(),
  disabled: NullableBool(),
  /** A CEL expression; only requests for which it is true are logged. */
  filter: Type.Optional(StrictObject({ expression: Type.Optional(Type.String()) })),
});

export const TelemetrySpec = withChecks(
  StrictObject({
    selector: Type.Optional(WorkloadSelector),
    targetRef: Type.Optional(PolicyTargetReference),
    targetRefs: Type.Optional(PolicyTargetReferences),
    tracing: Type.Optional(Type.Array(Tracing)),
    metrics: Type.Optional(Type.Array(Metrics)),
    accessLogging: Type.Optional(Type.Array(AccessLogging)),
  }),
  "selector-or-target-refs",
);

export type TelemetrySpec = Static<typeof TelemetrySpec>;
export const Telemetry = defineIstioKind("Telemetry", TelemetrySpec);
