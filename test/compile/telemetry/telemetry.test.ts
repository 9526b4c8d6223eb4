import { test } from "node:test";
import assert from "node:assert/strict";
import { toEnvoyJsonVerified, type AccessLog } from "../../../src/compile/envoy/index.js";
import { buildTelemetry, ENVOY_JSON_LOG_FORMAT, ENVOY_TEXT_LOG_FORMAT } from "../../../src/compile/telemetry/index.js";
import { modelOf, target } from "../security/helpers.js";

const logJson = (l: AccessLog) => toEnvoyJsonVerified("envoy.config.accesslog.v3.AccessLog", l) as any;
const tracingJson = (t: object) => toEnvoyJsonVerified("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.Tracing", t) as any;
const APP = target("shop", { app: "cart", version: "v2" });

const COLLECTORS = `
apiVersion: v1
kind: Service
metadata: {name: zipkin, namespace: istio-system}
spec: {selector: {app: zipkin}, ports: [{name: http, port: 9411}]}
---
apiVersion: v1
kind: Service
metadata: {name: otel, namespace: observability}
spec: {selector: {app: otel}, ports: [{name: grpc, port: 4317}]}
---
apiVersion: v1
kind: Service
metadata: {name: als, namespace: observability}
spec: {selector: {app: als}, ports: [{name: grpc, port: 9000}]}
`;

const PROVIDERS = {
  extensionProviders: [
    { name: "zipkin", zipkin: { service: "zipkin.istio-system.svc.cluster.local", port: 9411, maxTagLength: 100 } },
    { name: "otel", opentelemetry: { service: "observability/otel.observability.svc.cluster.local", port: 4317 } },
    { name: "json-stdout", envoyFileAccessLog: { path: "/dev/stdout", logFormat: { labels: { code: "%RESPONSE_CODE%" } } } },
    { name: "als", envoyHttpAls: { service: "als.observability.svc.cluster.local", port: 9000 } },
  ],
};

test("mesh accessLogFile (TEXT and JSON) and legacy tracing without a provider", () => {
  const text = buildTelemetry(modelOf("", { accessLogFile: "/dev/stdout" }), APP, { direction: "inbound" });
  assert.equal(text.accessLogs.length, 1);
  const log = logJson(text.accessLogs[0]!);
  assert.equal(log.name, "envoy.access_loggers.file");
  assert.equal(log.typed_config["@type"], "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog");
  assert.deepEqual(log.typed_config.log_format, { text_format_source: { inline_string: ENVOY_TEXT_LOG_FORMAT } });
  const json = buildTelemetry(modelOf("", { accessLogFile: "/dev/stdout", accessLogEncoding: "JSON" }), APP, { direction: "inbound" });
  assert.deepEqual(logJson(json.accessLogs[0]!).typed_config.log_format, { json_format: ENVOY_JSON_LOG_FORMAT });
  assert.deepEqual(buildTelemetry(modelOf(""), APP, { direction: "inbound" }).accessLogs, []);

  const t = tracingJson(text.tracing!);
  assert.deepEqual([t.client_sampling, t.random_sampling, t.overall_sampling], [{ value: 100 }, { value: 1 }, { value: 100 }]);
  assert.equal(t.provider, undefined);
  assert.deepEqual(t.custom_tags.map((c: any) => c.tag), [
    "istio.authorization.dry_run.allow_policy.name",
    "istio.authorization.dry_run.allow_policy.result",
    "istio.authorization.dry_run.deny_policy.name",
    "istio.authorization.dry_run.deny_policy.result",
    "istio.canonical_revision",
    "istio.canonical_service",
    "istio.cluster_id",
    "istio.mesh_id",
    "istio.namespace",
  ]);
  assert.deepEqual(t.custom_tags.find((c: any) => c.tag === "istio.canonical_service").literal, { value: "cart" });
  assert.deepEqual(t.custom_tags.find((c: any) => c.tag === "istio.canonical_revision").literal, { value: "v2" });
  assert.equal(buildTelemetry(modelOf("", { enableTracing: false }), APP, { direction: "inbound" }).tracing, undefined);
});

test("Telemetry resources pick providers: mesh-wide zipkin, namespace override to otel, workload access logs", () => {
  const model = modelOf(
    `${COLLECTORS}
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: mesh-default, namespace: istio-system}
spec:
  tracing: [{providers: [{name: zipkin}], randomSamplingPercentage: 10}]
  accessLogging: [{providers: [{name: json-stdout}]}]
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: cart-logs, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  accessLogging: [{providers: [{name: als}, {name: envoy}], match: {mode: SERVER}}]
  tracing: [{customTags: {team: {literal: {value: payments}}, user: {header: {name: x-user, defaultValue: anon}}}}]
`,
    PROVIDERS,
  );
  const inbound = buildTelemetry(model, APP, { direction: "inbound" });
  assert.deepEqual(inbound.diagnostics, []);
  assert.deepEqual(inbound.accessLogs.map((l) => logJson(l).name), ["envoy.access_loggers.http_grpc", "envoy.access_loggers.file"]);
  const als = logJson(inbound.accessLogs[0]!).typed_config;
  assert.deepEqual(als.common_config.grpc_service, { envoy_grpc: { cluster_name: "outbound|9000||als.observability.svc.cluster.local", authority: "als.observability.svc.cluster.local" } });
  assert.equal(als.common_config.log_name, "http_envoy_accesslog");
  assert.deepEqual(inbound.tcpAccessLogs.map((l) => logJson(l).name), ["envoy.access_loggers.file"]);
  const t = tracingJson(inbound.tracing!);
  assert.equal(t.provider.name, "envoy.tracers.zipkin");
  assert.deepEqual(t.provider.typed_config, {
    "@type": "type.googleapis.com/envoy.config.trace.v3.ZipkinConfig",
    collector_cluster: "outbound|9411||zipkin.istio-system.svc.cluster.local",
    collector_endpoint: "/api/v2/spans",
    trace_id_128bit: true,
    shared_span_context: false,
    collector_endpoint_version: "HTTP_JSON",
    collector_hostname: "zipkin.istio-system.svc.cluster.local",
  });
  assert.deepEqual(t.random_sampling, { value: 10 });
  assert.equal(t.max_path_tag_length, 100);
  assert.deepEqual(t.custom_tags.find((c: any) => c.tag === "user").request_header, { name: "x-user", default_value: "anon" });
  assert.deepEqual(t.custom_tags.find((c: any) => c.tag === "team").literal, { value: "payments" });
  // outbound: the workload's SERVER-only logging does not apply; the mesh-wide JSON file log does
  const outbound = buildTelemetry(model, APP, { direction: "outbound" });
  assert.deepEqual(outbound.accessLogs.map((l) => logJson(l).typed_config.log_format), [{ json_format: { code: "%RESPONSE_CODE%" } }]);
  // another workload in the namespace: mesh-wide only
  assert.equal(buildTelemetry(model, target("shop", { app: "web" }), { direction: "inbound" }).accessLogs.length, 1);
});

test("OpenTelemetry tracing, disabled logging and unknown providers", () => {
  const model = modelOf(
    `${COLLECTORS}
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ns, namespace: shop}
spec:
  tracing: [{providers: [{name: otel}]}]
  accessLogging: [{disabled: true}]
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: bad, namespace: other}
spec:
  tracing: [{providers: [{name: nope}]}]
`,
    { ...PROVIDERS, accessLogFile: "/dev/stdout" },
  );
  const r = buildTelemetry(model, APP, { direction: "inbound" });
  assert.deepEqual(r.accessLogs, []);
  const t = tracingJson(r.tracing!);
  assert.equal(t.provider.name, "envoy.tracers.opentelemetry");
  assert.deepEqual(t.provider.typed_config.grpc_service, { envoy_grpc: { cluster_name: "outbound|4317||otel.observability.svc.cluster.local", authority: "otel.observability.svc.cluster.local" } });
  assert.equal(t.provider.typed_config.service_name, "cart.shop");
  const bad = buildTelemetry(model, target("other"), { direction: "inbound" });
  assert.equal(bad.tracing, undefined);
  assert.deepEqual(bad.diagnostics.map((d) => [d.code, d.resource?.name]), [["MSH-telemetry-provider", "bad"]]);
});
