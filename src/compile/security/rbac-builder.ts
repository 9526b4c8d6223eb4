/**
 * AuthorizationPolicies → Envoy RBAC, as istiod's `authz/builder/builder.go` and `authz/model` do:
 *
 * - each rule `i` of policy `ns/name` is RBAC policy `ns[<ns>]-policy[<name>]-rule[<i>]`
 *   (CUSTOM: prefixed `istio-ext-authz-<provider>-`); a policy without rules is a match-nothing policy;
 * - `from[]` → principals (OR), each an AND of its fields; `to[]` → permissions (OR), each an AND;
 *   `when[]` joins every principal / permission; values OR, notValues → `not_id` / `not_rule`;
 * - one filter per action present: HTTP `envoy.filters.http.rbac`, TCP `envoy.filters.network.rbac`
 *   (`stat_prefix: tcp.`), in the order AUDIT, DENY, ALLOW; dry-run policies go to `shadow_rules`;
 * - HTTP-only attributes on a TCP chain: in ALLOW the rule is dropped, in DENY/AUDIT only the
 *   attribute is removed; either way a diagnostic says so.
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { Permission, Policy, Principal, RBAC as RbacRules } from "../../gen/envoy/envoy/config/rbac/v3/rbac.js";
import { RBAC_Action } from "../../gen/envoy/envoy/config/rbac/v3/rbac.js";
import type { AuthzPolicy, AuthzRule } from "./authz-model.js";
import { authzDiagnostic } from "./authz-model.js";
import { GENERATORS, serviceAccountGen, whenGenerator, type FieldGen } from "./conditions.js";
import { EXT_AUTHZ_MATCH_PREFIX } from "./ext-authz.js";
import { expandTrustDomains, GenerateError, principalAnd, principalAny, principalNot, principalOr, type TrustDomainBundle } from "./principals.js";

export { RBAC_Action };

export const RBAC_SHADOW_ALLOW_STAT_PREFIX = "istio_dry_run_allow_";
export const RBAC_SHADOW_DENY_STAT_PREFIX = "istio_dry_run_deny_";
export const RBAC_TCP_STAT_PREFIX = "tcp.";

export interface RuleBuildOptions {
  bundle: TrustDomainBundle;
  /** Building for a TCP chain (network RBAC). */
  tcp: boolean;
  /** CUSTOM policies: the provider, prefixing policy names. */
  customProvider?: string;
}

interface Condition {
  key: string;
  /** Field path in the resource, for diagnostics. */
  path: string;
  values: string[];
  notValues: string[];
  gen: FieldGen;
}

/** A rule that never matches (a policy without rules). */
export const MATCH_NEVER: Policy = { permissions: [{ notRule: { any: true } }], principals: [{ notId: { any: true } }] };

export function policyName(namespace: string, name: string, rule: number, provider?: string): string {
  const prefix = provider === undefined ? "" : `${EXT_AUTHZ_MATCH_PREFIX}-${provider}-`;
  return `${prefix}ns[${namespace}]-policy[${name}]-rule[${rule}]`;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function cond(out: Condition[], front: boolean, gen: FieldGen, key: string, path: string, values: unknown, notValues: unknown): void {
  const c: Condition = { key, path, values: list(values), notValues: list(notValues), gen };
  if (c.values.length === 0 && c.notValues.length === 0) return;
  if (front) out.unshift(c);
  else out.push(c);
}

interface RuleModel {
  principals: Condition[][];
  permissions: Condition[][];
}

/** istiod `model.New`: the rule's conditions, consolidated into principal and permission lists. */
function ruleModel(rule: AuthzRule, policyNamespace: string, rulePath: string): RuleModel | { error: string; path: string } {
  const basePrincipal: Condition[] = [];
  const basePermission: Condition[] = [];
  for (const [i, w] of (rule.when ?? []).entries()) {
    const gen = whenGenerator(w.key);
    const path = `${rulePath}.when[${i}]`;
    if (!gen) return { error: `unknown attribute ${w.key}`, path };
    cond(gen.side === "principal" ? basePrincipal : basePermission, false, gen, w.key, path, w.values, w.notValues);
  }
  const principals: Condition[][] = [];
  for (const [i, from] of (rule.from ?? []).entries()) {
    const merged = [...basePrincipal];
    const s = from.source;
    const p = `${rulePath}.from[${i}].source`;
    if (s) {
      cond(merged, true, GENERATORS.sourceIp, "source.ip", `${p}.ipBlocks`, s.ipBlocks, s.notIpBlocks);
      cond(merged, true, GENERATORS.remoteIp, "remote.ip", `${p}.remoteIpBlocks`, s.remoteIpBlocks, s.notRemoteIpBlocks);
      cond(merged, true, GENERATORS.namespace, "source.namespace", `${p}.namespaces`, s.namespaces, s.notNamespaces);
      cond(merged, true, serviceAccountGen(policyNamespace), "source.serviceAccount", `${p}.serviceAccounts`, s.serviceAccounts, s.notServiceAccounts);
      cond(merged, true, GENERATORS.requestPrincipal, "request.auth.principal", `${p}.requestPrincipals`, s.requestPrincipals, s.notRequestPrincipals);
      cond(merged, true, GENERATORS.peerPrincipal, "source.principal", `${p}.principals`, s.principals, s.notPrincipals);
    }
    principals.push(merged);
  }
  if ((rule.from ?? []).length === 0) principals.push(basePrincipal);
  const permissions: Condition[][] = [];
  for (const [i, to] of (rule.to ?? []).entries()) {
    const merged = [...basePermission];
    const o = to.operation;
    const p = `${rulePath}.to[${i}].operation`;
    if (o) {
      cond(merged, true, GENERATORS.destinationPort, "destination.port", `${p}.ports`, o.ports, o.notPorts);
      cond(merged, true, GENERATORS.path, "request.path", `${p}.paths`, o.paths, o.notPaths);
      cond(merged, true, GENERATORS.method, "request.method", `${p}.methods`, o.methods, o.notMethods);
      cond(merged, true, GENERATORS.host, "request.host", `${p}.hosts`, o.hosts, o.notHosts);
    }
    permissions.push(merged);
  }
  if ((rule.to ?? []).length === 0) permissions.push(basePermission);
  return { principals, permissions };
}

/** Issues met while generating one rule: a value dropped, or (ALLOW) the whole rule. */
interface GenerateIssue {
  condition: Condition;
  error: GenerateError;
}

/**
 * The matchers of one condition (values ORed; notValues ORed under a NOT). For ALLOW, an error
 * aborts the rule (a narrower allow); otherwise the failing value is skipped (a broader deny).
 */
function conditionMatchers<T>(c: Condition, o: RuleBuildOptions, strict: boolean, issues: GenerateIssue[], or: (xs: T[]) => T, not: (x: T) => T): T[] {
  const gen = c.gen as { httpOnly: boolean; one?: (k: string, v: string) => T; all?: (k: string, vs: string[]) => T };
  const run = (f: () => T): T | undefined => {
    try {
      if (o.tcp && gen.httpOnly) throw new GenerateError(`"${c.key}" is HTTP only`, true);
      return f();
    } catch (e) {
      if (!(e instanceof GenerateError)) throw e;
      issues.push({ condition: c, error: e });
      if (strict) throw e;
      return undefined;
    }
  };
  const out: T[] = [];
  const group = (values: string[], negate: boolean) => {
    if (values.length === 0) return;
    let m: T | undefined;
    if (gen.all) m = run(() => gen.all!(c.key, values));
    else {
      const ms = values.map((v) => run(() => gen.one!(c.key, v))).filter((x): x is T => x !== undefined);
      if (ms.length > 0) m = or(ms);
    }
    if (m !== undefined) out.push(negate ? not(m) : m);
  };
  group(c.values, false);
  group(c.notValues, true);
  return out;
}

function migrate(conditions: Condition[], bundle: TrustDomainBundle): Condition[] {
  return conditions.map((c) => (c.key === "source.principal" ? { ...c, values: expandTrustDomains(c.values, bundle), notValues: expandTrustDomains(c.notValues, bundle) } : c));
}

/** One rule → one RBAC policy, or undefined when the rule is dropped. */
export function generatePolicy(rule: AuthzRule, policy: AuthzPolicy, ruleIndex: number, action: RBAC_Action, o: RuleBuildOptions, diagnostics: Diagnostic[]): Policy | undefined {
  const rulePath = `spec.rules[${ruleIndex}]`;
  const model = ruleModel(rule, policy.namespace, rulePath);
  const name = policyName(policy.namespace, policy.name, ruleIndex, o.customProvider);
  if ("error" in model) {
    diagnostics.push(authzDiagnostic(policy, "MSH-authz-invalid-rule", `skipped invalid rule ${name}: ${model.error}`, model.path));
    return undefined;
  }
  const strict = action === RBAC_Action.ALLOW;
  const issues: GenerateIssue[] = [];
  const report = () => {
    const seen = new Set<string>();
    for (const { condition: c, error } of issues) {
      const key = `${c.path}|${error.httpOnly}|${error.httpOnly ? "" : error.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const what = error.httpOnly
        ? strict
          ? `rule ${name} is dropped on this TCP filter chain: ${c.key} is HTTP-only (a narrower ALLOW)`
          : `condition ${c.key} of rule ${name} is removed on this TCP filter chain: it is HTTP-only (a broader ${action === RBAC_Action.DENY ? "DENY" : "AUDIT"})`
        : strict
          ? `rule ${name} is dropped: ${error.message}`
          : `value ignored in rule ${name}: ${error.message}`;
      diagnostics.push(authzDiagnostic(policy, error.httpOnly ? "MSH-authz-http-only-on-tcp" : "MSH-authz-invalid-value", what, c.path, error.httpOnly ? "Info" : "Warning"));
    }
  };
  try {
    const permissions: Permission[] = model.permissions.map((conds) => {
      const and = conds.flatMap((c) => conditionMatchers<Permission>(c, o, strict, issues, (rules) => ({ orRules: { rules } }), (r) => ({ notRule: r })));
      return { andRules: { rules: and.length > 0 ? and : [{ any: true }] } };
    });
    const principals: Principal[] = model.principals.map((conds) => {
      const and = migrate(conds, o.bundle).flatMap((c) => conditionMatchers<Principal>(c, o, strict, issues, principalOr, principalNot));
      return principalAnd(and.length > 0 ? and : [principalAny()]);
    });
    report();
    return { permissions, principals };
  } catch (e) {
    if (!(e instanceof GenerateError)) throw e;
    report();
    return undefined;
  }
}

export interface BuiltRules {
  /** Enforced rules (absent when every policy is dry-run). */
  rules?: RbacRules;
  /** Dry-run rules (absent when none). */
  shadowRules?: RbacRules;
}

/** The RBAC rules of one action's policies (istiod `Builder.build`). */
export function buildRules(policies: readonly AuthzPolicy[], action: RBAC_Action, o: RuleBuildOptions, diagnostics: Diagnostic[]): BuiltRules | undefined {
  if (policies.length === 0) return undefined;
  const enforce: RbacRules = { action, policies: {} };
  const shadow: RbacRules = { action, policies: {} };
  let hasEnforce = false;
  let hasShadow = false;
  for (const policy of policies) {
    const target = policy.dryRun ? shadow : enforce;
    if (policy.dryRun) hasShadow = true;
    else hasEnforce = true;
    policy.rules.forEach((rule, i) => {
      const generated = generatePolicy(rule, policy, i, action, o, diagnostics);
      if (generated) target.policies![policyName(policy.namespace, policy.name, i, o.customProvider)] = generated;
    });
    if (policy.rules.length === 0) target.policies![policyName(policy.namespace, policy.name, 0, o.customProvider)] = MATCH_NEVER;
  }
  return { ...(hasEnforce ? { rules: enforce } : {}), ...(hasShadow ? { shadowRules: shadow } : {}) };
}

/** `shadow_rules_stat_prefix` for dry-run rules of an action (AUDIT has none). */
export function shadowStatPrefix(action: RBAC_Action): string | undefined {
  return action === RBAC_Action.ALLOW ? RBAC_SHADOW_ALLOW_STAT_PREFIX : action === RBAC_Action.DENY ? RBAC_SHADOW_DENY_STAT_PREFIX : undefined;
}
