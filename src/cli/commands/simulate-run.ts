/** The body of `meshc simulate`, loaded only when the command runs. */
import { toXdsSnapshot } from "../../compile/config-dump.js";
import { applyCallDefaults, simulate, type CallInput, type CallProtocol, type RbacCaller, type SimulatedCall } from "../../compile/simulate.js";
import { parseIp } from "../../compile/simulate/cidr.js";
import { EXIT_CODES, UsageError } from "../../errors.js";
import { colorLevel, makeChalk } from "../color.js";
import type { Io } from "../io.js";
import { renderData } from "../reporters/diagnostics-data.js";
import { renderSimulationText } from "../reporters/simulate-text.js";
import { loadProxyConfig } from "./proxy-config-run.js";
import type { SimulateFlags } from "./simulate.js";

const SCHEMES: Record<string, { protocol: CallProtocol; tls: boolean; port: number }> = {
  "http:": { protocol: "http", tls: false, port: 80 },
  "https:": { protocol: "http", tls: true, port: 443 },
  "h2c:": { protocol: "http2", tls: false, port: 80 },
  "h2:": { protocol: "http2", tls: true, port: 443 },
  "grpc:": { protocol: "http2", tls: false, port: 80 },
  "tcp:": { protocol: "tcp", tls: false, port: 0 },
  "tls:": { protocol: "tcp", tls: true, port: 0 },
};

/** The call the flags describe (the CLI's input adapter; the compile path will reuse it). */
export function callFromFlags(flags: SimulateFlags): CallInput {
  if (flags.url === undefined) throw new UsageError("give the request with --url", { hint: "meshc simulate -f dump.json --url http://reviews:9080/" });
  let url: URL;
  try {
    url = new URL(flags.url.includes("://") ? flags.url : `http://${flags.url}`);
  } catch {
    throw new UsageError(`--url is not a URL: "${flags.url}"`);
  }
  const scheme = SCHEMES[url.protocol];
  if (scheme === undefined) throw new UsageError(`--url: unsupported scheme "${url.protocol.slice(0, -1)}" (use http, https, h2c, h2, grpc, tcp or tls)`);
  if (flags.tls && flags.mtls) throw new UsageError("--tls and --mtls exclude each other");
  const port = flags.port !== undefined ? Number(flags.port) : url.port !== "" ? Number(url.port) : scheme.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(flags.port !== undefined ? `--port must be a port number (1-65535), not "${flags.port}"` : `--url needs a port for ${url.protocol.slice(0, -1)}://`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const headers: Record<string, string[]> = {};
  for (const h of flags.header ?? []) {
    const colon = h.indexOf(":", h.startsWith(":") ? 1 : 0);
    if (colon <= 0) throw new UsageError(`-H must be 'Name: value', not "${h}"`);
    (headers[h.slice(0, colon).trim().toLowerCase()] ??= []).push(h.slice(colon + 1).trim());
  }
  const protocol = flags.protocol ?? scheme.protocol;
  const call: CallInput = {
    port,
    protocol,
    tls: flags.mtls ? "mtls" : flags.tls || scheme.tls ? "tls" : "plaintext",
    callMode: flags.inbound ? "inbound" : "outbound",
    headers,
  };
  const address = flags.address ?? (parseIp(host) !== undefined ? host : undefined);
  if (address !== undefined) {
    if (parseIp(address) === undefined) throw new UsageError(`--address must be an IP address, not "${address}"`);
    call.address = address;
  }
  if (protocol !== "tcp") {
    call.hostHeader = headers.host?.[0] ?? (url.port !== "" ? `${url.hostname}:${url.port}` : url.hostname);
    call.path = `${url.pathname}${url.search}`;
    if (flags.method !== undefined) call.method = flags.method;
  } else if (flags.method !== undefined || (flags.header ?? []).length > 0) {
    throw new UsageError("-X and -H apply to HTTP requests, not tcp://");
  }
  if (flags.sni !== undefined) call.sni = flags.sni;
  else if (call.tls === "tls") call.sni = host;
  if (flags.alpn !== undefined) call.alpn = flags.alpn;
  return call;
}

/** The caller RBAC sees (--principal / --source), or undefined when RBAC is not asked for. */
export async function rbacCallerFromFlags(paths: readonly string[], flags: SimulateFlags, io: Io): Promise<RbacCaller | undefined> {
  if (flags.principal === undefined && flags.source === undefined) return undefined;
  const caller: RbacCaller = {};
  if (flags.source !== undefined) {
    if (flags.file !== undefined || paths.length === 0) throw new UsageError("--source needs the YAML paths the workload is compiled from (with -f, give --principal spiffe://...)");
    const { loadModel } = await import("./compile-run.js");
    const { findWorkload } = await import("./bootstrap-run.js");
    const model = await loadModel(paths, {}, io);
    const w = findWorkload(model, flags.source);
    caller.principal = `spiffe://${model.meshConfig.trustDomain || "cluster.local"}/ns/${w.namespace}/sa/${w.serviceAccount}`;
    if (w.address !== undefined && parseIp(w.address) !== undefined) caller.sourceIp = w.address;
  }
  if (flags.principal !== undefined) {
    if (!flags.principal.startsWith("spiffe://")) throw new UsageError(`--principal must be a SPIFFE ID (spiffe://<trust domain>/ns/<ns>/sa/<sa>), not "${flags.principal}"`);
    caller.principal = flags.principal;
  }
  return caller;
}

export async function runSimulate(workload: string | undefined, paths: string[], flags: SimulateFlags, io: Io): Promise<number> {
  const caller = await rbacCallerFromFlags(paths, flags, io);
  // A workload calling another sidecar's inbound port speaks Istio mutual TLS (its identity is the client certificate).
  const input = callFromFlags(caller && flags.inbound && !flags.tls && !flags.mtls && !/^(https|h2|tls):/.test(flags.url ?? "") ? { ...flags, mtls: true } : flags);
  let gatewayPorts: { server: number; listener: number }[] = [];
  const pc = await loadProxyConfig(workload, paths, flags, io, (r) => (gatewayPorts = r.ir.gateway?.ports ?? []));
  let call: SimulatedCall;
  try {
    call = applyCallDefaults(input);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // A gateway is addressed through its Service: port 443 of the Service reaches listener 8443.
  const bound = (port: number) => pc.listeners.some((l) => l.address?.socketAddress?.portValue === port);
  const mapped = gatewayPorts.find((p) => p.server === call.port && p.listener !== p.server);
  if (flags.port === undefined && mapped && !bound(call.port) && bound(mapped.listener)) {
    io.stderr.write(`port ${call.port} is the gateway Service's; its listener port is ${mapped.listener}\n`);
    call = { ...call, port: mapped.listener };
  }
  const result = simulate(toXdsSnapshot(pc), call, { matchHeaders: !flags.istio, ...(caller ? { rbac: caller } : {}) });
  if (flags.output === "text") io.stdout.write(renderSimulationText(result, makeChalk(colorLevel(flags.color, io.env, io.stdout))));
  else io.stdout.write(await renderData(result, flags.output));
  return result.error === undefined ? EXIT_CODES.ok : EXIT_CODES.findings;
}
