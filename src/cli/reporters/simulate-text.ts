/** `meshc simulate` as text: the path of the request through the proxy, then the verdict in plain words. */
import type { ChalkInstance } from "chalk";
import type { SimulationErrorCode, SimulationResult } from "../../compile/simulate.js";

const VERDICTS: Record<SimulationErrorCode, string> = {
  no_listener: "no listener accepts the connection",
  no_filter_chain: "the listener has no filter chain for this connection: it is closed",
  multiple_filter_chains: "several filter chains match equally: Envoy would reject this listener",
  no_virtual_host: "no virtual host matches the Host header: 404",
  no_route: "no route matches: 404",
  no_route_config: "the route configuration is missing: 404",
  tls_redirect: "the virtual host requires TLS: 301 redirect to https",
  protocol_error: "the connection does not speak what the filter chain expects",
  tls_error: "plaintext sent to a chain that terminates TLS: the handshake fails",
  mtls_error: "the TLS mode does not match: mutual TLS required or refused",
  rbac_denied: "an authorization policy denies the request: 403 (RBAC: access denied)",
};

function describeCall(r: SimulationResult): string {
  const c = r.call;
  const proto = c.protocol === "http" ? "HTTP/1.1" : c.protocol === "http2" ? "HTTP/2" : "TCP";
  const security = c.tls === "plaintext" ? "plaintext" : c.tls === "tls" ? "TLS" : "mutual TLS";
  const extras = [c.sni !== "" ? `SNI ${c.sni}` : "", c.alpn !== "" ? `ALPN ${c.alpn}` : ""].filter((x) => x !== "").join(", ");
  const where = c.callMode === "inbound" ? `inbound to port ${c.port}` : `to ${c.address}:${c.port}`;
  const request = c.protocol === "http" || c.protocol === "http2" ? `${c.method} ${c.tls === "plaintext" ? "http" : "https"}://${c.hostHeader || "(no host)"}${c.path}${c.query.length > 0 ? "?" + c.query.map(([k, v]) => `${k}=${v}`).join("&") : ""} ` : "";
  return `${request}(${proto}, ${security}${extras ? `, ${extras}` : ""}, ${where})`;
}

function percent(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(4).replace(/0+$/, "")}%`;
}

function rbacLine(r: SimulationResult): string {
  const rbac = r.rbac!;
  const caller = r.call.tls === "mtls" ? "" : " (plaintext: no peer principal)";
  if (!rbac.allowed) return `denied${rbac.deniedBy?.policy ? ` by ${rbac.deniedBy.policy}` : ": no ALLOW policy matched"} (${rbac.deniedBy?.filter ?? "RBAC"})${caller}`;
  if (rbac.allowedBy?.policy) return `allowed by ${rbac.allowedBy.policy} (${rbac.allowedBy.filter})${rbac.extAuthz.length > 0 ? `; ext_authz ${rbac.extAuthz.map((e) => e.policy).join(", ")} would be asked` : ""}`;
  if (rbac.decisions.length === 0) return "allowed: no RBAC filter on the chain";
  return `allowed: no policy denies${rbac.extAuthz.length > 0 ? `; ext_authz ${rbac.extAuthz.map((e) => e.policy).join(", ")} would be asked` : ""}`;
}

export function renderSimulationText(r: SimulationResult, c: ChalkInstance): string {
  const lines: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== "") lines.push([label, value]);
  };
  add("Request", describeCall(r));
  add("Listener", r.listener);
  if (r.inspectors !== undefined) add("Inspectors", `TLS ${r.inspectors.tls ? "yes" : "no"}, HTTP ${r.inspectors.http ? "yes" : "no"}`);
  if (r.networkFilters !== undefined) add("Filter chain", `${r.filterChain || "(unnamed)"}${r.tlsContext ? `  [terminates TLS: cert ${r.tlsContext.certificateSdsSecretName || "(inline)"}${r.tlsContext.requireClientCertificate ? ", client certificate required" : ""}]` : ""}`);
  add("Network filters", r.networkFilters?.join(", "));
  add("HTTP filters", r.httpFilters?.join(", "));
  add("Route config", r.routeConfig || (r.chainKind === "http" && r.virtualHost !== "" ? "(inline)" : ""));
  add("Virtual host", r.virtualHost);
  if (r.route !== undefined) add("Route", `${r.routeName || "(unnamed)"} (#${r.routeIndex ?? 0})${r.route.virtualService ? `  from ${r.route.virtualService}` : ""}`);
  const p = r.route;
  if (p?.weightedClusters !== undefined && p.weightedClusters.length > 1) {
    const total = p.weightedClusters.reduce((s, w) => s + w.weight, 0) || 1;
    add("Clusters", p.weightedClusters.map((w) => `${w.name} ${percent((w.weight * 100) / total)}`).join(", "));
  } else add("Cluster", r.cluster);
  if (r.tcpWeightedClusters !== undefined && r.tcpWeightedClusters.length > 1) add("Clusters", r.tcpWeightedClusters.map((w) => `${w.name} (weight ${w.weight})`).join(", "));
  if (p !== undefined) {
    add("Timeout", p.timeout === "0s" ? "none (0s)" : p.timeout);
    if (p.retries) add("Retries", `${p.retries.numRetries} on ${p.retries.retryOn || "(default)"}${p.retries.perTryTimeout ? `, ${p.retries.perTryTimeout} per try` : ""}${p.retries.retriableStatusCodes ? `, status ${p.retries.retriableStatusCodes.join("/")}` : ""}`);
    if (p.fault?.delay) add("Fault delay", `${p.fault.delay.fixedDelay} for ${percent(p.fault.delay.percent)} of requests`);
    if (p.fault?.abort) add("Fault abort", `${p.fault.abort.httpStatus !== undefined ? `HTTP ${p.fault.abort.httpStatus}` : `gRPC ${p.fault.abort.grpcStatus ?? ""}`} for ${percent(p.fault.abort.percent)} of requests`);
    for (const m of p.mirrors ?? []) add("Mirror", `${m.cluster} (${percent(m.percent)})`);
    if (p.redirect) add("Redirect", `${p.redirect.responseCode} to ${p.redirect.scheme ?? "(same scheme)"}://${p.redirect.host ?? "(same host)"}${p.redirect.port ? `:${p.redirect.port}` : ""}${p.redirect.path ?? (p.redirect.prefixRewrite !== undefined ? `${p.redirect.prefixRewrite}…` : "(same path)")}`);
    if (p.directResponse) add("Direct response", `HTTP ${p.directResponse.status}${p.directResponse.body ? `: ${JSON.stringify(p.directResponse.body)}` : ""}`);
    if (p.rewrite) add("Rewrite", [p.rewrite.prefix !== undefined ? `prefix → ${p.rewrite.prefix}` : "", p.rewrite.regex ? `regex ${p.rewrite.regex.pattern} → ${p.rewrite.regex.substitution}` : "", p.rewrite.host ? `host → ${p.rewrite.host}` : "", p.rewrite.autoHost ? "host → upstream's" : ""].filter((x) => x !== "").join(", "));
    if (p.cors) add("CORS", "policy present");
    add("Per-route filters", p.perFilterConfig?.join(", "));
  }
  if (r.rbac !== undefined) add("RBAC", rbacLine(r));
  const width = Math.max(...lines.map(([l]) => l.length)) + 2;
  let out = lines.map(([l, v]) => `${c.dim(`${l}:`.padEnd(width))}${v}\n`).join("");
  for (const w of r.warnings ?? []) out += `${c.yellow("warning:")} ${w}\n`;
  if (r.error === undefined) {
    const target = r.cluster || (p?.weightedClusters?.length ? "weighted clusters" : p?.redirect ? "a redirect" : p?.directResponse ? "a direct response" : r.tcpWeightedClusters?.length ? "weighted clusters" : "nothing");
    out += `${c.green("✔")} routed to ${target}\n`;
  } else {
    out += `${c.red("✘")} ${r.error}: ${VERDICTS[r.error]}${r.errorDetail ? `\n  ${r.errorDetail}` : ""}\n`;
  }
  return out;
}
