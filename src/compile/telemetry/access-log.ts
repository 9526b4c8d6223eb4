/**
 * Access log configs for HTTP connection managers and TCP proxies, as istiod builds them
 * (`pilot/pkg/model/telemetry_logging.go`): mesh `accessLogFile` / `accessLogEncoding` /
 * `accessLogFormat`, and the Telemetry providers `envoyFileAccessLog`, `envoyHttpAls`, `envoyTcpAls`.
 */
import type { MeshModel } from "../../model/mesh-model.js";
import { anyOf, ApiVersion, ENVOY_TYPES, type AccessLog } from "../envoy/index.js";
import { lookupCluster } from "../security/provider-cluster.js";

export const FILE_ACCESS_LOG = "envoy.access_loggers.file";
export const HTTP_GRPC_ACCESS_LOG = "envoy.access_loggers.http_grpc";
export const TCP_GRPC_ACCESS_LOG = "envoy.tcp_grpc_access_log";
export const DEV_STDOUT = "/dev/stdout";
/** The built-in provider that takes its format from mesh config. */
export const DEFAULT_ACCESS_LOG_PROVIDER = "envoy";

/** Istio's default text format (Istio 1.9+). */
export const ENVOY_TEXT_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% ' +
  '%DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" ' +
  '"%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% ' +
  "%DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";

/** Istio's default JSON format (`EnvoyJSONLogFormatIstio`). */
export const ENVOY_JSON_LOG_FORMAT: Record<string, string> = {
  start_time: "%START_TIME%",
  route_name: "%ROUTE_NAME%",
  method: "%REQ(:METHOD)%",
  path: "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
  protocol: "%PROTOCOL%",
  response_code: "%RESPONSE_CODE%",
  response_flags: "%RESPONSE_FLAGS%",
  response_code_details: "%RESPONSE_CODE_DETAILS%",
  connection_termination_details: "%CONNECTION_TERMINATION_DETAILS%",
  bytes_received: "%BYTES_RECEIVED%",
  bytes_sent: "%BYTES_SENT%",
  duration: "%DURATION%",
  upstream_service_time: "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
  x_forwarded_for: "%REQ(X-FORWARDED-FOR)%",
  user_agent: "%REQ(USER-AGENT)%",
  request_id: "%REQ(X-REQUEST-ID)%",
  authority: "%REQ(:AUTHORITY)%",
  upstream_host: "%UPSTREAM_HOST%",
  upstream_cluster: "%UPSTREAM_CLUSTER_RAW%",
  upstream_local_address: "%UPSTREAM_LOCAL_ADDRESS%",
  downstream_local_address: "%DOWNSTREAM_LOCAL_ADDRESS%",
  downstream_remote_address: "%DOWNSTREAM_REMOTE_ADDRESS%",
  requested_server_name: "%REQUESTED_SERVER_NAME%",
  upstream_transport_failure_reason: "%UPSTREAM_TRANSPORT_FAILURE_REASON%",
};

/** Filter state istiod logs over gRPC by default. */
const FILTER_STATE_TO_LOG = ["wasm.upstream_peer", "wasm.upstream_peer_id", "wasm.downstream_peer", "wasm.downstream_peer_id"];

/** Istio appends a newline to every text format that lacks one. */
function textFormat(format: string | undefined): string {
  if (format === undefined || format === "") return ENVOY_TEXT_LOG_FORMAT;
  return format.endsWith("\n") ? format : `${format}\n`;
}

function fileLog(path: string, logFormat: NonNullable<EnvoyFileLog["logFormat"]>): AccessLog {
  return { name: FILE_ACCESS_LOG, typedConfig: anyOf(ENVOY_TYPES.fileAccessLog, { path, logFormat }) };
}

type EnvoyFileLog = { logFormat?: { textFormatSource?: { inlineString?: string }; jsonFormat?: Record<string, unknown> } };

const textLog = (text: string) => ({ textFormatSource: { inlineString: text } });

/** The access log of mesh `accessLogFile` (and of the built-in `envoy` provider with its path). */
export function fileAccessLogFromMeshConfig(path: string, mesh: Record<string, unknown>): AccessLog {
  const format = typeof mesh.accessLogFormat === "string" ? mesh.accessLogFormat : "";
  if (mesh.accessLogEncoding === "JSON") {
    let json: Record<string, unknown> = ENVOY_JSON_LOG_FORMAT;
    if (format !== "") {
      try {
        const parsed: unknown = JSON.parse(format);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
      } catch {
        // istiod logs the error and keeps the default format
      }
    }
    return fileLog(path, { jsonFormat: json });
  }
  return fileLog(path, textLog(textFormat(format)));
}

export type AccessLogBuild = { ok: true; log: AccessLog; tcpOnly?: boolean; httpOnly?: boolean } | { ok: false; error: string };

/** The access log of one mesh extension provider (`envoyFileAccessLog`, `envoyHttpAls`, `envoyTcpAls`). */
export function accessLogFromProvider(model: MeshModel, provider: Record<string, any>): AccessLogBuild {
  const name = String(provider.name ?? "");
  const file = provider.envoyFileAccessLog as Record<string, any> | undefined;
  if (file) {
    const path = typeof file.path === "string" && file.path !== "" ? file.path : DEV_STDOUT;
    if (name === DEFAULT_ACCESS_LOG_PROVIDER) return { ok: true, log: fileAccessLogFromMeshConfig(path, model.meshConfig) };
    const lf = file.logFormat as Record<string, any> | undefined;
    if (lf?.labels && typeof lf.labels === "object") {
      const labels = Object.keys(lf.labels).length > 0 ? (lf.labels as Record<string, unknown>) : ENVOY_JSON_LOG_FORMAT;
      return { ok: true, log: fileLog(path, { jsonFormat: labels }) };
    }
    return { ok: true, log: fileLog(path, textLog(textFormat(typeof lf?.text === "string" ? lf.text : undefined))) };
  }
  const als = (provider.envoyHttpAls ?? provider.envoyTcpAls) as Record<string, any> | undefined;
  if (als) {
    const http = provider.envoyHttpAls !== undefined;
    const found = lookupCluster(model, als.service, als.port);
    if (!found.ok) return { ok: false, error: `could not find cluster for ${http ? "http" : "tcp"} grpc provider ${name}: ${found.error}` };
    const commonConfig = {
      logName: typeof als.logName === "string" && als.logName !== "" ? als.logName : http ? "http_envoy_accesslog" : "tcp_envoy_accesslog",
      grpcService: { envoyGrpc: { clusterName: found.cluster, authority: found.hostname } },
      transportApiVersion: ApiVersion.V3,
      filterStateObjectsToLog: Array.isArray(als.filterStateObjectsToLog) && als.filterStateObjectsToLog.length > 0 ? als.filterStateObjectsToLog.map(String) : FILTER_STATE_TO_LOG,
    };
    if (!http) return { ok: true, tcpOnly: true, log: { name: TCP_GRPC_ACCESS_LOG, typedConfig: anyOf(ENVOY_TYPES.tcpGrpcAccessLog, { commonConfig }) } };
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
    const cfg = {
      commonConfig,
      ...(list(als.additionalRequestHeadersToLog) ? { additionalRequestHeadersToLog: list(als.additionalRequestHeadersToLog)! } : {}),
      ...(list(als.additionalResponseHeadersToLog) ? { additionalResponseHeadersToLog: list(als.additionalResponseHeadersToLog)! } : {}),
      ...(list(als.additionalResponseTrailersToLog) ? { additionalResponseTrailersToLog: list(als.additionalResponseTrailersToLog)! } : {}),
    };
    return { ok: true, httpOnly: true, log: { name: HTTP_GRPC_ACCESS_LOG, typedConfig: anyOf(ENVOY_TYPES.httpGrpcAccessLog, cfg) } };
  }
  if (provider.envoyOtelAls) return { ok: false, error: `provider ${name}: envoyOtelAls needs OpenTelemetryAccessLogConfig, which meshc's Envoy types do not include` };
  return { ok: false, error: `provider ${name} is not an access log provider` };
}
