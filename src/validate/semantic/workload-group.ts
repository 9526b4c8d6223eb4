/** WorkloadGroup rules of Istio's webhook: metadata labels and the readiness probe. */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, isObj } from "./issues.js";
import { headerNameError, labelErrors } from "./field-rules.js";

export const rule: SemanticRule = (spec) => {
  const out = new IssueList();
  if (!isObj(spec)) return out.items;
  if (isObj(spec.metadata)) out.errors(["spec", "metadata", "labels"], labelErrors(spec.metadata.labels));
  const probe = spec.probe;
  if (!isObj(probe)) return out.items;
  const p = ["spec", "probe"];
  if (!["httpGet", "tcpSocket", "exec", "grpc"].some((k) => probe[k] !== undefined))
    out.error(p, "the probe needs a method: set httpGet, tcpSocket, exec or grpc");
  if (isObj(probe.httpGet))
    arr(probe.httpGet.httpHeaders).forEach((h, i) => {
      if (isObj(h)) out.error([...p, "httpGet", "httpHeaders", i, "name"], headerNameError(String(h.name ?? "")));
    });
  if (isObj(probe.exec) && arr(probe.exec.command).length === 0) out.error([...p, "exec", "command"], "exec probe needs a command");
  return out.items;
};
