/** The gateways analyzers (one per file in this folder). */
import type { Analyzer } from "../../define.js";

export const GATEWAY_ANALYZERS: Analyzer[] = [];
