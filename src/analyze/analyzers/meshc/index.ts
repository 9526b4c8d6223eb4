/** The meshc analyzers (one per file in this folder). */
import type { Analyzer } from "../../define.js";

export const MESHC_ANALYZERS: Analyzer[] = [];
