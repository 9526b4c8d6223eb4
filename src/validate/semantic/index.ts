/** Semantic (webhook) rules by kind. */
import { rule as authorizationPolicy } from "./authorization-policy.js";
import { rule as destinationRule } from "./destination-rule.js";
import { rule as envoyFilter } from "./envoy-filter.js";
import { rule as gateway } from "./gateway.js";
import { rule as peerAuthentication } from "./peer-authentication.js";
import { rule as requestAuthentication } from "./request-authentication.js";
import { rule as serviceEntry } from "./service-entry.js";
import { rule as sidecar } from "./sidecar.js";
import { rule as telemetry } from "./telemetry.js";
import { rule as virtualService } from "./virtual-service.js";
import { rule as wasmPlugin } from "./wasm-plugin.js";
import { rule as workloadEntry } from "./workload-entry.js";
import { rule as workloadGroup } from "./workload-group.js";
import type { SemanticRule } from "./types.js";

export const SEMANTIC_RULES: ReadonlyMap<string, SemanticRule> = new Map<string, SemanticRule>([
  ["VirtualService", virtualService],
  ["DestinationRule", destinationRule],
  ["Gateway", gateway],
  ["ServiceEntry", serviceEntry],
  ["Sidecar", sidecar],
  ["WorkloadEntry", workloadEntry],
  ["WorkloadGroup", workloadGroup],
  ["EnvoyFilter", envoyFilter],
  ["AuthorizationPolicy", authorizationPolicy],
  ["PeerAuthentication", peerAuthentication],
  ["RequestAuthentication", requestAuthentication],
  ["Telemetry", telemetry],
  ["WasmPlugin", wasmPlugin],
]);
