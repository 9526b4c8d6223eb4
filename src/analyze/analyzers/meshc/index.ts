/** The meshc analyzers (one per file in this folder). */
import type { Analyzer } from "../../define.js";
import conflictingMtls from "./conflicting-mtls.js";
import destinationPort from "./destination-port.js";
import duplicateDestinationRule from "./duplicate-destination-rule.js";
import routeWeights from "./route-weights.js";
import subsetWorkloads from "./subset-workloads.js";
import unreachablePortMtls from "./unreachable-port-mtls.js";

export const MESHC_ANALYZERS: Analyzer[] = [conflictingMtls, unreachablePortMtls, routeWeights, destinationPort, duplicateDestinationRule, subsetWorkloads];
