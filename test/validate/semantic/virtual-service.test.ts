import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { rule } from "../../../src/validate/semantic/virtual-service.js";
import { parseReachabilityMessage } from "../../../src/validate/semantic/route-reachability.js";

const ctx = { namespace: "default", name: "vs" };
const run = (spec: unknown) => rule(spec, ctx);
/** "level path" of every issue that is not a reachability warning. */
const brief = (spec: unknown) => run(spec).filter((i) => !parseReachabilityMessage(i.message)).map((i) => `${i.level} ${i.path.join(".")}`);
const dest = (host = "reviews", extra: object = {}) => ({ destination: { host, ...extra } });
const http = (route: object) => ({ hosts: ["reviews"], http: [{ route: [dest()], ...route }] });

test("VirtualService: a sound VirtualService has no issues", () => {
  const spec = parse(`
hosts: [reviews, "*.example.com"]
gateways: [istio-system/ingress, mesh]
http:
- match: [{uri: {prefix: /api}, headers: {x-user: {regex: "^(a|b)+$"}}, port: 80, sourceNamespace: web}]
  route: [{destination: {host: reviews, subset: v2}, weight: 75}, {destination: {host: reviews, subset: v1}, weight: 25}]
  timeout: 5s
  retries: {attempts: 2, retryOn: "5xx,503,gateway-error"}
  rewrite: {uri: /}
  headers: {request: {set: {":authority": a.example}, add: {x-id: "%REQ(x-request-id)%"}}}
- route: [{destination: {host: reviews}}]
tcp: [{route: [{destination: {host: mongo}}]}]
tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}]
`);
  assert.deepEqual(run(spec), []);
});

test("VirtualService: hosts are checked (wildcards only as a leading label, '*' not for sidecars, no overlaps)", () => {
  assert.deepEqual(brief({ ...http({}), hosts: ["a.*.com"] }), ["error spec.hosts.0"]);
  assert.deepEqual(brief({ ...http({}), hosts: ["bad_host"] }), ["error spec.hosts.0"]);
  assert.deepEqual(brief({ ...http({}), hosts: ["*"] }), ["error spec.hosts.0"]);
  assert.deepEqual(brief({ ...http({}), hosts: ["*"], gateways: ["gw"] }), []);
  assert.deepEqual(brief({ ...http({}), hosts: ["10.0.0.1"] }), []);
  assert.deepEqual(brief({ ...http({}), hosts: ["*.example.com", "a.example.com"] }), ["error spec.hosts.1"]);
});

test("VirtualService: delegates take no gateways, tls or tcp; delegating routes take no route/redirect", () => {
  const delegateVS = { gateways: ["gw"], http: [{ route: [dest()] }], tcp: [{ route: [dest()] }] };
  assert.deepEqual(brief(delegateVS), ["error spec.gateways", "error spec.tcp"]);
  assert.deepEqual(brief({ http: [{ delegate: { name: "x" }, route: [dest()] }] }), ["error spec.http.0.delegate"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ delegate: { name: "x" } }] }), []);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ delegate: { name: "x" }, route: [dest()], redirect: { uri: "/" } }] }), ["error spec.http.0.redirect", "error spec.http.0.route"]);
});

test("VirtualService: a route needs a target and cannot mix redirect, directResponse and route", () => {
  assert.deepEqual(brief({ hosts: ["a"] }), ["error spec"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{}] }), ["error spec.http.0"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ redirect: { uri: "/x" }, route: [dest()] }] }), ["error spec.http.0"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ directResponse: { status: 200 }, fault: { abort: { httpStatus: 500 } } }] }), ["error spec.http.0"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ directResponse: { status: 200 } }] }), []);
  assert.deepEqual(brief(http({ mirror: { host: "m" }, mirrors: [{ destination: { host: "m" } }] })), ["error spec.http.0"]);
});

test("VirtualService: weights may not be negative, and several destinations cannot all weigh 0", () => {
  assert.deepEqual(brief({ hosts: ["a"], http: [{ route: [{ ...dest(), weight: -10 }, { ...dest(), weight: 110 }] }] }), ["error spec.http.0.route.0.weight"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ route: [dest("a"), dest("b")] }] }), ["error spec.http.0.route"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ route: [{ ...dest("a"), weight: 30 }, { ...dest("b"), weight: 30 }] }] }), []);
  assert.deepEqual(brief({ hosts: ["a"], tcp: [{ route: [dest("a"), dest("b")] }] }), ["error spec.tcp.0.route"]);
});

test("VirtualService: destinations: no '*', valid subset names, ports in range", () => {
  assert.deepEqual(brief({ hosts: ["a"], http: [{ route: [dest("*")] }] }), ["error spec.http.0.route.0.destination.host"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ route: [dest("a", { subset: "v_1" })] }] }), ["error spec.http.0.route.0.destination.subset"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ route: [dest("a", { port: { number: 0 } })] }] }), ["error spec.http.0.route.0.destination.port.number"]);
});

test("VirtualService: regexes must be RE2 (no lookaround or backreferences) and prefixes non-empty", () => {
  const m = (match: object) => http({ match: [match] });
  assert.deepEqual(brief(m({ uri: { regex: "/api/(?=v1)" } })), ["error spec.http.0.match.0.uri.regex"]);
  assert.deepEqual(brief(m({ headers: { x: { regex: "(a)\\1" } } })), ["error spec.http.0.match.0.headers.x.regex"]);
  assert.deepEqual(brief(m({ uri: { regex: "(?i)^/API/[[:alpha:]]+\\z" } })), []);
  assert.deepEqual(brief(m({ authority: { regex: "a[" } })), ["error spec.http.0.match.0.authority.regex"]);
  assert.deepEqual(brief(m({ method: { prefix: "" } })), ["error spec.http.0.match.0.method"]);
  assert.deepEqual(brief(m({ uri: { prefix: "" } })), []);
  assert.deepEqual(brief(m({ withoutHeaders: { "x-a": { regex: "*" } } })), []);
});

test("VirtualService: match header names, ports, labels, gateways and JWT claims", () => {
  const m = (match: object, extra: object = {}) => ({ ...http({ match: [match] }), ...extra });
  assert.deepEqual(brief(m({ headers: { "bad header": { exact: "x" } } })), ["error spec.http.0.match.0.headers.bad header"]);
  assert.deepEqual(brief(m({ port: 70000 })), ["error spec.http.0.match.0.port"]);
  assert.deepEqual(brief(m({ sourceLabels: { "-app": "x" } })), ["error spec.http.0.match.0.sourceLabels"]);
  assert.deepEqual(brief(m({ sourceNamespace: "Not_A_NS" })), ["error spec.http.0.match.0.sourceNamespace"]);
  assert.deepEqual(brief(m({ headers: { "@request.auth.claims.group": { exact: "admin" } } })), ["error spec.http.0.match.0.headers.@request.auth.claims.group"]);
  assert.deepEqual(brief(m({ headers: { "@request.auth.claims.group": { exact: "admin" } } }, { gateways: ["ns/gw"] })), []);
  assert.deepEqual(brief({ ...http({}), gateways: ["gw.ns"] }), ["warning spec.gateways.0"]);
  assert.deepEqual(brief({ ...http({}), gateways: ["ns/Bad_Name"] }), ["error spec.gateways.0"]);
});

test("VirtualService: header edits, authority rewrites, redirects, retries, rewrites, faults, CORS", () => {
  assert.deepEqual(brief(http({ headers: { request: { set: { ":path": "/" } } } })), ["error spec.http.0.headers.request.set.:path"]);
  assert.deepEqual(brief(http({ headers: { response: { add: { host: "x" } } } })), ["error spec.http.0.headers.response.add.host"]);
  assert.deepEqual(brief(http({ headers: { request: { add: { "x-a": "100%" } } } })), ["error spec.http.0.headers.request.add.x-a"]);
  assert.deepEqual(brief(http({ headers: { request: { add: { "x-a": "100%%" } } } })), []);
  assert.deepEqual(brief(http({ rewrite: { authority: "a" }, headers: { request: { set: { host: "b" } } } })), ["error spec.http.0.headers.request.set.host"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ redirect: {} }] }), ["error spec.http.0.redirect"]);
  assert.deepEqual(brief({ hosts: ["a"], http: [{ redirect: { uri: "/", redirectCode: 200, scheme: "ftp" } }] }), ["error spec.http.0.redirect.redirectCode", "error spec.http.0.redirect.scheme"]);
  assert.deepEqual(brief(http({ retries: { retryOn: "5xx" } })), ["error spec.http.0.retries"]);
  assert.deepEqual(brief(http({ retries: { attempts: 1, retryOn: "5xx,teapot,999" } })), ["error spec.http.0.retries.retryOn", "error spec.http.0.retries.retryOn"]);
  assert.deepEqual(brief(http({ rewrite: {} })), ["error spec.http.0.rewrite"]);
  assert.deepEqual(brief(http({ rewrite: { uriRegexRewrite: { match: "(?<=a)b", rewrite: "x" } } })), ["error spec.http.0.rewrite.uriRegexRewrite.match"]);
  assert.deepEqual(brief(http({ fault: {} })), ["error spec.http.0.fault"]);
  assert.deepEqual(brief(http({ fault: { abort: { httpStatus: 700 } } })), ["error spec.http.0.fault.abort.httpStatus"]);
  assert.deepEqual(brief(http({ fault: { abort: { grpcStatus: "NOPE" } } })), ["error spec.http.0.fault.abort.grpcStatus"]);
  assert.deepEqual(brief(http({ fault: { abort: { percentage: { value: 5 } } } })), ["warning spec.http.0.fault.abort"]);
  assert.deepEqual(brief(http({ fault: { delay: { fixedDelay: "1.5ms", percentage: { value: 101 } } } })), ["error spec.http.0.fault.delay.percentage", "error spec.http.0.fault.delay.fixedDelay"]);
  assert.deepEqual(brief(http({ corsPolicy: { allowOrigins: [{ exact: "" }], allowMethods: ["get"], allowHeaders: ["*", "x y"], maxAge: "1500ms" } })), [
    "error spec.http.0.corsPolicy.allowOrigins.0", "error spec.http.0.corsPolicy.allowMethods.0", "error spec.http.0.corsPolicy.allowHeaders.1", "error spec.http.0.corsPolicy.maxAge",
  ]);
  assert.deepEqual(brief(http({ mirrorPercent: 150 })), ["error spec.http.0.mirrorPercent", "warning spec.http.0.mirrorPercent"]);
  assert.deepEqual(brief(http({ timeout: "1500us" })), ["error spec.http.0.timeout"]);
});

test("VirtualService: TLS routes need SNI hosts covered by the VirtualService hosts", () => {
  const tls = (sni: string[], hosts = ["*.example.com"]) => ({ hosts, tls: [{ match: [{ sniHosts: sni }], route: [dest("a.example.com")] }] });
  assert.deepEqual(brief(tls(["a.example.com"])), []);
  assert.deepEqual(brief(tls(["a.other.com"])), ["error spec.tls.0.match.0.sniHosts.0"]);
  assert.deepEqual(brief(tls([])), ["error spec.tls.0.match.0.sniHosts"]);
  assert.deepEqual(brief(tls(["10.0.0.1"])), ["warning spec.tls.0.match.0.sniHosts.0"]);
  assert.deepEqual(brief({ hosts: ["a"], tls: [{ match: [], route: [] }] }), ["error spec.tls.0.match", "error spec.tls.0.route"]);
  assert.deepEqual(brief({ hosts: ["a"], tcp: [{ match: [{ destinationSubnets: ["10.0.0.0/33"] }], route: [dest()] }] }), ["error spec.tcp.0.match.0.destinationSubnets.0"]);
});

test("VirtualService: exportTo entries are checked", () => {
  assert.deepEqual(brief({ ...http({}), exportTo: [".", "default"] }), ["error spec.exportTo"]);
  assert.deepEqual(brief({ ...http({}), exportTo: ["*", "a"] }), ["error spec.exportTo"]);
  assert.deepEqual(brief({ ...http({}), exportTo: ["~"] }), ["error spec.exportTo"]);
});

test("VirtualService: unreachable routes and repeated matches are warnings with fixed texts", () => {
  const spec = parse(`
hosts: [a]
http:
- name: first
  match: [{uri: {prefix: /api}}]
  route: [{destination: {host: a}}]
- match: [{name: again, uri: {prefix: /api}}]
  route: [{destination: {host: a}}]
- match: [{uri: {prefix: /api/v1}}]
  route: [{destination: {host: a}}]
- route: [{destination: {host: a}}]
- route: [{destination: {host: a}}]
- match: [{uri: {exact: /late}}]
  route: [{destination: {host: a}}]
`);
  const issues = run(spec);
  assert.ok(issues.every((i) => i.level === "warning"));
  assert.deepEqual(issues.map((i) => [i.path.join("."), i.message]), [
    ["spec.http.1", 'virtualService rule #1 match "again" is not used (duplicate/overlapping match in rule "first")'],
    ["spec.http.1", "virtualService rule #1 not used (all matches used by prior rules)"],
    ["spec.http.4", "virtualService rule #4 not used (only the last rule can have no matches)"],
    ["spec.http.5", "virtualService rule #5 not used (route without matches defined before)"],
    ["spec.http.2", 'virtualService rule #2 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on "first")'],
  ]);
  assert.deepEqual(parseReachabilityMessage(issues[0]!.message), { code: "IST0131", route: "#1", match: '"again"', dup: '"first"' });
  assert.deepEqual(parseReachabilityMessage(issues[2]!.message), { code: "IST0130", route: "#4", reason: "only the last rule can have no matches" });
  // a different method means no overlap; a POST-only earlier match covers nothing for GET
  const methods = { hosts: ["a"], http: [{ match: [{ uri: { prefix: "/a" }, method: { exact: "POST" } }], route: [dest("a")] }, { match: [{ uri: { prefix: "/ab" } }], route: [dest("a")] }] };
  assert.deepEqual(run(methods), []);
  // tcp repeats count too, matched structurally (empty values ignored)
  const tcp = { hosts: ["a"], tcp: [{ match: [{ port: 80 }], route: [dest("a")] }, { match: [{ port: 80, sourceLabels: {} }], route: [dest("a")] }] };
  assert.deepEqual(run(tcp).map((i) => parseReachabilityMessage(i.message)?.code), ["IST0131", "IST0130"]);
});

test("VirtualService: never throws on odd input", () => {
  assert.doesNotThrow(() => run(null));
  assert.doesNotThrow(() => run({ hosts: [1], http: [null, { match: [null], route: [null] }], tls: [null], tcp: "x" }));
});
