/** VirtualService → routes: precedence, matches, actions and policies, delegates, the default route. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ForwardIR, RouteIR } from "../../../src/compile/ir.js";
import { DEFAULT_RETRY_ON } from "../../../src/compile/to-ir/http-route.js";
import { compileYaml, routes, service } from "../compile-helpers.js";

const SVCS = [service("reviews", "default", [{ name: "http", port: 9080 }]), service("ratings", "default", [{ name: "http", port: 9080 }]), service("shadow", "default", [{ name: "http", port: 9080 }])].join("---\n");
const VH = "reviews.default.svc.cluster.local:9080";
const R = (n: string) => `outbound|9080|${n.includes("|") ? n : `|${n}`}.default.svc.cluster.local`;

function vs(name: string, spec: string, meta = "", ns = "default"): string {
  return `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}${meta}}
spec:
${spec}
`;
}

function reviewsRoutes(spec: string, o: Parameters<typeof compileYaml>[1] = {}): RouteIR[] {
  return routes(compileYaml(SVCS + vs("reviews", spec), o), "9080", VH);
}

function fwd(r: RouteIR): ForwardIR {
  assert.equal(r.action.kind, "forward");
  return r.action as ForwardIR;
}

test("default route: prefix /, the service cluster, timeout 0s, Istio's default retry policy", () => {
  const [r] = routes(compileYaml(SVCS), "9080", VH);
  assert.equal(r!.name, "default");
  assert.deepEqual(r!.match, { path: { prefix: "/" }, caseSensitive: true });
  assert.deepEqual(fwd(r!).clusters, [{ name: R("reviews"), weight: 100 }]);
  assert.equal(fwd(r!).timeout, "0s");
  assert.deepEqual(fwd(r!).retry, { retryOn: DEFAULT_RETRY_ON, numRetries: 2, previousHosts: true });
  assert.equal(r!.operation, "reviews.default.svc.cluster.local:9080/*");
});

test("precedence: the oldest VirtualService for a host wins; an exact host beats an older wildcard", () => {
  const older = vs("older", "  hosts: [reviews]\n  http: [{name: older, route: [{destination: {host: ratings}}]}]", ', creationTimestamp: "2024-01-01T00:00:00Z"');
  const newer = vs("newer", "  hosts: [reviews]\n  http: [{name: newer, route: [{destination: {host: reviews}}]}]", ', creationTimestamp: "2024-06-01T00:00:00Z"');
  assert.equal(routes(compileYaml(SVCS + newer + older), "9080", VH)[0]!.name, "older");
  const wildcard = vs("wild", "  hosts: ['*.default.svc.cluster.local']\n  http: [{name: wild, route: [{destination: {host: ratings}}]}]", ', creationTimestamp: "2023-01-01T00:00:00Z"');
  assert.equal(routes(compileYaml(SVCS + wildcard + newer), "9080", VH)[0]!.name, "newer");
  assert.equal(routes(compileYaml(SVCS + wildcard), "9080", VH)[0]!.name, "wild", "the wildcard applies when no exact host does");
});

test("matches: uri exact/prefix/regex, ignoreUriCase, headers (+withoutHeaders), query parameters, method", () => {
  const rs = reviewsRoutes(`  hosts: [reviews]
  http:
  - name: m
    match:
    - {name: exact, uri: {exact: /a}, ignoreUriCase: true}
    - {name: regex, uri: {regex: "/b/[0-9]+"}}
    - {name: hdr, uri: {prefix: /c}, headers: {x-user: {exact: jason}, x-any: {regex: "*"}}, withoutHeaders: {x-debug: {prefix: "1"}}}
    - {name: query, queryParams: {v: {exact: "2"}}, method: {exact: POST}}
    route: [{destination: {host: reviews}}]`);
  assert.deepEqual(rs.map((r) => r.name), ["m.exact", "m.regex", "m.hdr", "m.query"]);
  assert.deepEqual(rs[0]!.match, { path: { exact: "/a" }, caseSensitive: false });
  assert.deepEqual(rs[1]!.match.path, { regex: "/b/[0-9]+" });
  assert.deepEqual(rs[2]!.match.headers, [{ name: "x-any", match: { present: true } }, { name: "x-user", match: { exact: "jason" } }, { name: "x-debug", match: { prefix: "1" }, invert: true }]);
  assert.deepEqual(rs[3]!.match.queryParams, [{ name: "v", match: { exact: "2" } }]);
  assert.deepEqual(rs[3]!.match.headers, [{ name: ":method", match: { exact: "POST" } }]);
});

test("matches that cannot apply to this proxy and port are dropped: port, sourceLabels, sourceNamespace, gateways", () => {
  const rs = reviewsRoutes(`  hosts: [reviews]
  http:
  - name: skip
    match: [{port: 8080}, {sourceLabels: {app: other}}, {sourceNamespace: other}, {gateways: [ingress]}]
    route: [{destination: {host: ratings}}]
  - name: keep
    match: [{port: 9080, sourceLabels: {app: client}, sourceNamespace: default}]
    route: [{destination: {host: reviews}}]`);
  assert.deepEqual(rs.map((r) => r.name), ["keep"]);
});

test("a catch-all match ends translation (later routes are unreachable)", () => {
  const rs = reviewsRoutes("  hosts: [reviews]\n  http:\n  - {name: all, route: [{destination: {host: reviews}}]}\n  - {name: never, route: [{destination: {host: ratings}}]}");
  assert.deepEqual(rs.map((r) => r.name), ["all"]);
});

test("weighted destinations, subsets and ports; per-destination header operations", () => {
  const [r] = reviewsRoutes(`  hosts: [reviews]
  http:
  - route:
    - {destination: {host: reviews, subset: v1}, weight: 75, headers: {request: {set: {x-v: "1"}}}}
    - {destination: {host: reviews, subset: v2, port: {number: 9080}}, weight: 25}
    - {destination: {host: ratings}, weight: 0}`);
  assert.deepEqual(fwd(r!).clusters, [{ name: R("v1|reviews"), weight: 75, requestHeaders: { set: { "x-v": "1" } } }, { name: R("v2|reviews"), weight: 25 }]);
  assert.equal(r!.operation, "reviews:9080/*", "several clusters: <vsName>:<port>/*");
});

test("redirect, rewrite, timeout and retries", () => {
  const rs = reviewsRoutes(`  hosts: [reviews]
  http:
  - name: redirect
    match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, authority: example.com, redirectCode: 308}
  - name: rewrite
    match: [{uri: {prefix: /v1}}]
    rewrite: {uri: /, authority: reviews.internal}
    route: [{destination: {host: reviews}}]
    timeout: 3s
    retries: {attempts: 4, perTryTimeout: 500ms, retryOn: "gateway-error,503", retryRemoteLocalities: true}
  - name: no-retries
    route: [{destination: {host: reviews}}]
    retries: {attempts: 0}`);
  assert.deepEqual(rs[0]!.action, { kind: "redirect", responseCode: 308, host: "example.com", path: "/new" });
  const rw = fwd(rs[1]!);
  assert.deepEqual([rw.prefixRewrite, rw.hostRewrite, rw.timeout], ["/", "reviews.internal", "3s"]);
  assert.deepEqual(rw.retry, { retryOn: "gateway-error,retriable-status-codes", numRetries: 4, previousHosts: true, perTryTimeout: "500ms", retriableStatusCodes: [503], retryRemoteLocalities: true });
  assert.equal(fwd(rs[2]!).retry, undefined);
});

test("fault delay and abort with percentages; mirror with a percentage (0 disables); CORS; header operations", () => {
  const [r] = reviewsRoutes(`  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews}}]
    fault:
      delay: {fixedDelay: 2s, percentage: {value: 12.5}}
      abort: {httpStatus: 503, percentage: {value: 1}}
    mirror: {host: shadow}
    mirrorPercentage: {value: 20}
    corsPolicy: {allowOrigins: [{exact: "https://a.example"}, {regex: ".*\\\\.b\\\\.example"}], allowMethods: [GET, POST], maxAge: 24h, allowCredentials: true}
    headers:
      request: {set: {x-env: prod}, add: {x-trace: "1"}, remove: [x-internal]}
      response: {remove: [server]}`);
  assert.deepEqual(r!.fault, { delay: { fixedDelay: "2s", percent: 12.5 }, abort: { httpStatus: 503, percent: 1 } });
  assert.deepEqual(fwd(r!).mirrors, [{ cluster: R("shadow"), percent: 20 }]);
  assert.deepEqual(r!.cors, { allowOrigins: [{ exact: "https://a.example" }, { regex: ".*\\.b\\.example" }], forwardNotMatchingPreflights: true, allowMethods: ["GET", "POST"], maxAge: "24h", allowCredentials: true });
  assert.deepEqual(r!.requestHeaders, { set: { "x-env": "prod" }, add: { "x-trace": "1" }, remove: ["x-internal"] });
  assert.deepEqual(r!.responseHeaders, { remove: ["server"] });
  const [none] = reviewsRoutes("  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews}}]\n    mirror: {host: shadow}\n    mirrorPercentage: {value: 0}");
  assert.equal(fwd(none!).mirrors, undefined);
  const [grpc] = reviewsRoutes("  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews}}]\n    fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 5}}}");
  assert.deepEqual(grpc!.fault, { abort: { grpcStatus: 14, percent: 5 } });
});

test("delegate VirtualServices: the root entry is replaced by the delegate's, matches ANDed, names joined, fields inherited", () => {
  const root = vs("root", `  hosts: [reviews]
  http:
  - name: api
    match: [{uri: {prefix: /api}}]
    delegate: {name: reviews-api, namespace: team}
    timeout: 7s
  - name: rest
    route: [{destination: {host: reviews}}]`);
  const child = vs("reviews-api", `  http:
  - name: v2
    match: [{uri: {prefix: /api/v2}}]
    route: [{destination: {host: ratings.default.svc.cluster.local}}]
  - name: conflicting
    match: [{uri: {prefix: /other}}]
    route: [{destination: {host: ratings.default.svc.cluster.local}}]`, "", "team");
  const rs = routes(compileYaml(SVCS + root + child), "9080", VH);
  assert.deepEqual(rs.map((r) => [r.name, "prefix" in r.match.path ? r.match.path.prefix : ""]), [["api-v2", "/api/v2"], ["rest", "/"]]);
  assert.equal(fwd(rs[0]!).timeout, "7s");
  assert.deepEqual(fwd(rs[0]!).clusters.map((c) => c.name), [R("ratings")]);
});

test("a VirtualService for a non-service host gets its own virtual host on port 80 only", () => {
  const r = compileYaml(service("web", "default", [{ name: "http", port: 80 }]) + vs("ext", "  hosts: [api.example.com]\n  http: [{route: [{destination: {host: web}}]}]"));
  assert.ok(r.ir.routeConfigs.find((x) => x.name === "80")!.virtualHosts.some((v) => v.name === "api.example.com:80"));
});

test("a dangling destination is reported by the consistency check", () => {
  const r = compileYaml(SVCS + vs("reviews", "  hosts: [reviews]\n  http: [{route: [{destination: {host: nowhere}}]}]"));
  const d = r.diagnostics.find((x) => x.code === "MSH-compile-reference");
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.match(d.message, /route configuration 9080 refers to missing cluster "outbound\|9080\|\|nowhere\.default\.svc\.cluster\.local"/);
});
