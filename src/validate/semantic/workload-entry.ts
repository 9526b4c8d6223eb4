/** WorkloadEntry rules of Istio's webhook (also used for ServiceEntry endpoints). */
import type { SemanticRule } from "./types.js";
import { IssueList, entries, isObj, type Path } from "./issues.js";
import { fqdnError, isIPAddress, unixAddressError } from "./hostnames.js";
import { labelErrors, portError, portNameError } from "./field-rules.js";

const UDS = "unix://";

export interface WorkloadCheckOptions {
  /** Port names the owning ServiceEntry declares (undefined: a standalone WorkloadEntry). */
  servicePorts?: Set<string>;
  /** Hostnames are acceptable addresses (DNS resolution, or a standalone WorkloadEntry). */
  allowHostnames: boolean;
}

export function checkWorkload(out: IssueList, path: Path, we: unknown, opts: WorkloadCheckOptions): void {
  if (!isObj(we)) return;
  const addr = typeof we.address === "string" ? we.address : "";
  if (!addr) {
    if (!we.network) return out.error([...path, "address"], "address is required");
    out.warn([...path, "address"], `address is empty; the workload is only reachable through network "${we.network}"`);
  }
  if (addr.startsWith(UDS)) {
    out.error([...path, "address"], unixAddressError(addr.slice(UDS.length)));
    if (Object.keys(we.ports ?? {}).length) out.error([...path, "ports"], `unix endpoint ${addr} takes no ports`);
    if (opts.servicePorts && opts.servicePorts.size !== 1) out.error([...path, "address"], "a unix endpoint needs a ServiceEntry with exactly one port");
  } else if (addr && !isIPAddress(addr)) {
    if (!opts.allowHostnames) out.error([...path, "address"], `address "${addr}" is not an IP address (resolution STATIC needs IPs)`);
    else if (fqdnError(addr)) out.error([...path, "address"], `address "${addr}" is neither an IP address nor a valid host name`);
  }
  for (const [name, port] of entries(we.ports)) {
    if (opts.servicePorts && !opts.servicePorts.has(name)) out.error([...path, "ports", name], `port "${name}" is not declared in the ServiceEntry's ports`);
    out.error([...path, "ports", name], portNameError(name));
    out.error([...path, "ports", name], portError(port));
  }
  out.errors([...path, "labels"], labelErrors(we.labels));
}

export const rule: SemanticRule = (spec) => {
  const out = new IssueList();
  checkWorkload(out, ["spec"], spec, { allowHostnames: true });
  return out.items;
};
