/**
 * Test harness for the policy kinds' schemas: ajv validation of a spec, and the ported CEL checks run
 * at the sites where the schema attaches them (found with collectCheckSites, as production does).
 */
import { compileForTest } from "../../../../src/validate/ajv-options.js";
import { collectCheckSites } from "../../../../src/validate/check-paths.js";
import { commonChecks } from "../../../../src/validate/cel/common.js";
import { securityChecks } from "../../../../src/validate/cel/security.js";
import { telemetryExtensionChecks } from "../../../../src/validate/cel/telemetry-extensions.js";
import type { CheckTable } from "../../../../src/validate/cel/types.js";

export const TABLE: CheckTable = { ...commonChecks, ...securityChecks, ...telemetryExtensionChecks };

export interface Finding {
  id: string;
  path: string;
  message: string;
}

export function harness(spec: object) {
  const validate = compileForTest(JSON.parse(JSON.stringify(spec)));
  const sites = collectCheckSites(spec);
  return {
    /** ajv errors as "instancePath keyword" strings; [] when valid. */
    errors(value: unknown): string[] {
      return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    },
    valid(value: unknown): boolean {
      return validate(value) === true;
    },
    /** Findings of the ported CEL checks, each with the check id and a dotted path. */
    checks(value: unknown): Finding[] {
      const out: Finding[] = [];
      for (const site of sites) {
        visit(value, site.pattern, [], (v, path) => {
          for (const id of site.ids) {
            const fn = TABLE[id];
            if (!fn) throw new Error(`no check "${id}"`);
            const r = fn(v);
            if (r === undefined) continue;
            for (const item of Array.isArray(r) ? r : [r]) {
              const sub = typeof item === "string" ? [] : item.path ?? [];
              out.push({ id, path: [...path, ...sub].join("."), message: typeof item === "string" ? item : item.message });
            }
          }
        });
      }
      return out;
    },
    /** The check ids attached at a dotted pattern ("[]" items, "{}" map values). */
    idsAt(pattern: string): string[] {
      return sites.filter((s) => s.pattern.join(".") === pattern).flatMap((s) => s.ids);
    },
  };
}

function visit(value: unknown, pattern: string[], path: (string | number)[], fn: (v: unknown, p: (string | number)[]) => void): void {
  if (value === undefined) return;
  if (pattern.length === 0) return fn(value, path);
  const [seg, ...rest] = pattern as [string, ...string[]];
  if (seg === "[]") {
    if (Array.isArray(value)) value.forEach((v, k) => visit(v, rest, [...path, k], fn));
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (seg === "{}") for (const [k, v] of Object.entries(obj)) visit(v, rest, [...path, k], fn);
    else visit(obj[seg], rest, [...path, seg], fn);
  }
}

/** The ids of the findings, sorted, for compact assertions. */
export const ids = (findings: Finding[]) => findings.map((f) => f.id).sort();
