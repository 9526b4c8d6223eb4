/** WasmPlugin (extensions.istio.io): load a WebAssembly filter into the proxies of selected workloads. */
import { Type, type Static } from "@sinclair/typebox";
import { Int32, StrictObject, StringEnum, defineIstioKind, withChecks } from "../define.js";
import { Nullable, PolicyTargetReference, PolicyTargetReferences, WorkloadSelector } from "../security/common.js";
import { TrafficSelector, wasmModuleFields } from "./common.js";

export const WASM_PHASES = ["UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"] as const;

export const WasmPluginSpec = withChecks(
  StrictObject({
    selector: Type.Optional(WorkloadSelector),
    targetRef: Type.Optional(PolicyTargetReference),
    targetRefs: Type.Optional(PolicyTargetReferences),
    ...wasmModuleFields(),
    phase: Type.Optional(StringEnum(WASM_PHASES)),
    /** Order within a phase: higher runs first. */
    priority: Type.Optional(Nullable(Int32())),
    match: Type.Optional(Type.Array(TrafficSelector)),
  }),
  "selector-or-target-refs",
);

export type WasmPluginSpec = Static<typeof WasmPluginSpec>;
export const WasmPlugin = defineIstioKind("WasmPlugin", WasmPluginSpec);
