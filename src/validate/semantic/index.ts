/** Semantic (webhook) rules by kind. */
import { rule as authorizationPolicy } from "./authorization-policy.js";
import { rule as peerAuthentication } from "./peer-authentication.js";
import { rule as requestAuthentication } from "./request-authentication.js";
import { rule as telemetry } from "./telemetry.js";
import { rule as wasmPlugin } from "./wasm-plugin.js";
import type { SemanticRule } from "./types.js";

export const SEMANTIC_RULES: ReadonlyMap<string, SemanticRule> = new Map<string, SemanticRule>([
  ["AuthorizationPolicy", authorizationPolicy],
  ["PeerAuthentication", peerAuthentication],
  ["RequestAuthentication", requestAuthentication],
  ["Telemetry", telemetry],
  ["WasmPlugin", wasmPlugin],
]);
