/** Every analyzer meshc runs, in istioctl's registration order where it has one. */
import type { Analyzer } from "./define.js";
import { GATEWAY_ANALYZERS } from "./analyzers/gateways/index.js";
import { MESHC_ANALYZERS } from "./analyzers/meshc/index.js";
import { ROUTING_ANALYZERS } from "./analyzers/routing/index.js";
import { WORKLOAD_ANALYZERS } from "./analyzers/workloads/index.js";

export const ANALYZERS: readonly Analyzer[] = [...WORKLOAD_ANALYZERS, ...ROUTING_ANALYZERS, ...GATEWAY_ANALYZERS, ...MESHC_ANALYZERS];
