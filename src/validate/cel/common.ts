/** Checks shared by several kinds (ported from the CEL rules that recur across Istio's CRDs). */
import type { CheckTable } from "./types.js";

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * Parse a duration as CEL's duration() and Go's time.ParseDuration accept it ("1h2m3.5s", "100ms", "-1s").
 * Returns nanoseconds, or undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== "string" || text.length === 0 || text.length > 64) return undefined;
  let s = text;
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  const re = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  let total = 0;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

export const commonChecks: CheckTable = {
  /** duration(self) >= duration('1ms') */
  "duration-min-1ms": (v) => {
    if (typeof v !== "string") return undefined;
    const ns = parseDuration(v);
    if (ns === undefined) return `"${v}" is not a duration: write a number with a unit, such as "5s", "250ms" or "1m30s"`;
    if (ns < 1e6) return `duration "${v}" is too short: it must be at least 1ms`;
    return undefined;
  },
  /** 0 < self && self <= 65535 */
  "port-range": (v) => (typeof v === "number" && !(v > 0 && v <= 65535) ? `port ${v} is out of range: use 1 to 65535` : undefined),
  /** !self.contains("*") */
  "no-wildcard": (v) => (typeof v === "string" && v.includes("*") ? `wildcard "*" is not allowed here ("${v}")` : undefined),
  /** self.all(key, !key.contains("*")) */
  "no-wildcard-keys": (v) => {
    if (!v || typeof v !== "object") return undefined;
    return Object.keys(v).filter((k) => k.includes("*")).map((k) => ({ message: `wildcard "*" is not allowed in key "${k}"`, path: [k] }));
  },
  /** self.all(key, key.size() != 0) */
  "no-empty-keys": (v) => {
    if (!v || typeof v !== "object") return undefined;
    return Object.keys(v).some((k) => k.length === 0) ? "keys must not be empty" : undefined;
  },
};
