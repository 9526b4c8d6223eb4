/**
 * DestinationRule traffic policy → cluster settings (pilot/pkg/networking/core/cluster_traffic_policy.go,
 * cluster_tls.go, loadbalancer/loadbalancer.go): load balancer, connection pool, outlier detection, TLS.
 */
import type { CircuitBreakersIR, ClusterIR, HashPolicyIR, OutlierDetectionIR, UpstreamTlsIR } from "../ir.js";
import { credentialSdsName, fileCertSdsName, fileRootSdsName, SDS_DEFAULT, sniName } from "../names.js";

type Obj = Record<string, any>;

export const MAX_U32 = 4294967295;

export function defaultCircuitBreakers(): CircuitBreakersIR {
  return { maxConnections: MAX_U32, maxPendingRequests: MAX_U32, maxRequests: MAX_U32, maxRetries: MAX_U32 };
}

/** Applies loadBalancer (incl. warmup) / connectionPool / retryBudget / proxyProtocol / outlierDetection to a cluster. */
export function applyTrafficPolicy(cluster: ClusterIR, policy: Obj | undefined, http2: boolean): void {
  if (!policy) return;
  const lb = policy.loadBalancer as Obj | undefined;
  if (lb) {
    if (lb.simple === "ROUND_ROBIN") cluster.lbPolicy = "ROUND_ROBIN";
    else if (lb.simple === "RANDOM") cluster.lbPolicy = "RANDOM";
    else if (lb.simple === "PASSTHROUGH") {
      cluster.discovery = "ORIGINAL_DST";
      cluster.lbPolicy = "CLUSTER_PROVIDED";
      delete cluster.loadAssignment;
    }
    const warmup = lb.warmup as Obj | undefined;
    const window = typeof warmup?.duration === "string" ? warmup.duration : typeof lb.warmupDurationSecs === "string" ? lb.warmupDurationSecs : undefined;
    if (window) {
      cluster.slowStart = { window };
      if (typeof warmup?.aggression === "number") cluster.slowStart.aggression = warmup.aggression;
      if (typeof warmup?.minimumPercent === "number") cluster.slowStart.minWeightPercent = warmup.minimumPercent;
    }
    const ch = lb.consistentHash as Obj | undefined;
    if (ch) {
      if (ch.maglev) {
        cluster.lbPolicy = "MAGLEV";
        if (typeof ch.maglev.tableSize === "number") cluster.maglevTableSize = ch.maglev.tableSize;
      } else {
        cluster.lbPolicy = "RING_HASH";
        cluster.ringHashMinimumRingSize = ch.ringHash?.minimumRingSize ?? ch.minimumRingSize ?? 1024;
      }
    }
  }
  const pool = policy.connectionPool as Obj | undefined;
  if (pool) {
    const cb = (cluster.circuitBreakers ??= defaultCircuitBreakers());
    const tcp = (pool.tcp ?? {}) as Obj;
    const http = (pool.http ?? {}) as Obj;
    if (typeof tcp.maxConnections === "number") cb.maxConnections = tcp.maxConnections;
    if (typeof tcp.connectTimeout === "string") cluster.connectTimeout = tcp.connectTimeout;
    if (typeof http.http1MaxPendingRequests === "number") cb.maxPendingRequests = http.http1MaxPendingRequests;
    if (typeof http.http2MaxRequests === "number") cb.maxRequests = http.http2MaxRequests;
    if (typeof http.maxRetries === "number") cb.maxRetries = http.maxRetries;
    const h = (cluster.http ??= {});
    if (typeof http.idleTimeout === "string") h.idleTimeout = http.idleTimeout;
    else if (typeof tcp.idleTimeout === "string") h.idleTimeout = tcp.idleTimeout;
    if (typeof http.maxRequestsPerConnection === "number" && http.maxRequestsPerConnection > 0) h.maxRequestsPerConnection = http.maxRequestsPerConnection;
    if (typeof tcp.maxConnectionDuration === "string") h.maxConnectionDuration = tcp.maxConnectionDuration;
    if (http.h2UpgradePolicy === "UPGRADE" && !h.useDownstream) h.http2 = true;
    if (http.useClientProtocol === true) {
      h.useDownstream = true;
      delete h.http2;
    }
    if (typeof http.maxConcurrentStreams === "number" && (h.http2 || http2)) h.maxConcurrentStreams = http.maxConcurrentStreams;
    if (Object.keys(h).length === 0) delete cluster.http;
    const ka = tcp.tcpKeepalive as Obj | undefined;
    if (ka) {
      cluster.tcpKeepalive = {
        ...(typeof ka.probes === "number" ? { probes: ka.probes } : {}),
        ...(typeof ka.time === "string" ? { time: seconds(ka.time) } : {}),
        ...(typeof ka.interval === "string" ? { interval: seconds(ka.interval) } : {}),
      };
    }
  }
  const budget = policy.retryBudget as Obj | undefined;
  if (budget) {
    const cb = (cluster.circuitBreakers ??= defaultCircuitBreakers());
    cb.retryBudget = { percent: typeof budget.percent === "number" ? budget.percent : 20, minRetryConcurrency: typeof budget.minRetryConcurrency === "number" ? budget.minRetryConcurrency : 3 };
  }
  const pp = policy.proxyProtocol?.version;
  if (pp === "V1" || pp === "V2") cluster.proxyProtocol = pp;
  else if (policy.proxyProtocol) cluster.proxyProtocol = "V1";
  const od = policy.outlierDetection as Obj | undefined;
  if (od) {
    const o: OutlierDetectionIR = {};
    const c5 = od.consecutive5xxErrors ?? od.consecutiveErrors;
    if (typeof c5 === "number") o.consecutive5xx = c5;
    if (typeof od.consecutiveGatewayErrors === "number") o.consecutiveGatewayFailure = od.consecutiveGatewayErrors;
    if (typeof od.consecutiveLocalOriginFailures === "number") o.consecutiveLocalOriginFailure = od.consecutiveLocalOriginFailures;
    if (typeof od.splitExternalLocalOriginErrors === "boolean") o.splitExternalLocalOriginErrors = od.splitExternalLocalOriginErrors;
    if (typeof od.interval === "string") o.interval = od.interval;
    if (typeof od.baseEjectionTime === "string") o.baseEjectionTime = od.baseEjectionTime;
    if (typeof od.maxEjectionPercent === "number") o.maxEjectionPercent = od.maxEjectionPercent;
    cluster.outlierDetection = o;
    cluster.healthyPanicThreshold = typeof od.minHealthPercent === "number" ? od.minHealthPercent : 0;
  }
}

function seconds(d: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.round(m[2] === "ms" ? n / 1000 : m[2] === "m" ? n * 60 : m[2] === "h" ? n * 3600 : n);
}

/** Route hash policy from consistentHash (route/route.go consistentHashToHashPolicy). */
export function hashPolicyOf(policy: Obj | undefined): HashPolicyIR[] | undefined {
  const ch = policy?.loadBalancer?.consistentHash as Obj | undefined;
  if (!ch) return undefined;
  if (typeof ch.httpHeaderName === "string") return [{ header: ch.httpHeaderName }];
  if (ch.httpCookie?.name) return [{ cookie: { name: ch.httpCookie.name, ...(ch.httpCookie.ttl ? { ttl: ch.httpCookie.ttl } : {}), ...(ch.httpCookie.path ? { path: ch.httpCookie.path } : {}) } }];
  if (ch.useSourceIp === true) return [{ sourceIp: true }];
  if (typeof ch.httpQueryParameterName === "string") return [{ queryParameter: ch.httpQueryParameterName }];
  return undefined;
}

export interface TlsInput {
  port: number;
  subset: string | undefined;
  host: string;
  http2: boolean;
  sans: string[];
  /** The DestinationRule has a workloadSelector (credentialName only works then, on sidecars). */
  drHasSelector: boolean;
  /** Mesh `tlsDefaults` for SIMPLE/MUTUAL. */
  tlsDefaults?: { ecdhCurves?: string[]; cipherSuites?: string[] };
}

/** Explicit DestinationRule TLS (cluster_tls.go): "disable" for plaintext (no auto mTLS), undefined when the rule sets none. */
export function explicitTls(tls: Obj | undefined, input: TlsInput): UpstreamTlsIR | "disable" | undefined {
  if (!tls || !tls.mode) return undefined;
  const sans = Array.isArray(tls.subjectAltNames) && tls.subjectAltNames.length > 0 ? (tls.subjectAltNames as string[]) : input.sans;
  switch (tls.mode) {
    case "DISABLE":
      return "disable";
    case "ISTIO_MUTUAL":
      return { mode: "istio", auto: false, sni: tls.sni ?? sniName(input.port, input.subset, input.host), alpn: istioAlpn(input.http2), sans };
    case "SIMPLE":
    case "MUTUAL": {
      const mode = tls.mode === "SIMPLE" ? "simple" : "mutual";
      const out: UpstreamTlsIR = { mode, sans: Array.isArray(tls.subjectAltNames) ? tls.subjectAltNames : input.sans };
      if (tls.sni) out.sni = tls.sni;
      if (input.http2) out.alpn = ["h2"];
      if (tls.insecureSkipVerify === true) out.insecureSkipVerify = true;
      if (Array.isArray(input.tlsDefaults?.ecdhCurves) && input.tlsDefaults.ecdhCurves.length > 0) out.ecdhCurves = input.tlsDefaults.ecdhCurves;
      if (Array.isArray(input.tlsDefaults?.cipherSuites) && input.tlsDefaults.cipherSuites.length > 0) out.cipherSuites = input.tlsDefaults.cipherSuites;
      if (typeof tls.credentialName === "string") {
        // Sidecars read credentialName only from a DestinationRule with a workloadSelector; otherwise
        // the cluster gets no TLS at all (and no auto mTLS either: the rule did set a TLS mode).
        if (!input.drHasSelector) return "disable";
        out.caSecret = credentialSdsName(tls.credentialName, true);
        if (mode === "mutual") out.certSecret = credentialSdsName(tls.credentialName);
        return out;
      }
      if (!out.insecureSkipVerify) out.caSecret = fileRootSdsName(tls.caCertificates);
      if (mode === "mutual" && tls.clientCertificate && tls.privateKey) out.certSecret = fileCertSdsName(tls.clientCertificate, tls.privateKey);
      return out;
    }
    default:
      return undefined;
  }
}

export function istioAlpn(http2: boolean): string[] {
  return http2 ? ["istio-peer-exchange", "istio", "h2"] : ["istio-peer-exchange", "istio"];
}

/** Auto mTLS (cluster_builder.go buildUpstreamTLSSettings): Istio mTLS to endpoints labelled tlsMode=istio. */
export function autoMtls(input: TlsInput): UpstreamTlsIR {
  return { mode: "istio", auto: true, sni: sniName(input.port, input.subset, input.host), alpn: istioAlpn(input.http2), sans: input.sans };
}

export { SDS_DEFAULT };
