/** The README's call defaults: a partial call in, a complete SimulatedCall out. */
import { InputError } from "../../errors.js";
import type { CallInput, CallProtocol, SimulatedCall } from "./types.js";

/** ALPN a client offers over Istio mutual TLS. */
function mtlsAlpn(protocol: CallProtocol | undefined): string {
  return protocol === "http" ? "istio-http/1.1" : protocol === "http2" ? "istio-h2" : "istio";
}

/** ALPN a client offers over one-way TLS. */
function tlsAlpn(protocol: CallProtocol | undefined): string {
  return protocol === "http" ? "http/1.1" : protocol === "http2" ? "h2" : "";
}

/**
 * Applies the defaults of the README's call table. Throws InputError for an invalid call (an
 * ALPN on a plaintext call, a port out of range).
 */
export function applyCallDefaults(input: CallInput): SimulatedCall {
  if (!Number.isInteger(input.port) || input.port < 0 || input.port > 65535) {
    throw new InputError(`invalid call: port must be an integer 0-65535, not ${String(input.port)}`);
  }
  const tls = input.tls ?? "plaintext";
  if (input.alpn !== undefined && input.alpn !== "" && tls === "plaintext") {
    throw new InputError("invalid call: ALPN can only be offered in a TLS handshake (tls or mtls)");
  }
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const key = name.toLowerCase() === ":authority" ? "host" : name.toLowerCase();
    (headers[key] ??= []).push(...(Array.isArray(value) ? value : [value]));
  }
  const hostHeader = input.hostHeader ?? headers.host?.[0] ?? "";
  if (hostHeader !== "") headers.host = [hostHeader];
  else delete headers.host;
  const rawPath = input.path === undefined || input.path === "" ? "/" : input.path;
  const q = rawPath.indexOf("?");
  const path = q < 0 ? rawPath : rawPath.slice(0, q);
  const query = q < 0 ? [] : parseQuery(rawPath.slice(q + 1));
  if (Array.isArray(input.query)) query.push(...input.query);
  else for (const [name, value] of Object.entries(input.query ?? {})) for (const v of Array.isArray(value) ? value : [value]) query.push([name, v]);
  const alpn = input.alpn !== undefined && input.alpn !== "" ? input.alpn : tls === "mtls" ? mtlsAlpn(input.protocol) : tls === "tls" ? tlsAlpn(input.protocol) : "";
  const call: SimulatedCall = {
    callMode: input.callMode ?? "outbound",
    address: input.address === undefined || input.address === "" ? "1.3.3.7" : input.address,
    port: input.port,
    tls,
    alpn,
    hostHeader,
    sni: input.sni !== undefined && input.sni !== "" ? input.sni : tls === "tls" ? hostHeader : "",
    path: path === "" ? "/" : path,
    mtlsSecretConfigName: input.mtlsSecretConfigName ?? "default",
    method: (input.method ?? "GET").toUpperCase(),
    headers,
    query,
  };
  if (input.protocol !== undefined) call.protocol = input.protocol;
  return call;
}

/** `a=1&b=x%20y` → [["a","1"],["b","x y"]]; `+` is a space, as browsers send forms. */
export function parseQuery(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    out.push([decode(name), decode(value)]);
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
