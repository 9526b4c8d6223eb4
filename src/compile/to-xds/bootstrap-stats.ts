/**
 * The bootstrap's `stats_config`: Istio's tag-extraction rules, extra stat tags, histogram buckets
 * and the inclusion matcher, from the proxy config and the pod's `sidecar.istio.io/*` annotations.
 */
import type { EnvoyMessage } from "../envoy/index.js";
import type { ProxyConfig } from "../proxy-config.js";

type StatsConfig = EnvoyMessage<"envoy.config.metrics.v3.StatsConfig">;
type StringMatcher = EnvoyMessage<"envoy.type.matcher.v3.StringMatcher">;

export const STATS_ANNOTATIONS = {
  extraStatTags: "sidecar.istio.io/extraStatTags",
  inclusionPrefixes: "sidecar.istio.io/statsInclusionPrefixes",
  inclusionSuffixes: "sidecar.istio.io/statsInclusionSuffixes",
  inclusionRegexps: "sidecar.istio.io/statsInclusionRegexps",
  histogramBuckets: "sidecar.istio.io/statsHistogramBuckets",
} as const;

/** Tag name → extraction regex, in the order Envoy applies them; extra stat tags go after the first nine. */
const ISTIO_STAT_TAGS: readonly (readonly [string, string])[] = [
  ["cluster_name", String.raw`^cluster(\.(.+);)`],
  ["http_conn_manager_prefix", String.raw`^http\.(((?:[_.[:digit:]\w]*|[_\[\]aAbBcCdDeEfF[:digit:]\w\:]*));\.)`],
  ["thread_name", String.raw`^server(\.(.+))\.watchdog`],
  ["tcp_prefix", String.raw`^tcp\.((.*?)\.)\w+?$`],
  ["response_code", String.raw`_rq(_(\d{3}))$`],
  ["response_code_class", String.raw`_rq(_(\dxx))$`],
  ["http_conn_manager_listener_prefix", String.raw`^listener(?=\.).*?\.http\.(((?:[_.[:digit:]]*|[_\[\]aAbBcCdDeEfF[:digit:]]*))\.)`],
  ["listener_address", String.raw`^listener\.(((?:[_.[:digit:]]*|[_\[\]aAbBcCdDeEfF[:digit:]]*))\.)`],
  ["mongo_prefix", String.raw`^mongo\.(.+?)\.(collection|cmd|cx_|op_|delays_|decoding_)(.*?)$`],
  ["cache", String.raw`(cache\.(.+?)\.)`],
  ["component", String.raw`(component\.(.+?)\.)`],
  ["tag", String.raw`(tag\.(.+?);\.)`],
  ["wasm_filter", String.raw`(wasm_filter\.(.+?)\.)`],
  ["authz_enforce_result", String.raw`rbac(\.(allowed|denied))`],
  ["authz_dry_run_action", String.raw`(\.istio_dry_run_(allow|deny)_)`],
  ["authz_dry_run_result", String.raw`(\.shadow_(allowed|denied))`],
];

/** Extra stat tags (`name=.=value;.;` in stat names) are matched after Envoy's own tags, before Istio's generic ones. */
const EXTRA_TAGS_AT = 9;

/** Always kept: readiness and xDS health need them. */
const REQUIRED_PREFIXES = ["cluster_manager", "listener_manager", "server", "cluster.xds-grpc", "wasm"];
const REQUIRED_SUFFIXES = ["rbac.allowed", "rbac.denied", "shadow_allowed", "shadow_denied"];
/** Draining on zero connections watches this one too. */
const DRAIN_SUFFIX = "downstream_cx_active";
/** Stats of routes named by VirtualService stat prefixes. */
const REQUIRED_REGEXPS = [String.raw`vhost\..*\.route\..*`];
/** Istio's standard metrics ("reporter=...") first, its build info and own stats last. */
const LEADING_PREFIXES = ["reporter="];
const TRAILING_PREFIXES = ["component", "istio"];

function splitList(text: string | undefined): string[] {
  return text === undefined || text === "" ? [] : text.split(",");
}

/**
 * One inclusion list: the annotation wins over the proxy config (they are not merged), the required
 * entries follow, and "{pod_ip}" expands to one entry per instance IP.
 */
function inclusion(annotation: string | undefined, fromProxyConfig: string[] | undefined, required: string[], ips: readonly string[]): string[] {
  const chosen = annotation !== undefined && annotation !== "" ? splitList(annotation) : fromProxyConfig ?? [];
  return [...chosen, ...required].flatMap((p) => (p.includes("{pod_ip}") ? ips.map((ip) => p.replaceAll("{pod_ip}", ip)) : [p])).filter((p) => p !== "");
}

export interface StatsInput {
  proxyConfig: ProxyConfig;
  annotations: Record<string, string>;
  instanceIps: readonly string[];
  exitOnZeroActiveConnections: boolean;
}

export function buildStatsConfig(input: StatsInput): StatsConfig {
  const { proxyConfig: pc, annotations: anno, instanceIps: ips } = input;
  const extraTags = [...new Set([...(pc.extraStatTags ?? []), ...splitList(anno[STATS_ANNOTATIONS.extraStatTags])].filter((t) => t !== ""))];
  const matcher = pc.proxyStatsMatcher ?? {};
  const prefixes = inclusion(anno[STATS_ANNOTATIONS.inclusionPrefixes], matcher.inclusionPrefixes, REQUIRED_PREFIXES, ips);
  const suffixes = inclusion(anno[STATS_ANNOTATIONS.inclusionSuffixes], matcher.inclusionSuffixes, input.exitOnZeroActiveConnections ? [...REQUIRED_SUFFIXES, DRAIN_SUFFIX] : REQUIRED_SUFFIXES, ips);
  const regexps = inclusion(anno[STATS_ANNOTATIONS.inclusionRegexps], matcher.inclusionRegexps, REQUIRED_REGEXPS, ips);
  const patterns: StringMatcher[] = [
    ...[...LEADING_PREFIXES, ...prefixes].map((prefix) => ({ prefix })),
    ...suffixes.map((suffix) => ({ suffix })),
    ...regexps.map((regex) => ({ safeRegex: { regex } })),
    ...TRAILING_PREFIXES.map((prefix) => ({ prefix })),
  ];
  const config: StatsConfig = {
    useAllDefaultTags: false,
    statsTags: [
      ...ISTIO_STAT_TAGS.slice(0, EXTRA_TAGS_AT).map(([tagName, regex]) => ({ tagName, regex })),
      ...extraTags.map((tag) => ({ tagName: tag, regex: `(${tag}=\\.=(.*?);\\.;)` })),
      ...ISTIO_STAT_TAGS.slice(EXTRA_TAGS_AT).map(([tagName, regex]) => ({ tagName, regex })),
    ],
    statsMatcher: { inclusionList: { patterns } },
  };
  const buckets = histogramBuckets(anno[STATS_ANNOTATIONS.histogramBuckets]);
  if (buckets.length > 0) config.histogramBucketSettings = buckets;
  return config;
}

/** `{"istio": [1, 5, ...], ...}` → one setting per prefix, sorted by prefix; malformed text is ignored (as the agent does). */
function histogramBuckets(text: string | undefined): NonNullable<StatsConfig["histogramBucketSettings"]> {
  if (text === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return [];
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!entries.every(([, v]) => Array.isArray(v) && v.every((n) => typeof n === "number"))) return [];
  return entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prefix, buckets]) => ({ match: { prefix }, buckets: buckets as number[] }));
}
