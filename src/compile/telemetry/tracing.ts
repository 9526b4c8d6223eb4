/**
 * HCM `tracing` as istiod sets it (`pilot/pkg/networking/core/tracing.go`): sampling (client and
 * overall 100%, random = Telemetry `randomSamplingPercentage` > proxy config `tracing.sampling` >
 * PILOT_TRACE_SAMPLING 1%), Istio's custom tags (canonical service/revision, mesh and cluster id,
 * namespace, dry-run authorization results) plus user tags, sorted by name, and the provider
 * (`envoy.tracers.zipkin` / `datadog` / `opentelemetry`) from a mesh extension provider.
 * Without Telemetry tracing, the legacy mesh path: `enableTracing` gives tracing with no provider
 * (the bootstrap's tracer).
 */
import type { MeshModel } from "../../model/mesh-model.js";
import { anyOf, ENVOY_TYPES, type EnvoyMessage } from "../envoy/index.js";
import type { CustomTag } from "../../gen/envoy/envoy/type/tracing/v3/custom_tag.js";
import { ZipkinConfig_CollectorEndpointVersion } from "../../gen/envoy/envoy/config/trace/v3/zipkin.js";
import { durationOf } from "../to-xds/duration.js";
import { lookupCluster } from "../security/provider-cluster.js";
import type { CustomTagSpec, TracingSpec } from "./telemetry-model.js";

export type HcmTracing = EnvoyMessage<"envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.Tracing">;

/** PILOT_TRACE_SAMPLING's default. */
export const DEFAULT_TRACE_SAMPLING = 1.0;

/** Identity of the proxy for Istio's trace tags. */
export interface TraceIdentity {
  namespace: string;
  canonicalService: string;
  canonicalRevision: string;
  meshId: string;
  clusterId: string;
  /** xDS node cluster (`<service>.<namespace>`): the span service name. */
  serviceCluster: string;
}

type Obj = Record<string, any>;

function dryRunTag(tag: string, key: string): CustomTag {
  return { tag, metadata: { kind: { request: {} }, metadataKey: { key: "envoy.filters.http.rbac", path: [{ key }] } } };
}

/** Istio's own tags (`buildServiceTags` + dry-run authorization tags). */
export function istioTags(id: TraceIdentity): CustomTag[] {
  return [
    { tag: "istio.canonical_revision", literal: { value: id.canonicalRevision || "latest" } },
    { tag: "istio.canonical_service", literal: { value: id.canonicalService || "unknown" } },
    { tag: "istio.mesh_id", literal: { value: id.meshId || "unknown" } },
    { tag: "istio.namespace", literal: { value: id.namespace || "default" } },
    { tag: "istio.cluster_id", literal: { value: id.clusterId || "unknown" } },
    dryRunTag("istio.authorization.dry_run.allow_policy.name", "istio_dry_run_allow_shadow_effective_policy_id"),
    dryRunTag("istio.authorization.dry_run.allow_policy.result", "istio_dry_run_allow_shadow_engine_result"),
    dryRunTag("istio.authorization.dry_run.deny_policy.name", "istio_dry_run_deny_shadow_effective_policy_id"),
    dryRunTag("istio.authorization.dry_run.deny_policy.result", "istio_dry_run_deny_shadow_engine_result"),
  ];
}

function userTag(tag: string, spec: CustomTagSpec | Obj): CustomTag | undefined {
  const s = spec as Obj;
  if (s.literal) return { tag, literal: { value: String(s.literal.value ?? "") } };
  if (s.environment) return { tag, environment: { name: String(s.environment.name ?? ""), ...(s.environment.defaultValue ? { defaultValue: String(s.environment.defaultValue) } : {}) } };
  if (s.header) return { tag, requestHeader: { name: String(s.header.name ?? ""), ...(s.header.defaultValue ? { defaultValue: String(s.header.defaultValue) } : {}) } };
  return undefined;
}

function proxyTracing(mesh: Obj): Obj {
  return (mesh.defaultConfig?.tracing ?? {}) as Obj;
}

/** Random sampling from proxy config (`tracing.sampling`, >100 → 1), else PILOT_TRACE_SAMPLING. */
export function proxyConfigSampling(mesh: Obj): number {
  const s = proxyTracing(mesh).sampling;
  if (typeof s === "number" && s !== 0) return s > 100 ? 1.0 : s;
  return DEFAULT_TRACE_SAMPLING;
}

function finish(t: HcmTracing, sampling: number, tags: CustomTag[], maxFromProxy: unknown): HcmTracing {
  t.clientSampling = { value: 100 };
  t.randomSampling = { value: sampling };
  t.overallSampling = { value: 100 };
  t.customTags = [...tags].sort((a, b) => ((a.tag ?? "") < (b.tag ?? "") ? -1 : (a.tag ?? "") > (b.tag ?? "") ? 1 : 0));
  if (t.maxPathTagLength === undefined && typeof maxFromProxy === "number" && maxFromProxy !== 0) t.maxPathTagLength = maxFromProxy;
  return t;
}

/** Legacy mesh-config tracing (no Telemetry): undefined when `enableTracing` is false. */
export function legacyTracing(mesh: Obj, id: TraceIdentity): HcmTracing | undefined {
  if (mesh.enableTracing === false) return undefined;
  const pt = proxyTracing(mesh);
  const tags = pt.enableIstioTags === false ? [] : istioTags(id);
  for (const [name, spec] of Object.entries((pt.customTags ?? {}) as Obj)) {
    const t = userTag(name, spec);
    if (t) tags.push(t);
  }
  return finish({}, proxyConfigSampling(mesh), tags, pt.maxPathTagLength);
}

export type ProviderTracing = { ok: true; tracing: HcmTracing } | { ok: false; error: string };

function tracerOf(model: MeshModel, p: Obj, id: TraceIdentity): { name: string; config: ReturnType<typeof anyOf>; maxTagLength?: number } | string {
  const pname = String(p.name ?? "");
  if (p.zipkin) {
    const z = p.zipkin as Obj;
    const found = lookupCluster(model, z.service, z.port);
    if (!found.ok) return `could not find cluster for tracing provider ${pname}: ${found.error}`;
    const config = anyOf(ENVOY_TYPES.zipkin, {
      collectorCluster: found.cluster,
      collectorEndpoint: typeof z.path === "string" && z.path !== "" ? z.path : "/api/v2/spans",
      traceId128bit: z.enable64bitTraceId !== true,
      sharedSpanContext: false,
      collectorEndpointVersion: ZipkinConfig_CollectorEndpointVersion.HTTP_JSON,
      collectorHostname: found.hostname,
    });
    return { name: "envoy.tracers.zipkin", config, ...(typeof z.maxTagLength === "number" ? { maxTagLength: z.maxTagLength } : {}) };
  }
  if (p.datadog) {
    const d = p.datadog as Obj;
    const found = lookupCluster(model, d.service, d.port);
    if (!found.ok) return `could not find cluster for tracing provider ${pname}: ${found.error}`;
    return { name: "envoy.tracers.datadog", config: anyOf(ENVOY_TYPES.datadog, { collectorCluster: found.cluster, serviceName: id.serviceCluster, collectorHostname: found.hostname }), ...(typeof d.maxTagLength === "number" ? { maxTagLength: d.maxTagLength } : {}) };
  }
  if (p.opentelemetry) {
    const o = p.opentelemetry as Obj;
    const found = lookupCluster(model, o.service, o.port);
    if (!found.ok) return `could not find cluster for tracing provider ${pname}: ${found.error}`;
    const cfg: EnvoyMessage<"envoy.config.trace.v3.OpenTelemetryConfig"> = { serviceName: id.serviceCluster };
    if (o.http) {
      const path = String(o.http.path ?? "").replace(/^\/*/, "");
      const timeout = typeof o.http.timeout === "string" ? o.http.timeout : undefined;
      cfg.httpService = { httpUri: { uri: path === "" ? found.hostname : `${found.hostname}/${path}`, cluster: found.cluster, ...(timeout ? { timeout: durationOf(timeout) } : {}) } };
      const headers = Array.isArray(o.http.headers) ? o.http.headers : [];
      if (headers.length > 0) cfg.httpService.requestHeadersToAdd = headers.map((h: Obj) => ({ header: { key: String(h.name ?? ""), value: String(h.value ?? "") } }));
    } else {
      const timeout = typeof o.grpc?.timeout === "string" ? o.grpc.timeout : undefined;
      cfg.grpcService = { envoyGrpc: { clusterName: found.cluster, authority: found.hostname }, ...(timeout ? { timeout: durationOf(timeout) } : {}) };
    }
    if (o.resourceDetectors?.environment) cfg.resourceDetectors = [{ name: "envoy.tracers.opentelemetry.resource_detectors.environment", typedConfig: anyOf(ENVOY_TYPES.environmentResourceDetector, {}) }];
    return { name: "envoy.tracers.opentelemetry", config: anyOf(ENVOY_TYPES.openTelemetry, cfg), ...(typeof o.maxTagLength === "number" ? { maxTagLength: o.maxTagLength } : {}) };
  }
  return `provider ${pname} does not support tracing (or is not supported by meshc)`;
}

/** Tracing from an effective Telemetry tracing spec; undefined when span reporting is disabled. */
export function tracingFromSpec(model: MeshModel, spec: TracingSpec, id: TraceIdentity): ProviderTracing | undefined {
  if (spec.disableSpanReporting) return undefined;
  const mesh = model.meshConfig as Obj;
  const t: HcmTracing = {};
  if (spec.provider !== undefined) {
    const p = (mesh.extensionProviders ?? []).find((x: Obj) => x?.name === spec.provider) as Obj | undefined;
    const tracer = p ? tracerOf(model, p, id) : `tracing provider ${spec.provider} is not defined in mesh config extensionProviders`;
    if (typeof tracer === "string") return { ok: false, error: tracer };
    t.provider = { name: tracer.name, typedConfig: tracer.config };
    if (tracer.maxTagLength) t.maxPathTagLength = tracer.maxTagLength;
  }
  const tags = spec.enableIstioTags ? istioTags(id) : [];
  const userTags = Object.entries(spec.customTags);
  const source = userTags.length > 0 ? userTags : Object.entries((proxyTracing(mesh).customTags ?? {}) as Obj);
  for (const [name, s] of source) {
    const tag = userTag(name, s);
    if (tag) tags.push(tag);
  }
  return { ok: true, tracing: finish(t, spec.randomSamplingPercentage ?? proxyConfigSampling(mesh), tags, proxyTracing(mesh).maxPathTagLength) };
}
