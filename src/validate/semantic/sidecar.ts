/** Sidecar rules of Istio's webhook: selector, ingress and egress listeners, hosts, outbound policy. */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, entries, isObj, isSet, type Path } from "./issues.js";
import { fqdnError, isIPAddress, namespacedHostErrors, unixAddressError } from "./hostnames.js";
import { isHTTPProtocol, parseProtocol, portError, portNameError, protocolError } from "./field-rules.js";
import { checkConnectionPool } from "./traffic-policy.js";
import { checkServerTLS } from "./server-tls.js";
import { checkDestination } from "./virtual-service-http.js";

const UDS = "unix://";
const LOOPBACK_OR_ANY = ["127.0.0.1", "0.0.0.0", "::1", "::"];

/** Go's net.SplitHostPort: "host:port", "[v6]:port" or ":port". */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  if (s.startsWith("[")) {
    const end = s.indexOf("]:");
    return end < 0 ? undefined : { host: s.slice(1, end), port: s.slice(end + 2) };
  }
  const i = s.lastIndexOf(":");
  if (i < 0 || s.indexOf(":") !== i) return undefined;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

function checkListenerPort(out: IssueList, p: Path, port: Record<string, any>, bind: string, egress: boolean, captureMode: unknown): void {
  if (isSet(port.targetPort)) out.error([...p, "port", "targetPort"], "targetPort has no effect on a Sidecar: remove it");
  if (port.name) out.error([...p, "port", "name"], portNameError(port.name));
  out.error([...p, "port", "protocol"], protocolError(port.protocol));
  if (egress && !isSet(port.number)) {
    if (!bind.startsWith(UDS)) out.error([...p, "bind"], "a listener with port 0 must bind to a unix socket (unix:///path)");
    else out.error([...p, "bind"], unixAddressError(bind.slice(UDS.length)));
    if (captureMode !== undefined && captureMode !== "DEFAULT" && captureMode !== "NONE")
      out.error([...p, "captureMode"], "a unix socket listener needs captureMode DEFAULT or NONE");
    return;
  }
  out.error([...p, "port", "number"], portError(port.number ?? 0));
  if (bind && !isIPAddress(bind)) out.error([...p, "bind"], `bind "${bind}" is not an IP address`);
}

function checkIngress(out: IssueList, spec: Record<string, any>): void {
  const ports = new Set<unknown>();
  arr(spec.ingress).forEach((l, i) => {
    const p = ["spec", "ingress", i];
    if (!isObj(l)) return out.error(p, "ingress listener is empty (null)");
    if (!isObj(l.port)) return out.error([...p, "port"], "an ingress listener needs a port");
    checkListenerPort(out, p, l.port, typeof l.bind === "string" ? l.bind : "", false, l.captureMode);
    if (ports.has(l.port.number)) out.error([...p, "port", "number"], `port ${l.port.number} is used by another ingress listener`);
    ports.add(l.port.number);
    const de = typeof l.defaultEndpoint === "string" ? l.defaultEndpoint : "";
    if (de.startsWith(UDS)) out.error([...p, "defaultEndpoint"], unixAddressError(de.slice(UDS.length)));
    else if (de) {
      const hp = splitHostPort(de);
      if (!hp) out.error([...p, "defaultEndpoint"], `defaultEndpoint "${de}" must be host:port`);
      else {
        if (hp.host && !LOOPBACK_OR_ANY.includes(hp.host))
          out.error([...p, "defaultEndpoint"], "defaultEndpoint must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix:///path");
        out.error([...p, "defaultEndpoint"], /^\d+$/.test(hp.port) ? portError(Number(hp.port)) : `defaultEndpoint port "${hp.port}" is not a number`);
      }
    }
    if (isObj(l.tls)) {
      const t = l.tls, tp = [...p, "tls"];
      if (arr(t.subjectAltNames).length) out.error([...tp, "subjectAltNames"], "subjectAltNames is not supported on sidecar ingress TLS");
      if (t.httpsRedirect === true) out.error([...tp, "httpsRedirect"], "httpsRedirect is not supported on a Sidecar");
      if (t.credentialName) out.error([...tp, "credentialName"], "credentialName is not supported on a Sidecar: give the certificate files");
      if (t.mode === "ISTIO_MUTUAL" || t.mode === "AUTO_PASSTHROUGH") out.error([...tp, "mode"], `mode ${t.mode} cannot be used on sidecar ingress TLS`);
      checkServerTLS(out, tp, t);
    }
    checkConnectionPool(out, [...p, "connectionPool"], l.connectionPool);
    if (isObj(l.connectionPool) && l.connectionPool.http !== undefined && !isHTTPProtocol(parseProtocol(l.port.protocol)))
      out.warn([...p, "connectionPool", "http"], `port ${l.port.number} is not HTTP (${l.port.protocol ?? "no protocol"}), so only the tcp pool settings apply`);
  });
}

function checkEgress(out: IssueList, spec: Record<string, any>, namespace: string): void {
  const egress = arr(spec.egress);
  const ports = new Set<unknown>();
  const sockets = new Set<string>();
  let catchAll = false;
  egress.forEach((l, i) => {
    const p = ["spec", "egress", i];
    if (!isObj(l)) return out.error(p, "egress listener is empty (null)");
    if (l.port === undefined) {
      if (catchAll) return out.error(p, "only one egress listener may leave out port");
      if (i === egress.length - 1) catchAll = true;
      else out.error(p, "the egress listener without a port must be the last one");
    } else if (isObj(l.port)) {
      const bind = typeof l.bind === "string" ? l.bind : "";
      checkListenerPort(out, p, l.port, bind, true, l.captureMode);
      if (!isSet(l.port.number)) {
        if (sockets.has(bind)) out.error([...p, "bind"], `unix socket ${bind} is used by another egress listener`);
        sockets.add(bind);
      } else {
        if (ports.has(l.port.number)) out.error([...p, "port", "number"], `port ${l.port.number} is used by another egress listener`);
        ports.add(l.port.number);
      }
    }
    const hosts = arr<string>(l.hosts);
    if (!hosts.length) return out.error([...p, "hosts"], "an egress listener needs at least one host");
    const byNs = new Map<string, Set<string>>();
    hosts.forEach((h, j) => {
      const slash = h.indexOf("/");
      if (slash >= 0) {
        const ns = h.slice(0, slash) === "." ? namespace : h.slice(0, slash);
        const svc = h.slice(slash + 1);
        const set = byNs.get(ns) ?? new Set<string>();
        byNs.set(ns, set);
        if (svc !== "*" ? set.has(svc) || set.has("*") : set.size > 0) out.warn([...p, "hosts", j], `egress host "${h}" is already covered by an earlier entry`);
        set.add(svc);
      }
      out.errors([...p, "hosts", j], namespacedHostErrors(h, "sidecar"));
    });
    if (byNs.get("*")?.has("*") && byNs.size !== 1) out.warn([...p, "hosts"], `"*/*" already selects everything: the other hosts add nothing`);
  });
}

export const rule: SemanticRule = (spec, ctx) => {
  const out = new IssueList();
  if (!isObj(spec)) return out.items;
  const sel = spec.workloadSelector;
  if (isObj(sel)) {
    for (const [k] of entries(sel.labels)) {
      if (k === "") out.error(["spec", "workloadSelector", "labels"], "workloadSelector has an empty label key");
      if (k.includes("*")) out.error(["spec", "workloadSelector", "labels", k], `wildcard "*" is not allowed in label key "${k}"`);
    }
    if (out.items.length) return out.items;
    if (!Object.keys(sel.labels ?? {}).length)
      out.warn(["spec", "workloadSelector"], "workloadSelector has no labels, so this Sidecar applies to every workload in the namespace");
  }
  if (!arr(spec.egress).length && !arr(spec.ingress).length && spec.outboundTrafficPolicy === undefined && spec.inboundConnectionPool === undefined) {
    out.error(["spec"], "the Sidecar is empty: configure egress, ingress, outboundTrafficPolicy or inboundConnectionPool");
    return out.items;
  }
  checkIngress(out, spec);
  checkConnectionPool(out, ["spec", "inboundConnectionPool"], spec.inboundConnectionPool);
  checkEgress(out, spec, ctx.namespace);
  const otp = spec.outboundTrafficPolicy;
  if (isObj(otp) && isObj(otp.egressProxy)) {
    const p = ["spec", "outboundTrafficPolicy", "egressProxy"];
    if (otp.mode !== "ALLOW_ANY") out.error(p, "egressProxy only applies with mode ALLOW_ANY");
    else {
      out.error([...p, "host"], fqdnError(String(otp.egressProxy.host ?? "")));
      if (otp.egressProxy.port === undefined) out.error([...p, "port"], "egressProxy needs a port");
      else checkDestination(out, p, otp.egressProxy);
    }
  }
  return out.items;
};
