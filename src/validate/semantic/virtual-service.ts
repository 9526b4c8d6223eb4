/**
 * VirtualService rules of Istio's webhook: hosts, gateways, delegates, HTTP/TLS/TCP routes, exportTo,
 * and the unreachable-route warnings (see route-reachability.ts).
 */
import type { SemanticRule } from "./types.js";
import { IssueList, arr, entries, isObj, isSet, type Path } from "./issues.js";
import { hostSubsetOf, hostsOverlap, ipOrCidrError, isIPAddress, wildcardDomainError } from "./hostnames.js";
import { exportToErrors, gatewayRefIssues, isJwtClaimKey, labelErrors, portError } from "./field-rules.js";
import { checkHTTPRoute, checkWeightedRoutes } from "./virtual-service-http.js";
import { reachabilityIssues } from "./route-reachability.js";

const MESH = "mesh";

/** Host check for a VirtualService bound to gateways; SNI names Istio generates ("outbound_.80_._.host") pass. */
function gatewayHostError(host: string, sni: boolean): string | undefined {
  if (sni && host.startsWith("outbound_")) {
    const parts = host.split("_");
    if (parts.length < 4) return `host "${host}" must follow outbound_.<port>_._.<hostname>`;
    const port = parts[1]!.replace(/^\.+|\.+$/g, "");
    const name = parts[3]!.replace(/^\.+|\.+$/g, "");
    if (parts[0] !== "outbound" || !/[0-9]/.test(port) || !/[a-zA-Z]/.test(name)) return `host "${host}" must follow outbound_.<port>_._.<hostname>`;
    return undefined;
  }
  return wildcardDomainError(host);
}

function checkL4Match(out: IssueList, p: Path, m: Record<string, any>): void {
  arr<string>(m.destinationSubnets).forEach((s, i) => out.error([...p, "destinationSubnets", i], ipOrCidrError(s)));
  if (isSet(m.port)) out.error([...p, "port"], portError(m.port));
  out.errors([...p, "sourceLabels"], labelErrors(m.sourceLabels));
  arr<string>(m.gateways).forEach((g, i) => out.errors([...p, "gateways", i], gatewayRefIssues(g).errors));
}

export const rule: SemanticRule = (spec, ctx) => {
  const out = new IssueList();
  if (!isObj(spec)) return out.items;
  const hosts = arr<string>(spec.hosts);
  const gateways = arr<string>(spec.gateways);
  const delegate = hosts.length === 0;

  if (delegate) {
    if (gateways.length) out.error(["spec", "gateways"], "a delegate VirtualService (one without hosts) takes no gateways: the root VirtualService chooses them");
    if (arr(spec.tls).length) out.error(["spec", "tls"], "a delegate VirtualService (one without hosts) cannot have tls routes");
    if (arr(spec.tcp).length) out.error(["spec", "tcp"], "a delegate VirtualService (one without hosts) cannot have tcp routes");
  }

  gateways.forEach((g, i) => {
    const { errors, warnings } = gatewayRefIssues(g);
    out.errors(["spec", "gateways", i], errors);
    for (const w of warnings) out.warn(["spec", "gateways", i], w);
  });
  const toGateway = gateways.length > 0 && !gateways.includes(MESH);
  const toMesh = !toGateway;

  if (!toGateway)
    arr(spec.http).forEach((r, i) =>
      arr(isObj(r) ? r.match : undefined).forEach((m, j) => {
        for (const field of ["headers", "withoutHeaders"] as const)
          for (const [k] of entries(isObj(m) ? m[field] : undefined))
            if (isJwtClaimKey(k))
              out.error(["spec", "http", i, "match", j, field, k], `routing on JWT claim "${k}" only works on gateways, and this VirtualService applies to sidecars`);
      }),
    );

  const sni = arr(spec.tls).some((t) => isObj(t) && arr(t.match).some((m) => isObj(m) && arr(m.sniHosts).length > 0));
  let hostsValid = true;
  hosts.forEach((h, i) => {
    const err = toGateway ? gatewayHostError(h, sni) : wildcardDomainError(h);
    if (err) {
      if (!isIPAddress(h)) {
        out.error(["spec", "hosts", i], err);
        hostsValid = false;
      }
    } else if (toMesh && h === "*") {
      out.error(["spec", "hosts", i], `host "*" is not allowed for sidecars (the mesh gateway): name the hosts`);
      hostsValid = false;
    }
  });
  if (hostsValid)
    for (let i = 0; i < hosts.length; i++)
      for (let j = i + 1; j < hosts.length; j++)
        if (hostsOverlap(hosts[i]!, hosts[j]!)) out.error(["spec", "hosts", j], `hosts "${hosts[i]}" and "${hosts[j]}" overlap: list each host once`);

  if (!arr(spec.http).length && !arr(spec.tcp).length && !arr(spec.tls).length)
    out.error(["spec"], "the VirtualService has no routes: add http, tcp or tls");

  arr(spec.http).forEach((r, i) => {
    if (r === null) out.error(["spec", "http", i], "http route is empty (null)");
    else checkHTTPRoute(out, ["spec", "http", i], r, delegate);
  });

  arr(spec.tls).forEach((t, i) => {
    if (!isObj(t)) return;
    const p = ["spec", "tls", i];
    const matches = arr(t.match);
    if (!matches.length) out.error([...p, "match"], "a tls route needs at least one match");
    matches.forEach((m, j) => {
      if (!isObj(m)) return;
      const mp = [...p, "match", j];
      const snis = arr<string>(m.sniHosts);
      if (!snis.length) out.error([...mp, "sniHosts"], "a tls match needs at least one sniHosts entry");
      snis.forEach((s, k) => {
        const err = toGateway ? gatewayHostError(s, true) : wildcardDomainError(s);
        if (err) {
          if (isIPAddress(s)) out.warn([...mp, "sniHosts", k], `SNI "${s}" is an IP address; the SNI standard forbids it and most clients never send one`);
          else out.error([...mp, "sniHosts", k], err);
        } else if (!hosts.some((h) => hostSubsetOf(s, h)))
          out.error([...mp, "sniHosts", k], `SNI host "${s}" is not covered by any of the VirtualService hosts [${hosts.join(", ")}]`);
      });
      checkL4Match(out, mp, m);
    });
    if (!arr(t.route).length) out.error([...p, "route"], "a tls route needs at least one destination in route");
    checkWeightedRoutes(out, [...p, "route"], t.route, false);
  });

  arr(spec.tcp).forEach((t, i) => {
    if (!isObj(t)) return;
    const p = ["spec", "tcp", i];
    arr(t.match).forEach((m, j) => {
      if (isObj(m)) checkL4Match(out, [...p, "match", j], m);
    });
    if (!arr(t.route).length) out.error([...p, "route"], "a tcp route needs at least one destination in route");
    checkWeightedRoutes(out, [...p, "route"], t.route, false);
  });

  out.errors(["spec", "exportTo"], exportToErrors(ctx.namespace, spec.exportTo));

  return [...out.items, ...reachabilityIssues("http", spec.http), ...reachabilityIssues("tcp", spec.tcp), ...reachabilityIssues("tls", spec.tls)];
};
