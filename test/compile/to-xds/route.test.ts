/** IR routes → Envoy RouteConfiguration JSON: matches, weighted clusters, retry/hash policies, fault, CORS, mirror, headers, redirect. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENVOY_TYPES, toEnvoyJson } from "../../../src/compile/envoy/index.js";
import type { RouteIR } from "../../../src/compile/ir.js";
import { routeConfigurationOf } from "../../../src/compile/to-xds/route.js";

type Obj = Record<string, any>;

function route(r: Partial<RouteIR>): Obj {
  const full: RouteIR = { name: "r", match: { path: { prefix: "/" }, caseSensitive: true }, action: { kind: "forward", clusters: [{ name: "c", weight: 100 }], timeout: "0s" }, ...r };
  const rc = toEnvoyJson(ENVOY_TYPES.routeConfiguration, routeConfigurationOf({ name: "80", virtualHosts: [{ name: "v", domains: ["*"], routes: [full], includeRequestAttemptCount: true }], ignorePortInHostMatching: true })) as Obj;
  return rc.virtual_hosts[0].routes[0];
}

test("route configuration: validate_clusters false, max direct response body, ignore_port_in_host_matching, include_request_attempt_count", () => {
  const rc = toEnvoyJson(ENVOY_TYPES.routeConfiguration, routeConfigurationOf({ name: "80", virtualHosts: [{ name: "v", domains: ["*"], routes: [], includeRequestAttemptCount: true }], ignorePortInHostMatching: true })) as Obj;
  assert.deepEqual(rc, { name: "80", virtual_hosts: [{ name: "v", domains: ["*"], include_request_attempt_count: true }], validate_clusters: false, max_direct_response_body_size_bytes: 1048576, ignore_port_in_host_matching: true });
});

test("matches: path forms, headers (present, inverted), query parameters", () => {
  const r = route({ match: { path: { regex: "/a/.*" }, caseSensitive: false, headers: [{ name: "x-a", match: { present: true } }, { name: "x-b", match: { prefix: "1" }, invert: true }], queryParams: [{ name: "q", match: { exact: "v" } }] } });
  assert.deepEqual(r.match, {
    safe_regex: { regex: "/a/.*" },
    case_sensitive: false,
    headers: [{ name: "x-a", present_match: true }, { name: "x-b", string_match: { prefix: "1" }, invert_match: true, treat_missing_header_as_empty: true }],
    query_parameters: [{ name: "q", string_match: { exact: "v" } }],
  });
  assert.deepEqual(route({ match: { path: { exact: "/x" }, caseSensitive: true } }).match, { path: "/x", case_sensitive: true });
});

test("forward: single cluster or weighted clusters (no total_weight); timeout and max_grpc_timeout", () => {
  const single = route({});
  assert.deepEqual([single.route.cluster, single.route.timeout, single.route.max_grpc_timeout], ["c", "0s", "0s"]);
  const weighted = route({ action: { kind: "forward", clusters: [{ name: "a", weight: 90 }, { name: "b", weight: 10 }], timeout: "5s" } });
  assert.deepEqual(weighted.route.weighted_clusters, { clusters: [{ name: "a", weight: 90 }, { name: "b", weight: 10 }] });
});

test("retry policy: previous-hosts predicate with 5 host-selection attempts, previous priorities, back-off, status codes", () => {
  const r = route({ action: { kind: "forward", clusters: [{ name: "c", weight: 100 }], timeout: "0s", retry: { retryOn: "5xx,retriable-status-codes", numRetries: 3, perTryTimeout: "1s", retriableStatusCodes: [503], previousHosts: true, retryRemoteLocalities: true, backoff: "25ms" } } });
  assert.deepEqual(r.route.retry_policy, {
    retry_on: "5xx,retriable-status-codes",
    num_retries: 3,
    per_try_timeout: "1s",
    retry_priority: { name: "envoy.retry_priorities.previous_priorities", typed_config: { "@type": "type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig", update_frequency: 2 } },
    retry_host_predicate: [{ name: "envoy.retry_host_predicates.previous_hosts", typed_config: { "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate" } }],
    host_selection_retry_max_attempts: "5",
    retriable_status_codes: [503],
    retry_back_off: { base_interval: "0.025s" },
  });
});

test("hash policy from consistent hashing", () => {
  const r = route({ action: { kind: "forward", clusters: [{ name: "c", weight: 100 }], timeout: "0s", hashPolicy: [{ header: "x-user" }, { cookie: { name: "s", ttl: "10s" } }, { sourceIp: true }, { queryParameter: "u" }] } });
  assert.deepEqual(r.route.hash_policy, [{ header: { header_name: "x-user" } }, { cookie: { name: "s", ttl: "10s" } }, { connection_properties: { source_ip: true } }, { query_parameter: { name: "u" } }]);
});

test("fault: delay/abort percentages in millionths; CORS per-filter config; mirror runtime fraction", () => {
  const r = route({
    fault: { delay: { fixedDelay: "2s", percent: 12.5 }, abort: { httpStatus: 503, percent: 1 } },
    cors: { allowOrigins: [{ exact: "https://a" }], allowMethods: ["GET", "POST"], maxAge: "24h", allowCredentials: true, forwardNotMatchingPreflights: true },
    action: { kind: "forward", clusters: [{ name: "c", weight: 100 }], timeout: "0s", mirrors: [{ cluster: "m", percent: 20 }] },
  });
  assert.deepEqual(r.typed_per_filter_config["envoy.filters.http.fault"], {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault",
    delay: { fixed_delay: "2s", percentage: { numerator: 125000, denominator: "MILLION" } },
    abort: { http_status: 503, percentage: { numerator: 10000, denominator: "MILLION" } },
  });
  assert.deepEqual(r.typed_per_filter_config["envoy.filters.http.cors"], {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy",
    allow_origin_string_match: [{ exact: "https://a" }],
    allow_methods: "GET,POST",
    max_age: "86400",
    allow_credentials: true,
    filter_enabled: { default_value: { numerator: 100 } },
    forward_not_matching_preflights: true,
  });
  assert.deepEqual(r.route.request_mirror_policies, [{ cluster: "m", runtime_fraction: { default_value: { numerator: 200000, denominator: "MILLION" } }, trace_sampled: false }]);
});

test("headers: set before add (sorted), remove; Host becomes a host rewrite, pseudo-headers are dropped", () => {
  const r = route({ requestHeaders: { set: { "x-b": "2", "x-a": "1", host: "h.example", ":path": "/x" }, add: { "x-c": "3" }, remove: ["x-d"] }, responseHeaders: { remove: ["server"] } });
  assert.deepEqual(r.request_headers_to_add, [
    { header: { key: "x-a", value: "1" }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" },
    { header: { key: "x-b", value: "2" }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" },
    { header: { key: "x-c", value: "3" } },
  ]);
  assert.deepEqual([r.request_headers_to_remove, r.response_headers_to_remove, r.route.host_rewrite_literal], [["x-d"], ["server"], "h.example"]);
});

test("redirect and direct response", () => {
  assert.deepEqual(route({ action: { kind: "redirect", host: "example.com", path: "/new", scheme: "https", port: 8443, responseCode: 308 } }).redirect, { host_redirect: "example.com", path_redirect: "/new", scheme_redirect: "https", port_redirect: 8443, response_code: "PERMANENT_REDIRECT" });
  assert.deepEqual(route({ action: { kind: "direct", status: 502 } }).direct_response, { status: 502 });
});

test("decorator and istio config metadata", () => {
  const r = route({ operation: "r.default.svc.cluster.local:80/*", configPath: "/apis/networking.istio.io/v1/namespaces/default/virtual-service/r" });
  assert.deepEqual([r.decorator, r.metadata], [{ operation: "r.default.svc.cluster.local:80/*" }, { filter_metadata: { istio: { config: "/apis/networking.istio.io/v1/namespaces/default/virtual-service/r" } } }]);
});
