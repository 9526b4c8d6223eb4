/** Gateway rules of Istio's webhook: name, servers, hosts, ports, protocols, binds, TLS. */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, isObj, isSet, type Path } from "./issues.js";
import { isDNS1123Label, isIPAddress, namespacedHostErrors, unixAddressError } from "./hostnames.js";
import { isHTTPProtocol, isTLSProtocol, parseProtocol, portError } from "./field-rules.js";
import { checkServerTLS } from "./server-tls.js";

const UDS = "unix://";

function checkServer(out: IssueList, p: Path, s: Record<string, any>): void {
  const hosts = arr<string>(s.hosts);
  if (!hosts.length) out.error([...p, "hosts"], "a server needs at least one host");
  hosts.forEach((h, i) => out.errors([...p, "hosts", i], namespacedHostErrors(h, "gateway")));
  const port = s.port;
  const bind = typeof s.bind === "string" ? s.bind : "";
  let portOk = isObj(port);
  if (isObj(port)) {
    const proto = parseProtocol(port.protocol);
    if (proto === "Unsupported") {
      out.error([...p, "port", "protocol"], `protocol "${port.protocol}" is not supported: use HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TCP, TLS, Mongo, Redis or MySQL`);
      portOk = false;
    }
    if (isSet(port.number) || !bind.startsWith(UDS)) {
      const e = portError(port.number ?? 0);
      if (e) portOk = false;
      out.error([...p, "port", "number"], e);
    }
    if (isSet(port.targetPort)) {
      out.error([...p, "port", "targetPort"], "targetPort has no effect on a Gateway: remove it");
      portOk = false;
    }
    if (!port.name) {
      out.error([...p, "port", "name"], "the server port needs a name");
      portOk = false;
    }
  }
  if (bind.startsWith(UDS)) {
    out.error([...p, "bind"], unixAddressError(bind.slice(UDS.length)));
    if (isObj(port) && isSet(port.number)) out.error([...p, "port", "number"], "a server bound to a unix socket must have port number 0");
  } else if (bind && !isIPAddress(bind)) out.error([...p, "bind"], `bind "${bind}" is not an IP address`);
  checkServerTLS(out, [...p, "tls"], s.tls);
  if (!portOk || !isObj(port)) return;
  const proto = parseProtocol(port.protocol);
  const tls = s.tls;
  if (isTLSProtocol(proto) && tls === undefined) out.error([...p, "tls"], `a ${port.protocol} server needs tls settings`);
  else if (!isTLSProtocol(proto) && isObj(tls)) {
    if (isHTTPProtocol(proto)) {
      const passthrough = (tls.mode ?? "PASSTHROUGH") === "PASSTHROUGH" || tls.mode === "AUTO_PASSTHROUGH";
      if (!passthrough || tls.caCertificates || tls.privateKey || tls.serverCertificate)
        out.error([...p, "tls"], "a plain-text HTTP server takes no TLS settings except httpsRedirect");
    } else out.error([...p, "tls"], `a ${port.protocol} server takes no TLS settings: use protocol HTTPS or TLS`);
  }
}

export const rule: SemanticRule = (spec, ctx) => {
  const out = new IssueList();
  if (ctx.name && !isDNS1123Label(ctx.name))
    out.error(["metadata", "name"], `Gateway name "${ctx.name}" is invalid: use letters, digits and "-" (no dots), starting and ending with a letter or digit`);
  if (!isObj(spec)) return out.items;
  const servers = arr(spec.servers);
  if (!servers.length) out.error(["spec", "servers"], "a Gateway needs at least one server");
  const names = new Set<string>();
  servers.forEach((s, i) => {
    const p = ["spec", "servers", i];
    if (!isObj(s)) return out.error(p, "server is empty (null)");
    checkServer(out, p, s);
    if (isObj(s.port)) {
      const name = String(s.port.name ?? "");
      if (names.has(name)) out.error([...p, "port", "name"], `port name "${name}" is used by another server: port names must be unique in a Gateway`);
      names.add(name);
      if (!isHTTPProtocol(parseProtocol(s.port.protocol)) && isObj(s.tls) && s.tls.httpsRedirect === true)
        out.warn([...p, "tls", "httpsRedirect"], "httpsRedirect only applies to HTTP servers");
    }
  });
  return out.items;
};
