/**
 * Which Telemetry resources apply to a workload and what they add up to (istiod
 * `pilot/pkg/model/telemetry.go`): at most one mesh-wide (root namespace, no selector), one
 * namespace-wide (no selector) and one workload (selector matching) Telemetry, oldest first; for
 * access logging and tracing the more specific level overrides what it sets (providers, disabled,
 * sampling; custom tags merge by name). A level's entry applies when its `match.mode` covers the
 * traffic direction (CLIENT = outbound, SERVER = inbound, default CLIENT_AND_SERVER).
 */
import type { MeshModel, Resource } from "../../model/mesh-model.js";
import { attachesTo, byCreation, policyTargeting, type AuthzTarget } from "../security/authz-model.js";

export type TrafficDirection = "inbound" | "outbound";

type Obj = Record<string, any>;

export interface TelemetryLevels {
  root?: Resource;
  namespace?: Resource;
  workload?: Resource;
}

/** The applicable Telemetry resources, by level. */
export function applicableTelemetry(model: MeshModel, target: AuthzTarget, rootNamespace: string): TelemetryLevels {
  const pick = (ns: string, workloadLevel: boolean): Resource | undefined =>
    [...model.listInNamespace("Telemetry", ns)]
      .sort(byCreation)
      .find((r) => {
        const spec = (r.object.spec ?? {}) as Obj;
        const { selector, targetRefs } = policyTargeting(spec);
        const scoped = (selector !== undefined && Object.keys(selector).length > 0) || targetRefs.length > 0;
        return scoped === workloadLevel && (!workloadLevel || attachesTo(r, spec, target));
      });
  const levels: TelemetryLevels = {};
  const root = pick(rootNamespace, false);
  if (root) levels.root = root;
  if (target.namespace !== rootNamespace) {
    const ns = pick(target.namespace, false);
    if (ns) levels.namespace = ns;
  }
  const wl = pick(target.namespace, true);
  if (wl) levels.workload = wl;
  return levels;
}

function modeMatches(entry: Obj, direction: TrafficDirection): boolean {
  const mode = entry?.match?.mode ?? "CLIENT_AND_SERVER";
  return mode === "CLIENT_AND_SERVER" || (mode === "SERVER" && direction === "inbound") || (mode === "CLIENT" && direction === "outbound");
}

function providerNames(entry: Obj): string[] | undefined {
  return Array.isArray(entry?.providers) ? entry.providers.map((p: Obj) => String(p?.name ?? "")).filter(Boolean) : undefined;
}

const ordered = (l: TelemetryLevels): Resource[] => [l.root, l.namespace, l.workload].filter((r): r is Resource => r !== undefined);

export interface LoggingSpec {
  /** Provider names (deduplicated, in order). */
  providers: string[];
  /** A CEL filter expression, if any (not expressible in stock Envoy here: reported). */
  filter?: string;
  /** The resource that set the providers (for diagnostics). */
  from?: Resource;
}

/**
 * Effective access logging for a direction; undefined when no Telemetry configures logging and the
 * mesh has no default access log providers (callers then use mesh `accessLogFile`).
 */
export function effectiveLogging(levels: TelemetryLevels, defaultProviders: readonly string[], direction: TrafficDirection): LoggingSpec[] | undefined {
  const entries: { entry: Obj; res: Resource }[] = [];
  for (const res of ordered(levels)) {
    const list = (res.object.spec as Obj | undefined)?.accessLogging;
    if (Array.isArray(list)) for (const entry of list) if (modeMatches(entry, direction)) entries.push({ entry, res });
  }
  if (entries.length === 0 && defaultProviders.length === 0) return undefined;
  let providers: string[] | undefined;
  let from: Resource | undefined;
  let disabled = false;
  let filter: string | undefined;
  for (const { entry, res } of entries) {
    const names = providerNames(entry);
    if (names !== undefined && names.length > 0) {
      providers = names;
      from = res;
    }
    if (typeof entry.disabled === "boolean") disabled = entry.disabled;
    if (typeof entry.filter?.expression === "string") filter = entry.filter.expression;
  }
  if (disabled) return [];
  const spec: LoggingSpec = { providers: [...new Set(providers ?? defaultProviders)] };
  if (filter !== undefined) spec.filter = filter;
  if (from) spec.from = from;
  return [spec];
}

export interface CustomTagSpec {
  literal?: { value: string };
  environment?: { name: string; defaultValue?: string };
  header?: { name: string; defaultValue?: string };
}

export interface TracingSpec {
  /** The provider name (Istio uses the first one); undefined: tracing with no provider. */
  provider?: string;
  randomSamplingPercentage?: number;
  customTags: Record<string, CustomTagSpec>;
  disableSpanReporting: boolean;
  useRequestIdForTraceSampling: boolean;
  enableIstioTags: boolean;
  from?: Resource;
}

/** Effective tracing; undefined when no Telemetry configures tracing and the mesh has no default tracing provider. */
export function effectiveTracing(levels: TelemetryLevels, defaultProviders: readonly string[], direction: TrafficDirection): TracingSpec | undefined {
  const entries: { entry: Obj; res: Resource }[] = [];
  for (const res of ordered(levels)) {
    const list = (res.object.spec as Obj | undefined)?.tracing;
    if (Array.isArray(list)) for (const entry of list) if (modeMatches(entry, direction)) entries.push({ entry, res });
  }
  if (entries.length === 0 && defaultProviders.length === 0) return undefined;
  const spec: TracingSpec = { customTags: {}, disableSpanReporting: false, useRequestIdForTraceSampling: true, enableIstioTags: true };
  let providers: string[] = [...defaultProviders];
  for (const { entry, res } of entries) {
    const names = providerNames(entry);
    if (names !== undefined && names.length > 0) {
      providers = names;
      spec.from = res;
    }
    if (typeof entry.randomSamplingPercentage === "number") spec.randomSamplingPercentage = entry.randomSamplingPercentage;
    if (typeof entry.disableSpanReporting === "boolean") spec.disableSpanReporting = entry.disableSpanReporting;
    if (typeof entry.useRequestIdForTraceSampling === "boolean") spec.useRequestIdForTraceSampling = entry.useRequestIdForTraceSampling;
    if (typeof entry.enableIstioTags === "boolean") spec.enableIstioTags = entry.enableIstioTags;
    if (entry.customTags && typeof entry.customTags === "object") Object.assign(spec.customTags, entry.customTags);
  }
  if (providers[0] !== undefined) spec.provider = providers[0];
  return spec;
}
