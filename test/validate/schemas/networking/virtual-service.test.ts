import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { compileForTest } from "../../../../src/validate/ajv-options.js";
import { collectCheckSites, runChecks } from "../../../../src/validate/check-paths.js";
import { VirtualService, VirtualServiceSpec } from "../../../../src/validate/schemas/istio/networking/virtual-service.js";

const validate = compileForTest(VirtualServiceSpec);
const sites = collectCheckSites(VirtualServiceSpec);
const accepts = (spec: unknown) => assert.equal(validate(spec), true, JSON.stringify(validate.errors));
const rejects = (spec: unknown, keyword: string) => {
  assert.equal(validate(spec), false);
  assert.ok(validate.errors!.some((e) => e.keyword === keyword), JSON.stringify(validate.errors));
};
const checkPaths = (spec: unknown) => runChecks(sites, spec).map((f) => f.path.join("."));

const sample = parse(`
hosts: [reviews.prod.svc.cluster.local, "*.example.com"]
gateways: [istio-system/ingress, mesh]
exportTo: ["."]
http:
- name: v2-route
  match:
  - name: by-user
    uri: {prefix: /api}
    headers: {end-user: {exact: jason}}
    queryParams: {debug: {regex: "^1$"}}
    withoutHeaders: {x-skip: {}}
    sourceLabels: {app: web}
    port: 8080
    ignoreUriCase: true
  route:
  - destination: {host: reviews, subset: v2, port: {number: 9080}}
    weight: 80
    headers: {request: {set: {x-a: b}}, response: {remove: [x-b]}}
  - destination: {host: reviews, subset: v1}
    weight: 20
  timeout: 10s
  retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,reset"}
  fault: {delay: {fixedDelay: 5s, percentage: {value: 10}}, abort: {httpStatus: 503, percentage: {value: 1.5}}}
  corsPolicy: {allowOrigins: [{exact: "https://a.example"}], allowMethods: [GET], maxAge: 24h, allowCredentials: null}
  mirror: {host: shadow}
  mirrorPercentage: {value: 5}
- redirect: {uri: /new, redirectCode: 301, derivePort: FROM_REQUEST_PORT}
- directResponse: {status: 503, body: {string: unavailable}}
tcp:
- match: [{port: 27017, destinationSubnets: [10.0.0.0/8]}]
  route: [{destination: {host: mongo}}]
tls:
- match: [{sniHosts: [a.example.com], port: 443}]
  route: [{destination: {host: a.example.com}}]
`);

test("VirtualService schema: a full example is accepted and has the kind name", () => {
  accepts(sample);
  accepts({});
  assert.equal(VirtualService.kind, "VirtualService");
});

test("VirtualService schema: unknown fields are rejected at every level", () => {
  rejects({ ...sample, bad: 1 }, "additionalProperties");
  rejects({ http: [{ match: [{ sourcelabels: { app: "x" } }], route: [{ destination: { host: "a" } }] }] }, "additionalProperties");
  rejects({ http: [{ route: [{ destination: { host: "a", version: "v1" } }] }] }, "additionalProperties");
});

test("VirtualService schema: wrong types, bad enums and missing required fields are rejected", () => {
  rejects({ hosts: "reviews" }, "type");
  rejects({ http: [{ route: [{ destination: { host: "a" }, weight: "50" }] }] }, "type");
  rejects({ http: [{ match: [{ port: -1 }] }] }, "minimum");
  rejects({ http: [{ corsPolicy: { unmatchedPreflights: "DROP" } }] }, "enum");
  rejects({ http: [{ route: [{ weight: 100 }] }] }, "required");
  rejects({ http: [{ route: [{ destination: { subset: "v1" } }] }] }, "required");
  rejects({ tls: [{ route: [] }] }, "required");
  rejects({ tls: [{ match: [{ port: 443 }] }] }, "required");
  rejects({ http: [{ directResponse: { body: { string: "x" } } }] }, "required");
});

test("VirtualService schema: a string match takes at most one of exact, prefix, regex", () => {
  accepts({ http: [{ match: [{ uri: {} }] }] });
  rejects({ http: [{ match: [{ uri: { exact: "/a", prefix: "/a" } }] }] }, "oneOf");
  rejects({ http: [{ redirect: { port: 8080, derivePort: "FROM_REQUEST_PORT" } }] }, "oneOf");
});

test("VirtualService schema: durations carry the >= 1ms check", () => {
  assert.deepEqual(checkPaths(sample), []);
  const spec = { http: [{ timeout: "0.5ms", retries: { perTryTimeout: "soon", backoff: "1ms" }, corsPolicy: { maxAge: "0s" }, fault: { delay: { fixedDelay: "0s" } } }] };
  assert.deepEqual(checkPaths(spec).sort(), ["http.0.corsPolicy.maxAge", "http.0.fault.delay.fixedDelay", "http.0.retries.perTryTimeout", "http.0.timeout"]);
});
