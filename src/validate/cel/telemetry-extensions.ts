/**
 * Ported CEL rules of the telemetry.istio.io (Telemetry) and extensions.istio.io (WasmPlugin,
 * TrafficExtension) CRDs. The shared policy-scope rules (selector-or-target-refs,
 * target-ref-same-namespace) live in ./security.ts.
 */
import { requestUriScheme } from "./security.js";
import type { CheckTable } from "./types.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const WASM_SCHEMES = new Set(["", "http", "https", "oci", "file"]);

/**
 * The scheme a Wasm module address is read with: the URL's own scheme, or "http" for a bare
 * "registry/path:tag" reference (which Istio reads as if "http://" were in front). Undefined when
 * it cannot be read as an address at all.
 */
export function wasmUrlScheme(text: string): string | undefined {
  const own = requestUriScheme(text);
  if (own !== undefined) return own;
  return requestUriScheme(`http://${text}`);
}

export const telemetryExtensionChecks: CheckTable = {
  /** operation == UPSERT implies a non-empty value, on a Telemetry tagOverrides entry. */
  "tag-override-upsert-needs-value": (v) => {
    if (!isObject(v) || v["operation"] !== "UPSERT") return undefined;
    return typeof v["value"] === "string" && v["value"] !== ""
      ? undefined
      : "operation UPSERT needs a value: set value to the expression that gives the tag its content";
  },
  /** operation == REMOVE implies no value, on a Telemetry tagOverrides entry. */
  "tag-override-remove-no-value": (v) => {
    if (!isObject(v) || v["operation"] !== "REMOVE" || v["value"] === undefined) return undefined;
    return { message: "operation REMOVE takes no value: delete value, or use operation UPSERT", path: ["value"] };
  },
  /** the URL scheme is one of http, https, oci, file (or none), on WasmPlugin url and TrafficExtension wasm.url. */
  "wasm-url-scheme": (v) => {
    if (typeof v !== "string") return undefined;
    const scheme = wasmUrlScheme(v);
    if (scheme !== undefined && WASM_SCHEMES.has(scheme)) return undefined;
    if (scheme === undefined) return `"${v}" is not a valid address for a Wasm module: use oci://, https://, http:// or file://`;
    return `"${scheme}" is not a supported scheme for a Wasm module: use oci://, https://, http:// or file://`;
  },
  /** valueFrom HOST implies no value, on a vmConfig.env entry. */
  "wasm-env-value-needs-inline": (v) => {
    if (!isObject(v) || v["valueFrom"] !== "HOST" || v["value"] === undefined) return undefined;
    return {
      message: "value cannot be set when valueFrom is HOST (the value is read from the proxy's environment): delete value, or use valueFrom INLINE",
      path: ["value"],
    };
  },
  /** has(wasm) != has(lua), on the TrafficExtension spec. */
  "traffic-extension-wasm-xor-lua": (v) => {
    if (!isObject(v)) return undefined;
    const wasm = v["wasm"] !== undefined;
    const lua = v["lua"] !== undefined;
    if (wasm !== lua) return undefined;
    return wasm ? "wasm and lua are both set: a TrafficExtension runs one of them, so keep only one" : "neither wasm nor lua is set: a TrafficExtension needs exactly one of them";
  },
};
