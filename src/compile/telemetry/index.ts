/**
 * Telemetry for one workload's chains: access logs (HCM `access_log`, TCP proxy `access_log`) and
 * HCM `tracing`, from Telemetry resources, mesh `extensionProviders` / `defaultProviders`, and the
 * legacy mesh settings (`accessLogFile`, `enableTracing`, `defaultConfig.tracing`).
 *
 *   const { accessLogs, tcpAccessLogs, tracing, diagnostics } = buildTelemetry(model, workload, { direction: "inbound" });
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { MeshModel } from "../../model/mesh-model.js";
import type { AccessLog } from "../envoy/index.js";
import { authzDiagnostic, type AuthzTarget } from "../security/authz-model.js";
import { extensionProvider } from "../security/provider-cluster.js";
import { accessLogFromProvider, fileAccessLogFromMeshConfig } from "./access-log.js";
import { applicableTelemetry, effectiveLogging, effectiveTracing, type TrafficDirection } from "./telemetry-model.js";
import { legacyTracing, tracingFromSpec, type HcmTracing, type TraceIdentity } from "./tracing.js";

export { ENVOY_JSON_LOG_FORMAT, ENVOY_TEXT_LOG_FORMAT, fileAccessLogFromMeshConfig, accessLogFromProvider } from "./access-log.js";
export { istioTags, legacyTracing, type HcmTracing, type TraceIdentity } from "./tracing.js";
export type { TrafficDirection } from "./telemetry-model.js";

export interface TelemetryOptions {
  /** inbound (Telemetry mode SERVER; the default) or outbound (CLIENT) chains. */
  direction: TrafficDirection;
  rootNamespace?: string;
  /** Trace tag identity; by default derived from the workload's labels and the mesh config. */
  identity?: Partial<TraceIdentity>;
}

export interface TelemetryResult {
  /** HCM `access_log`. */
  accessLogs: AccessLog[];
  /** TCP proxy `access_log` (file logs and TCP gRPC ALS). */
  tcpAccessLogs: AccessLog[];
  /** HCM `tracing`; absent: tracing off. */
  tracing?: HcmTracing;
  diagnostics: Diagnostic[];
}

export interface TelemetryTarget extends AuthzTarget {
  name?: string;
}

/** Istio's canonical service / revision labels, as the injector derives them. */
export function traceIdentity(model: MeshModel, w: TelemetryTarget, over: Partial<TraceIdentity> = {}): TraceIdentity {
  const l = w.labels;
  const canonicalService = l["service.istio.io/canonical-name"] ?? l["app.kubernetes.io/name"] ?? l["app"] ?? w.name ?? "unknown";
  const mesh = model.meshConfig as Record<string, any>;
  return {
    namespace: w.namespace,
    canonicalService,
    canonicalRevision: l["service.istio.io/canonical-revision"] ?? l["app.kubernetes.io/version"] ?? l["version"] ?? "latest",
    meshId: mesh.defaultConfig?.meshId ?? mesh.trustDomain ?? "cluster.local",
    clusterId: model.clusterId ?? "Kubernetes",
    serviceCluster: `${canonicalService}.${w.namespace}`,
    ...over,
  };
}

function defaults(model: MeshModel, key: "accessLogging" | "tracing"): string[] {
  const v = (model.meshConfig.defaultProviders as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(v) ? v.map(String) : [];
}

/** Access logs and tracing of `workload`'s chains in one direction. */
export function buildTelemetry(model: MeshModel, workload: TelemetryTarget, options: TelemetryOptions = { direction: "inbound" }): TelemetryResult {
  const out: TelemetryResult = { accessLogs: [], tcpAccessLogs: [], diagnostics: [] };
  const root = options.rootNamespace ?? model.meshConfig.rootNamespace ?? "istio-system";
  const levels = applicableTelemetry(model, workload, root);
  const mesh = model.meshConfig as Record<string, any>;

  const logging = effectiveLogging(levels, defaults(model, "accessLogging"), options.direction);
  if (logging === undefined) {
    if (typeof mesh.accessLogFile === "string" && mesh.accessLogFile !== "") {
      const log = fileAccessLogFromMeshConfig(mesh.accessLogFile, mesh);
      out.accessLogs.push(log);
      out.tcpAccessLogs.push(log);
    }
  } else {
    for (const spec of logging) {
      if (spec.filter !== undefined && spec.from) out.diagnostics.push(authzDiagnostic({ resource: spec.from }, "MSH-telemetry-unsupported", `access log filter "${spec.filter}" (CEL) is not emitted: meshc's Envoy types lack the CEL access log filter; every request is logged`, "spec.accessLogging"));
      for (const name of spec.providers) {
        const provider = extensionProvider(model, name);
        const built = provider ? accessLogFromProvider(model, provider) : { ok: false as const, error: `access log provider ${name} is not defined in mesh config extensionProviders` };
        if (!built.ok) {
          out.diagnostics.push(spec.from ? authzDiagnostic({ resource: spec.from }, "MSH-telemetry-provider", built.error, "spec.accessLogging") : { code: "MSH-telemetry-provider", level: "Warning", message: built.error });
          continue;
        }
        if (!built.tcpOnly) out.accessLogs.push(built.log);
        if (!built.httpOnly) out.tcpAccessLogs.push(built.log);
      }
    }
  }

  const id = traceIdentity(model, workload, options.identity);
  const tracingSpec = effectiveTracing(levels, defaults(model, "tracing"), options.direction);
  if (tracingSpec === undefined) {
    const t = legacyTracing(mesh, id);
    if (t) out.tracing = t;
  } else {
    const t = tracingFromSpec(model, tracingSpec, id);
    if (t?.ok) out.tracing = t.tracing;
    else if (t && !t.ok) out.diagnostics.push(tracingSpec.from ? authzDiagnostic({ resource: tracingSpec.from }, "MSH-telemetry-provider", `${t.error}; tracing is off`, "spec.tracing") : { code: "MSH-telemetry-provider", level: "Warning", message: `${t.error}; tracing is off` });
  }
  return out;
}
