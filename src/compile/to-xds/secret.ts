/**
 * SDS: the compiler only *refers* to secrets; it never inlines key material. The sidecar's `default`
 * and `ROOTCA` come from the agent; `kubernetes://` credentials would come from istiod. This module
 * lists the references and tells which the bootstrap can serve.
 */
import { isAgentSdsName } from "../names.js";

export interface SecretReference {
  name: string;
  /** "agent": served over sds-grpc by pilot-agent; "ads": pushed by istiod. */
  source: "agent" | "ads";
}

export function secretReferences(names: readonly string[]): SecretReference[] {
  return names.map((name) => ({ name, source: isAgentSdsName(name) ? "agent" : "ads" }));
}
