/** Every ported CEL check, by id. */
import { commonChecks } from "./common.js";
import { networkingChecks } from "./networking.js";
import { securityChecks } from "./security.js";
import { telemetryExtensionChecks } from "./telemetry-extensions.js";
import type { CheckFn } from "./types.js";

const tables = [commonChecks, networkingChecks, securityChecks, telemetryExtensionChecks];

function merge(): Map<string, CheckFn> {
  const out = new Map<string, CheckFn>();
  for (const table of tables) {
    for (const [id, fn] of Object.entries(table)) {
      if (out.has(id)) throw new Error(`check id "${id}" is defined twice`);
      out.set(id, fn);
    }
  }
  return out;
}

export const CHECKS: ReadonlyMap<string, CheckFn> = merge();
