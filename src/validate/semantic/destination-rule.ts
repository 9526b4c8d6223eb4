/** DestinationRule rules of Istio's webhook: host, subsets, traffic policies, exportTo, selector. */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, isObj } from "./issues.js";
import { isDNS1123Label, wildcardDomainError } from "./hostnames.js";
import { exportToErrors, labelErrors } from "./field-rules.js";
import { checkTrafficPolicy } from "./traffic-policy.js";

export const rule: SemanticRule = (spec, ctx) => {
  const out = new IssueList();
  if (!isObj(spec)) return out.items;
  if (typeof spec.host === "string") out.error(["spec", "host"], wildcardDomainError(spec.host));
  checkTrafficPolicy(out, ["spec", "trafficPolicy"], spec.trafficPolicy);
  const names = new Set<string>();
  arr(spec.subsets).forEach((s, i) => {
    const p = ["spec", "subsets", i];
    if (!isObj(s)) return out.error(p, "subset is empty (null)");
    const name = typeof s.name === "string" ? s.name : "";
    if (names.has(name)) out.error([...p, "name"], `subset name "${name}" is used twice: subset names must be unique`);
    names.add(name);
    if (!name) out.error([...p, "name"], "subset name is empty");
    else if (!isDNS1123Label(name)) out.error([...p, "name"], `subset name "${name}" is invalid: use letters, digits and "-", starting and ending with a letter or digit`);
    out.errors([...p, "labels"], labelErrors(s.labels));
    checkTrafficPolicy(out, [...p, "trafficPolicy"], s.trafficPolicy);
  });
  out.errors(["spec", "exportTo"], exportToErrors(ctx.namespace, spec.exportTo, { destinationRuleWithSelector: spec.workloadSelector !== undefined }));
  if (isObj(spec.workloadSelector) && Object.keys(spec.workloadSelector.matchLabels ?? {}).length === 0)
    out.warn(["spec", "workloadSelector"], "workloadSelector has no labels, so it selects every workload in the namespace");
  return out.items;
};
