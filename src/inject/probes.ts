/**
 * App probe and lifecycle rewriting (inject.md 13.4): collect the application's HTTP/TCP/gRPC
 * probes into ISTIO_KUBE_APP_PROBERS and point the probes at the sidecar's status port.
 */
import { goJson } from "./go-format.js";
import { encodeStruct, type Json, type JsonObject } from "./k8s-codec.js";
import { isObj, text } from "./template-data.js";

const PROBES: [string, string][] = [
  ["readinessProbe", "readyz"],
  ["livenessProbe", "livez"],
  ["startupProbe", "startupz"],
];
const HOOKS: [string, string][] = [
  ["preStop", "prestopz"],
  ["postStart", "poststartz"],
];

function resolvePort(container: JsonObject, port: Json | undefined): number | undefined {
  if (typeof port === "number") return port;
  if (typeof port === "string") {
    const ports = Array.isArray(container.ports) ? container.ports.filter(isObj) : [];
    const p = ports.find((x) => x.name === port);
    if (p && typeof p.containerPort === "number") return p.containerPort;
    if (/^\d+$/.test(port)) return undefined;
  }
  return undefined;
}

/** Resolves named ports in place and returns the prober entry, if any. */
function prober(container: JsonObject, handler: JsonObject, statusPort: number, timeout: Json | undefined): JsonObject | undefined {
  const out: JsonObject = {};
  if (isObj(handler.httpGet)) {
    const port = resolvePort(container, handler.httpGet.port);
    if (port === undefined) return undefined;
    handler.httpGet = { ...handler.httpGet, port };
    if (port === statusPort) return undefined;
    out.httpGet = encodeStruct(handler.httpGet, "c.HTTPGetAction", "");
  } else if (isObj(handler.tcpSocket)) {
    const port = resolvePort(container, handler.tcpSocket.port);
    if (port === undefined) return undefined;
    handler.tcpSocket = { ...handler.tcpSocket, port };
    if (port === statusPort) return undefined;
    out.tcpSocket = encodeStruct(handler.tcpSocket, "c.TCPSocketAction", "");
  } else if (isObj(handler.grpc)) {
    out.grpc = encodeStruct(handler.grpc, "c.GRPCAction", "");
  } else {
    return undefined;
  }
  if (typeof timeout === "number" && timeout !== 0) out.timeoutSeconds = timeout;
  return out;
}

function rewriteHandler(handler: JsonObject, path: string, port: number): JsonObject {
  const out: JsonObject = { ...handler };
  if (isObj(handler.httpGet)) {
    const h: JsonObject = { ...handler.httpGet, path, port };
    if (h.scheme === "HTTPS") h.scheme = "HTTP";
    out.httpGet = h;
    return out;
  }
  if (isObj(handler.tcpSocket) || isObj(handler.grpc)) {
    delete out.tcpSocket;
    delete out.grpc;
    out.httpGet = { path, port };
  }
  return out;
}

/**
 * Collects probers from all non-proxy containers (init first) and rewrites their probes.
 * `statusPort` is the mesh/proxy-config status port; `rewritePort` the port probes are sent to.
 */
export function rewriteAppProbes(
  spec: JsonObject,
  statusPort: number,
  rewritePort: number,
): { spec: JsonObject; probers: Record<string, JsonObject> } {
  const probers: Record<string, JsonObject> = {};
  const newSpec: JsonObject = { ...spec };
  for (const key of ["initContainers", "containers"] as const) {
    if (!Array.isArray(spec[key])) continue;
    newSpec[key] = (spec[key] as Json[]).map((c0) => {
      if (!isObj(c0) || c0.name === "istio-proxy") return c0;
      const c: JsonObject = { ...c0 };
      const name = text(c.name);
      for (const [field, suffix] of PROBES) {
        if (!isObj(c[field])) continue;
        const probe: JsonObject = { ...(c[field] as JsonObject) };
        const path = `/app-health/${name}/${suffix}`;
        const p = prober(c, probe, statusPort, probe.timeoutSeconds);
        if (p) probers[path] = p;
        if (isObj(probe.httpGet) || isObj(probe.tcpSocket) || isObj(probe.grpc)) c[field] = rewriteHandler(probe, path, rewritePort);
      }
      if (isObj(c.lifecycle)) {
        const lc: JsonObject = { ...c.lifecycle };
        for (const [field, suffix] of HOOKS) {
          if (!isObj(lc[field])) continue;
          const h: JsonObject = { ...(lc[field] as JsonObject) };
          const path = `/app-lifecycle/${name}/${suffix}`;
          const p = prober(c, h, statusPort, undefined);
          if (p) probers[path] = p;
          if (isObj(h.httpGet) || isObj(h.tcpSocket)) lc[field] = rewriteHandler(h, path, rewritePort);
        }
        c.lifecycle = lc;
      }
      return c;
    });
  }
  return { spec: newSpec, probers };
}

/** ISTIO_KUBE_APP_PROBERS JSON: keys sorted, values in Go field order. */
export function probersJson(probers: Record<string, JsonObject>): string {
  const out: JsonObject = {};
  for (const k of Object.keys(probers).sort()) {
    const p = probers[k]!;
    const v: JsonObject = {};
    for (const f of ["httpGet", "tcpSocket", "grpc", "timeoutSeconds"]) if (p[f] !== undefined) v[f] = p[f]!;
    out[k] = v;
  }
  return goJson(out);
}
