/** The workloads analyzers (one per file in this folder). */
import type { Analyzer } from "../../define.js";

export const WORKLOAD_ANALYZERS: Analyzer[] = [];
