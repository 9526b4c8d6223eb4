/**
 * PeerAuthentication: the validation webhook's rules beyond the schema. The CRD's CEL checks already
 * cover "portLevelMtls needs a selector" and "port keys are 1–65535" (port-level-mtls-needs-selector,
 * port-key-range), so they are not repeated here.
 */
import { checkSelector } from "./policy-scope.js";
import type { SemanticIssue, SemanticRule } from "./types.js";

export const rule: SemanticRule = (spec) => {
  const issues: SemanticIssue[] = [...checkSelector(spec)];
  const mode = spec?.mtls?.mode;
  const ports = spec?.portLevelMtls;
  const hasPorts = ports && typeof ports === "object" && Object.keys(ports).length > 0;
  if ((mode === undefined || mode === "UNSET") && !hasPorts) {
    issues.push({
      path: ["spec"],
      level: "warning",
      message: "the policy sets no mTLS mode, so it changes nothing (workloads keep the mode of the namespace or mesh): set mtls.mode",
    });
  }
  return issues;
};
