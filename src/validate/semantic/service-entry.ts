/** ServiceEntry rules of Istio's webhook: hosts, addresses, ports, resolution vs endpoints, exportTo. */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, entries, isObj, isSet } from "./issues.js";
import { fqdnError, ipOrCidrError, partialWildcardError, wildcardDomainError } from "./hostnames.js";
import { exportToErrors, isHTTPProtocol, isTCPProtocol, isTLSProtocol, parseProtocol, portNameError, protocolError } from "./field-rules.js";
import { checkWorkload } from "./workload-entry.js";

export const rule: SemanticRule = (spec, ctx) => {
  const out = new IssueList();
  if (!isObj(spec)) return out.items;
  const resolution: string = spec.resolution ?? "NONE";
  const sel = spec.workloadSelector;
  if (isObj(sel)) {
    for (const [k] of entries(sel.labels)) {
      if (k === "") out.error(["spec", "workloadSelector", "labels"], "workloadSelector has an empty label key");
      if (k.includes("*")) out.error(["spec", "workloadSelector", "labels", k], `wildcard "*" is not allowed in label key "${k}"`);
    }
    if (!Object.keys(sel.labels ?? {}).length) out.warn(["spec", "workloadSelector"], "workloadSelector has no labels, so it selects every workload in the namespace");
  }
  const hosts = arr<string>(spec.hosts);
  hosts.forEach((h, i) => {
    if (h === "*") return;
    out.error(["spec", "hosts", i], wildcardDomainError(h));
    out.warn(["spec", "hosts", i], partialWildcardError(h));
  });
  arr<string>(spec.addresses).forEach((a, i) => out.error(["spec", "addresses", i], ipOrCidrError(a)));

  const ports = arr(spec.ports).filter(isObj);
  const portNames = new Set<string>();
  arr(spec.ports).forEach((p, i) => {
    if (!isObj(p)) return;
    const name = String(p.name ?? "");
    if (portNames.has(name)) out.error(["spec", "ports", i, "name"], `port name "${name}" is declared twice`);
    portNames.add(name);
    if (isSet(p.targetPort) && resolution === "NONE") out.warn(["spec", "ports", i, "targetPort"], "targetPort has no effect with resolution NONE");
    out.error(["spec", "ports", i, "name"], portNameError(name));
    out.error(["spec", "ports", i, "protocol"], protocolError(p.protocol));
  });

  const endpoints = arr(spec.endpoints);
  if (resolution === "NONE") {
    if (sel !== undefined) out.warn(["spec", "workloadSelector"], "workloadSelector has no effect with resolution NONE");
  } else if (resolution === "STATIC") {
    endpoints.forEach((e, i) => checkWorkload(out, ["spec", "endpoints", i], e, { servicePorts: portNames, allowHostnames: false }));
  } else if (resolution === "DNS" || resolution === "DNS_ROUND_ROBIN") {
    if (!endpoints.length)
      hosts.forEach((h, i) => {
        if (fqdnError(h)) out.error(["spec", "hosts", i], `host "${h}" must be a fully qualified name: with resolution ${resolution} and no endpoints, Istio resolves the hosts themselves`);
      });
    endpoints.forEach((e, i) => checkWorkload(out, ["spec", "endpoints", i], e, { servicePorts: portNames, allowHostnames: true }));
    if (sel !== undefined) out.warn(["spec", "workloadSelector"], `workloadSelector has no effect with resolution ${resolution}`);
    if (arr(spec.addresses).length && hosts.length > 1 && ports.some((p) => isTCPProtocol(parseProtocol(p.protocol))))
      out.warn(["spec", "hosts"], "with addresses and a TCP port, a ServiceEntry should have a single host");
  }
  if (resolution !== "NONE" && hosts.length > 1) {
    const i = ports.findIndex((p) => {
      const proto = parseProtocol(p.protocol);
      return !isHTTPProtocol(proto) && !isTLSProtocol(proto);
    });
    if (i >= 0) out.error(["spec", "ports"], "several hosts need HTTP or TLS ports (so requests can be told apart); with plain TCP use one host per ServiceEntry or resolution NONE");
  }
  out.errors(["spec", "exportTo"], exportToErrors(ctx.namespace, spec.exportTo, { serviceEntry: true }));
  return out.items;
};
