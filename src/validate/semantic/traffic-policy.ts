/** Checks of DestinationRule traffic policies (also used for Sidecar connection pools). */
import { IssueList, arr, entries, isObj, isSet, type Path } from "./issues.js";
import { fqdnError, isIPAddress } from "./hostnames.js";
import { durationError, portError } from "./field-rules.js";

const TOPOLOGY_LABELS = ["topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"];

export function checkConnectionPool(out: IssueList, path: Path, pool: unknown): void {
  if (!isObj(pool)) return;
  if (!isObj(pool.http) && !isObj(pool.tcp)) return out.error(path, "connectionPool is empty: set http or tcp settings");
  const neg = (p: Path, v: unknown, what: string) => {
    if (typeof v === "number" && v < 0) out.error(p, `${what} cannot be negative`);
  };
  if (isObj(pool.http)) {
    const h = pool.http, p = [...path, "http"];
    for (const f of ["http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection", "maxRetries", "maxConcurrentStreams"])
      neg([...p, f], h[f], f);
    if (h.idleTimeout !== undefined) out.error([...p, "idleTimeout"], durationError(h.idleTimeout));
    if (h.h2UpgradePolicy === "UPGRADE" && h.useClientProtocol === true)
      out.error(p, "useClientProtocol cannot be true when h2UpgradePolicy is UPGRADE: choose one");
  }
  if (isObj(pool.tcp)) {
    const t = pool.tcp, p = [...path, "tcp"];
    neg([...p, "maxConnections"], t.maxConnections, "maxConnections");
    for (const f of ["connectTimeout", "maxConnectionDuration", "idleTimeout"]) if (t[f] !== undefined) out.error([...p, f], durationError(t[f]));
    if (isObj(t.tcpKeepalive))
      for (const f of ["time", "interval"]) if (t.tcpKeepalive[f] !== undefined) out.error([...p, "tcpKeepalive", f], durationError(t.tcpKeepalive[f]));
  }
}

function checkOutlier(out: IssueList, path: Path, o: unknown): void {
  if (!isObj(o)) return;
  for (const f of ["baseEjectionTime", "interval"]) if (o[f] !== undefined) out.error([...path, f], durationError(o[f]));
  if (isSet(o.consecutiveErrors)) out.warn([...path, "consecutiveErrors"], "consecutiveErrors is deprecated: use consecutive5xxErrors or consecutiveGatewayErrors");
  if (!o.splitExternalLocalOriginErrors && typeof o.consecutiveLocalOriginFailures === "number" && o.consecutiveLocalOriginFailures > 0)
    out.error([...path, "consecutiveLocalOriginFailures"], "consecutiveLocalOriginFailures only works with splitExternalLocalOriginErrors: true");
  for (const f of ["maxEjectionPercent", "minHealthPercent"])
    if (typeof o[f] === "number" && (o[f] < 0 || o[f] > 100)) out.error([...path, f], `${f} ${o[f]} is out of range: use 0 to 100`);
}

function isPrime(n: number): boolean {
  if (n !== 0 && n < 4) return true;
  if (n % 2 === 0) return false;
  for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return false;
  return true;
}

/** Locality names are region[/zone[/subzone]], with at most one trailing "*", none repeated or overlapping. */
function localityErrors(localities: string[]): string | undefined {
  const tree = new Map<string, Map<string, Set<string>>>();
  for (const loc of localities) {
    const stars = loc.split("*").length - 1;
    if (stars > 1 || (stars === 1 && !loc.endsWith("*"))) return `locality "${loc}" may hold one "*", and only at its end`;
    if (tree.has("*")) return `locality "${loc}" overlaps with an earlier one`;
    const parts = loc.split("/", 3).length === 3 ? [loc.split("/")[0]!, loc.split("/")[1]!, loc.split("/").slice(2).join("/")] : loc.split("/");
    if (parts.some((x) => x === "")) return `locality "${loc}" has an empty region, zone or subzone`;
    const [region, zone, sub] = parts as [string, string?, string?];
    const zones = tree.get(region);
    if (zone === undefined) {
      if (zones) return `locality "${loc}" overlaps with an earlier one`;
      tree.set(region, new Map([["*", new Set(["*"])]]));
      continue;
    }
    if (zones && (zones.has("*") || (sub === undefined && zones.has(zone)))) return `locality "${loc}" overlaps with an earlier one`;
    const m = zones ?? new Map<string, Set<string>>();
    tree.set(region, m);
    if (sub === undefined) m.set(zone, new Set(["*"]));
    else {
      const subs = m.get(zone);
      if (subs && (subs.has("*") || subs.has(sub))) return `locality "${loc}" overlaps with an earlier one`;
      m.set(zone, (subs ?? new Set()).add(sub));
    }
  }
  return undefined;
}

function checkLocality(out: IssueList, path: Path, lb: unknown, outlier: unknown): void {
  if (!isObj(lb)) return;
  const distribute = arr(lb.distribute), failover = arr(lb.failover), priority = arr<string>(lb.failoverPriority);
  if (distribute.length && failover.length) return out.error(path, "distribute and failover cannot both be set");
  if (failover.length && priority.some((l) => TOPOLOGY_LABELS.includes(l)))
    return out.error([...path, "failoverPriority"], "failover cannot be combined with region/zone/subzone labels in failoverPriority");
  for (const [i, d] of distribute.entries()) {
    let total = 0;
    for (const [loc, w] of entries(isObj(d) ? d.to : undefined)) {
      if (typeof w !== "number" || w < 1 || w > 100) return out.error([...path, "distribute", i, "to", loc], "locality weights must be between 1 and 100");
      total += w;
    }
    if (total !== 100) return out.error([...path, "distribute", i, "to"], `locality weights add up to ${total}, not 100`);
    out.error([...path, "distribute", i, "to"], localityErrors(Object.keys(isObj(d) && isObj(d.to) ? d.to : {})));
  }
  out.error([...path, "distribute"], localityErrors(distribute.map((d) => (isObj(d) ? String(d.from ?? "") : ""))));
  if ((failover.length || priority.length) && outlier === undefined)
    out.warn(path, "failover only happens with outlier detection: add outlierDetection to the traffic policy");
  failover.forEach((f, i) => {
    if (!isObj(f)) return;
    const p = [...path, "failover", i];
    if (f.from === f.to) out.error(p, "failover from and to must name different regions");
    if (String(f.from ?? "").includes("/") || String(f.to ?? "").includes("/")) out.error(p, "failover names regions only (no \"/\")");
    if (String(f.from ?? "").includes("*") || String(f.to ?? "").includes("*")) out.error(p, "failover regions cannot contain \"*\"");
  });
}

function checkLoadBalancer(out: IssueList, path: Path, lb: unknown, outlier: unknown): void {
  if (!isObj(lb)) return;
  const ch = lb.consistentHash;
  if (isObj(ch)) {
    const p = [...path, "consistentHash"];
    if (isObj(ch.httpCookie) && !ch.httpCookie.name) out.error([...p, "httpCookie", "name"], "httpCookie needs a name");
    if (isSet(ch.minimumRingSize)) {
      out.warn([...p, "minimumRingSize"], "minimumRingSize is deprecated: use ringHash.minimumRingSize");
      if (ch.ringHash !== undefined || ch.maglev !== undefined) out.error(p, "minimumRingSize cannot be combined with ringHash or maglev");
    }
    if (isObj(ch.maglev)) {
      const size = typeof ch.maglev.tableSize === "number" ? ch.maglev.tableSize : 0;
      const mp = [...p, "maglev", "tableSize"];
      if (size === 0) out.error(mp, "maglev needs a tableSize");
      if (size >= 5000011) out.error(mp, "maglev tableSize must be below 5000011");
      if (!isPrime(size)) out.error(mp, `maglev tableSize ${size} must be a prime number`);
    }
  }
  checkLocality(out, [...path, "localityLbSetting"], lb.localityLbSetting, outlier);
  if (lb.warmupDurationSecs !== undefined) out.error([...path, "warmupDurationSecs"], durationError(lb.warmupDurationSecs));
}

export function checkClientTLS(out: IssueList, path: Path, tls: unknown): void {
  if (!isObj(tls)) return;
  const mode = tls.mode ?? "DISABLE";
  if (tls.insecureSkipVerify === true) {
    if (mode === "SIMPLE" && (tls.caCertificates || tls.credentialName || tls.subjectAltNames !== undefined))
      out.error(path, "insecureSkipVerify: true turns verification off, so caCertificates, credentialName and subjectAltNames must not be set");
    if (mode === "MUTUAL" && (tls.caCertificates || tls.subjectAltNames !== undefined))
      out.error(path, "insecureSkipVerify: true turns verification off, so caCertificates and subjectAltNames must not be set");
  }
  if ((mode === "SIMPLE" || mode === "MUTUAL") && tls.credentialName) {
    if (tls.clientCertificate || tls.caCertificates || tls.privateKey || tls.caCrl)
      out.error(path, "credentialName already supplies the certificates: remove clientCertificate, privateKey, caCertificates and caCrl");
    return;
  }
  if (mode === "MUTUAL") {
    if (!tls.clientCertificate) out.error([...path, "clientCertificate"], "MUTUAL TLS needs clientCertificate (or credentialName)");
    if (!tls.privateKey) out.error([...path, "privateKey"], "MUTUAL TLS needs privateKey (or credentialName)");
  }
}

const POLICY_FIELDS = ["outlierDetection", "connectionPool", "loadBalancer", "tls", "portLevelSettings", "tunnel", "proxyProtocol", "retryBudget"];

export function checkTrafficPolicy(out: IssueList, path: Path, tp: unknown): void {
  if (!isObj(tp)) return;
  if (!POLICY_FIELDS.some((f) => tp[f] !== undefined)) return out.error(path, "trafficPolicy is empty: set at least one field or remove it");
  if (tp.tunnel !== undefined && tp.proxyProtocol !== undefined) return out.error(path, "tunnel and proxyProtocol cannot both be set");
  checkOutlier(out, [...path, "outlierDetection"], tp.outlierDetection);
  checkConnectionPool(out, [...path, "connectionPool"], tp.connectionPool);
  checkLoadBalancer(out, [...path, "loadBalancer"], tp.loadBalancer, tp.outlierDetection);
  checkClientTLS(out, [...path, "tls"], tp.tls);
  arr(tp.portLevelSettings).forEach((pl, i) => {
    if (!isObj(pl)) return;
    const p = [...path, "portLevelSettings", i];
    if (pl.port === undefined) out.error(p, "a port-level setting needs port");
    if (!["outlierDetection", "connectionPool", "loadBalancer", "tls"].some((f) => pl[f] !== undefined))
      return out.error(p, "a port-level setting needs at least one of connectionPool, loadBalancer, outlierDetection or tls");
    checkOutlier(out, [...p, "outlierDetection"], pl.outlierDetection);
    checkConnectionPool(out, [...p, "connectionPool"], pl.connectionPool);
    checkLoadBalancer(out, [...p, "loadBalancer"], pl.loadBalancer, pl.outlierDetection);
    checkClientTLS(out, [...p, "tls"], pl.tls);
  });
  const t = tp.tunnel;
  if (isObj(t)) {
    const p = [...path, "tunnel"];
    if (t.protocol && t.protocol !== "CONNECT" && t.protocol !== "POST") out.error([...p, "protocol"], `tunnel protocol "${t.protocol}" must be CONNECT or POST`);
    if (typeof t.targetHost === "string" && fqdnError(t.targetHost) && !isIPAddress(t.targetHost))
      out.error([...p, "targetHost"], `tunnel targetHost "${t.targetHost}" must be a fully qualified name or an IP address`);
    out.error([...p, "targetPort"], portError(t.targetPort));
  }
}
