/** The routing analyzers (one per file in this folder). */
import type { Analyzer } from "../../define.js";

export const ROUTING_ANALYZERS: Analyzer[] = [];
