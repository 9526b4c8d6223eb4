/**
 * Which AuthorizationPolicies apply to a workload, in istiod's order (`pilot/pkg/model/authorization.go`
 * `ListAuthorizationPolicies`, `WorkloadPolicyMatcher.ShouldAttachPolicy`): policies of the root
 * namespace, then of the workload's namespace, each namespace oldest first (creationTimestamp, name);
 * a policy applies when its selector is absent or a subset of the workload's labels. Sidecars ignore
 * policies with `targetRef(s)`; Gateway API gateways (label `gateway.networking.k8s.io/gateway-name`)
 * take only policies whose targetRefs name their Gateway (selector policies need a feature flag, off).
 * Policies are split by action: CUSTOM, DENY, ALLOW, AUDIT.
 */
import { parsePath, type Diagnostic } from "../../diagnostic.js";
import type { MeshModel, Resource } from "../../model/mesh-model.js";
import { locate } from "../../sources/source.js";

export type AuthzAction = "ALLOW" | "DENY" | "AUDIT" | "CUSTOM";

export interface AuthzSource {
  principals?: string[];
  notPrincipals?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  serviceAccounts?: string[];
  notServiceAccounts?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  notRemoteIpBlocks?: string[];
}
export interface AuthzOperation {
  hosts?: string[];
  notHosts?: string[];
  ports?: string[];
  notPorts?: string[];
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}
export interface AuthzCondition {
  key: string;
  values?: string[];
  notValues?: string[];
}
export interface AuthzRule {
  from?: { source?: AuthzSource }[];
  to?: { operation?: AuthzOperation }[];
  when?: AuthzCondition[];
}

/** One AuthorizationPolicy, normalised. */
export interface AuthzPolicy {
  name: string;
  namespace: string;
  action: AuthzAction;
  /** CUSTOM: the mesh extension provider name. */
  provider?: string;
  /** `istio.io/dry-run: "true"`: shadow rules only. */
  dryRun: boolean;
  rules: AuthzRule[];
  resource: Resource;
}

export interface AuthzPolicies {
  custom: AuthzPolicy[];
  deny: AuthzPolicy[];
  allow: AuthzPolicy[];
  audit: AuthzPolicy[];
}

/** What selects policies: a workload's namespace and labels (a model Workload fits). */
export interface AuthzTarget {
  namespace: string;
  labels: Readonly<Record<string, string>>;
}

export const DRY_RUN_ANNOTATION = "istio.io/dry-run";
const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

type Obj = Record<string, any>;

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

function createdAt(r: Resource): number {
  const t = r.object.metadata.creationTimestamp;
  const ms = typeof t === "string" ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** istiod's `sortConfigByCreationTime`: creationTimestamp, then name, then namespace. */
export function byCreation(a: Resource, b: Resource): number {
  const ta = createdAt(a);
  const tb = createdAt(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : (a.namespace ?? "") < (b.namespace ?? "") ? -1 : (a.namespace ?? "") > (b.namespace ?? "") ? 1 : 0;
}

/** The label selector and targetRefs of a targetable Istio policy (AuthorizationPolicy, RequestAuthentication, Telemetry...). */
export function policyTargeting(spec: Obj): { selector?: Record<string, string>; targetRefs: Obj[] } {
  const targetRefs: Obj[] = Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0 ? spec.targetRefs : spec.targetRef ? [spec.targetRef] : [];
  const selector = spec.selector?.matchLabels;
  return { ...(selector && typeof selector === "object" ? { selector } : {}), targetRefs };
}

/** istiod's ShouldAttachPolicy for a sidecar or a Gateway API gateway. */
export function attachesTo(res: Resource, spec: Obj, target: AuthzTarget): boolean {
  const { selector, targetRefs } = policyTargeting(spec);
  const gatewayName = target.labels[GATEWAY_NAME_LABEL];
  if (gatewayName === undefined) {
    if (targetRefs.length > 0) return false;
    return selector === undefined || Object.entries(selector).every(([k, v]) => target.labels[k] === v);
  }
  if (targetRefs.length === 0) return false;
  if (res.namespace !== target.namespace) return false;
  return targetRefs.some((ref) => (ref.namespace === undefined || ref.namespace === "" || ref.namespace === target.namespace) && (ref.group ?? "") === "gateway.networking.k8s.io" && ref.kind === "Gateway" && ref.name === gatewayName);
}

/** Resources of `kind` that apply to the target: root namespace first, then the target's namespace, oldest first in each. */
export function applicablePolicies(model: MeshModel, kind: string, target: AuthzTarget, rootNamespace: string): Resource[] {
  const namespaces = [...new Set([rootNamespace, target.namespace])];
  const out: Resource[] = [];
  for (const ns of namespaces) {
    const list = [...model.listInNamespace(kind, ns)].sort(byCreation);
    for (const res of list) if (attachesTo(res, (res.object.spec ?? {}) as Obj, target)) out.push(res);
  }
  return out;
}

function normaliseRule(r: Obj): AuthzRule {
  const rule: AuthzRule = {};
  if (Array.isArray(r.from)) rule.from = r.from.map((f: Obj) => (f?.source ? { source: f.source as AuthzSource } : {}));
  if (Array.isArray(r.to)) rule.to = r.to.map((t: Obj) => (t?.operation ? { operation: t.operation as AuthzOperation } : {}));
  if (Array.isArray(r.when)) {
    rule.when = r.when.map((w: Obj) => {
      const c: AuthzCondition = { key: String(w?.key ?? "") };
      const values = strings(w?.values);
      const notValues = strings(w?.notValues);
      if (values) c.values = values;
      if (notValues) c.notValues = notValues;
      return c;
    });
  }
  return rule;
}

/** Parses one AuthorizationPolicy resource (schema-valid input assumed; odd values are tolerated). */
export function authzPolicyOf(res: Resource): AuthzPolicy {
  const spec = (res.object.spec ?? {}) as Obj;
  const action = (["ALLOW", "DENY", "AUDIT", "CUSTOM"].includes(spec.action) ? spec.action : "ALLOW") as AuthzAction;
  const dryRunText = res.object.metadata.annotations?.[DRY_RUN_ANNOTATION];
  const policy: AuthzPolicy = {
    name: res.name,
    namespace: res.namespace ?? "default",
    action,
    dryRun: typeof dryRunText === "string" && /^(1|t|T|TRUE|true|True)$/.test(dryRunText),
    rules: Array.isArray(spec.rules) ? spec.rules.map((r: Obj | null) => normaliseRule(r ?? {})) : [],
    resource: res,
  };
  if (action === "CUSTOM" && typeof spec.provider?.name === "string") policy.provider = spec.provider.name;
  return policy;
}

export interface AuthzSelection {
  policies: AuthzPolicies;
  diagnostics: Diagnostic[];
}

/** The AuthorizationPolicies that apply to `target`, grouped by action in istiod's order. */
export function authorizationPoliciesFor(model: MeshModel, target: AuthzTarget, options: { rootNamespace?: string } = {}): AuthzSelection {
  const root = options.rootNamespace ?? model.meshConfig.rootNamespace ?? "istio-system";
  const policies: AuthzPolicies = { custom: [], deny: [], allow: [], audit: [] };
  const diagnostics: Diagnostic[] = [];
  for (const res of applicablePolicies(model, "AuthorizationPolicy", target, root)) {
    const p = authzPolicyOf(res);
    const dryRunText = res.object.metadata.annotations?.[DRY_RUN_ANNOTATION];
    if (dryRunText !== undefined && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(String(dryRunText))) {
      diagnostics.push(authzDiagnostic(p, "MSH-authz-dry-run", `annotation ${DRY_RUN_ANNOTATION}="${dryRunText}" is not a boolean; the policy is enforced`));
    }
    ({ ALLOW: policies.allow, DENY: policies.deny, AUDIT: policies.audit, CUSTOM: policies.custom })[p.action].push(p);
  }
  return { policies, diagnostics };
}

/** A diagnostic about a policy (translation continues). */
export function authzDiagnostic(p: { resource: Resource }, code: string, message: string, path?: string, level: Diagnostic["level"] = "Warning"): Diagnostic {
  const res = p.resource;
  const d: Diagnostic = { code, level, message, resource: { kind: res.kind, ...(res.namespace ? { namespace: res.namespace } : {}), name: res.name } };
  d.origin = locate(res.origin, path ? parsePath(path) : []);
  if (path) d.path = path;
  return d;
}
