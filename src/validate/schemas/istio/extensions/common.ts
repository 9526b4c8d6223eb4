/** Blocks shared by WasmPlugin and TrafficExtension: where a Wasm module comes from, its VM settings, and traffic matching. */
import { Type } from "@sinclair/typebox";
import { Free, StrictObject, StringEnum, withChecks } from "../define.js";

export const FAIL_STRATEGIES = ["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD"] as const;
export const PULL_POLICIES = ["UNSPECIFIED_POLICY", "IfNotPresent", "Always"] as const;
export const PLUGIN_TYPES = ["UNSPECIFIED_PLUGIN_TYPE", "HTTP", "NETWORK"] as const;
export const TRAFFIC_MODES = ["UNDEFINED", "CLIENT", "SERVER", "CLIENT_AND_SERVER"] as const;

/** An environment variable for the Wasm VM: a literal value (INLINE) or copied from the proxy's environment (HOST). */
const EnvVar = withChecks(
  StrictObject({
    name: Type.String({ minLength: 1, maxLength: 256 }),
    valueFrom: Type.Optional(StringEnum(["INLINE", "HOST"] as const)),
    value: Type.Optional(Type.String({ maxLength: 2048 })),
  }),
  "wasm-env-value-needs-inline",
);

export const VmConfig = StrictObject({
  /** Names are unique (a list keyed by name). */
  env: Type.Optional(Type.Array(EnvVar, { maxItems: 256 })),
});

/** Traffic a plugin applies to: client or server side, and optionally some ports only. */
export const TrafficSelector = StrictObject({
  mode: Type.Optional(StringEnum(TRAFFIC_MODES)),
  /** Port numbers are unique (a list keyed by number). */
  ports: Type.Optional(Type.Array(StrictObject({ number: Type.Integer({ minimum: 1, maximum: 65535 }) }))),
});

/** The fields that say which Wasm module to load and how (WasmPlugin's top level, TrafficExtension's `wasm`). */
export const wasmModuleFields = () => ({
  url: withChecks(Type.String({ minLength: 1 }), "wasm-url-scheme"),
  sha256: Type.Optional(Type.String({ pattern: "(^$|^[a-f0-9]{64}$)" })),
  imagePullPolicy: Type.Optional(StringEnum(PULL_POLICIES)),
  imagePullSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
  verificationKey: Type.Optional(Type.String()),
  /** Handed to the plugin as is: any JSON object. */
  pluginConfig: Type.Optional(Free({ type: "object" })),
  pluginName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  failStrategy: Type.Optional(StringEnum(FAIL_STRATEGIES)),
  vmConfig: Type.Optional(VmConfig),
  type: Type.Optional(StringEnum(PLUGIN_TYPES)),
});
