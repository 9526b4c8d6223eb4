/**
 * Where the ported CEL checks apply: the schema is walked once per kind to list (path pattern, check ids);
 * at validation time only those paths of the data are visited.
 */
import { CHECKS } from "./cel/index.js";
import { CHECKS_KEYWORD } from "./checks-keyword.js";

/** A path pattern: property names, "[]" for every array item, "{}" for every map value. */
export type PathPattern = string[];
export interface CheckSite {
  pattern: PathPattern;
  ids: string[];
}

type Schema = Record<string, unknown>;

export function collectCheckSites(schema: unknown, base: PathPattern = []): CheckSite[] {
  const sites: CheckSite[] = [];
  const seen = new Set<unknown>();
  const walk = (s: unknown, pattern: PathPattern) => {
    if (!s || typeof s !== "object" || seen.has(s)) return;
    seen.add(s);
    const node = s as Schema;
    const ids = node[CHECKS_KEYWORD];
    if (Array.isArray(ids) && ids.length > 0) sites.push({ pattern, ids: ids as string[] });
    const props = node.properties as Record<string, unknown> | undefined;
    if (props) for (const [k, v] of Object.entries(props)) walk(v, [...pattern, k]);
    if (node.items && typeof node.items === "object") walk(node.items, [...pattern, "[]"]);
    const pp = node.patternProperties as Record<string, unknown> | undefined;
    if (pp) for (const v of Object.values(pp)) walk(v, [...pattern, "{}"]);
    if (node.additionalProperties && typeof node.additionalProperties === "object") walk(node.additionalProperties, [...pattern, "{}"]);
    for (const key of ["anyOf", "oneOf", "allOf"]) {
      const list = node[key];
      if (Array.isArray(list)) for (const v of list) walk(v, pattern);
    }
    seen.delete(s);
  };
  walk(schema, base);
  return sites;
}

export interface CheckFinding {
  path: (string | number)[];
  message: string;
}

/** Run the checks at their sites over `root`. Unknown check ids are a bug and throw. */
export function runChecks(sites: readonly CheckSite[], root: unknown): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const site of sites) {
    visit(root, site.pattern, 0, [], (value, path) => {
      for (const id of site.ids) {
        const fn = CHECKS.get(id);
        if (!fn) throw new Error(`no check registered for id "${id}"`);
        const r = fn(value);
        if (r === undefined) continue;
        for (const item of Array.isArray(r) ? r : [r]) {
          if (typeof item === "string") findings.push({ path, message: item });
          else findings.push({ path: [...path, ...(item.path ?? [])], message: item.message });
        }
      }
    });
  }
  return findings;
}

function visit(value: unknown, pattern: PathPattern, i: number, path: (string | number)[], fn: (v: unknown, p: (string | number)[]) => void): void {
  if (value === undefined) return;
  if (i === pattern.length) {
    fn(value, path);
    return;
  }
  const seg = pattern[i]!;
  if (seg === "[]") {
    if (Array.isArray(value)) value.forEach((v, k) => visit(v, pattern, i + 1, [...path, k], fn));
  } else if (seg === "{}") {
    if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) visit(v, pattern, i + 1, [...path, k], fn);
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    visit((value as Record<string, unknown>)[seg], pattern, i + 1, [...path, seg], fn);
  }
}

