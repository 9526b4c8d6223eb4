/** TrafficExtension (extensions.istio.io): a Wasm module or an inline Lua script inserted into the proxies' filter chain. */
import { Type, type Static } from "@sinclair/typebox";
import { Int32, StrictObject, StringEnum, defineIstioKind, withChecks } from "../define.js";
import { Nullable, PolicyTargetReferences, WorkloadSelector } from "../security/common.js";
import { TrafficSelector, wasmModuleFields } from "./common.js";

export const EXTENSION_PHASES = ["UNSPECIFIED", "AUTHN", "AUTHZ", "STATS"] as const;

const LuaScript = StrictObject({ inlineCode: Type.String({ minLength: 1, maxLength: 65536 }) });

export const TrafficExtensionSpec = withChecks(
  StrictObject({
    selector: Type.Optional(WorkloadSelector),
    targetRefs: Type.Optional(PolicyTargetReferences),
    phase: Type.Optional(StringEnum(EXTENSION_PHASES)),
    /** Order within a phase: higher runs first. */
    priority: Type.Optional(Nullable(Int32())),
    match: Type.Optional(Type.Array(TrafficSelector)),
    /** Exactly one of wasm and lua. */
    wasm: Type.Optional(StrictObject(wasmModuleFields())),
    lua: Type.Optional(LuaScript),
  }),
  "selector-or-target-refs",
  "traffic-extension-wasm-xor-lua",
);

export type TrafficExtensionSpec = Static<typeof TrafficExtensionSpec>;
export const TrafficExtension = defineIstioKind("TrafficExtension", TrafficExtensionSpec);
