/**
 * The value model of kube-inject's YAML input and go-yaml v2's scalar resolution (inject.md 14.1),
 * shared by both loaders (yaml-events.ts, yaml-reference.ts): plain values in which floats are
 * marked (YFloat) so that later string coercion can print them as Go does.
 */

/** A YAML float (as opposed to an integer); Go prints these differently when a string is wanted. */
export class YFloat {
  constructor(readonly value: number) {}
}

export type YValue = null | boolean | number | string | YFloat | YValue[] | { [key: string]: YValue };
export type YMap = { [key: string]: YValue };

export class YamlInputError extends Error {}

/** Deepest nesting (aliases included) either loader accepts. */
export const MAX_DEPTH = 200;

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSES = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) (sign, 0x / 0o / 0b prefixes, leading-zero octal). */
function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith("0")) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  if (n > 2 ** 64) return undefined;
  return m[1] === "-" ? -n : n;
}

/** go-yaml v2 resolution of an untagged plain scalar. */
export function resolvePlain(s: string): YValue {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  switch (s) {
    case ".inf": case ".Inf": case ".INF": case "+.inf": case "+.Inf": case "+.INF":
      return new YFloat(Infinity);
    case "-.inf": case "-.Inf": case "-.INF":
      return new YFloat(-Infinity);
    case ".nan": case ".NaN": case ".NAN":
      return new YFloat(NaN);
  }
  const c = s[0]!;
  if (c === ".") {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return new YFloat(parseFloat(s));
    return s;
  }
  if (c === "+" || c === "-" || (c >= "0" && c <= "9")) {
    const plain = s.replace(/_/g, "");
    const i = parseGoInt(plain);
    if (i !== undefined) return i;
    if (YAML_STYLE_FLOAT.test(plain)) return new YFloat(parseFloat(plain));
  }
  return s;
}

/** Sets a key of a loaded mapping; later duplicates replace the value in place, as go-yaml does. */
export function setKey(obj: YMap, key: string, value: YValue): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function keyToString(k: YValue): string {
  if (k === null) return "null";
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "boolean") return String(k);
  if (k instanceof YFloat) return String(k.value);
  throw new YamlInputError("mapping keys must be scalars");
}

/** Applies a `<<` merge value (a mapping or a list of them): keys not written explicitly are added. */
export function mergeInto(out: YMap, merged: YValue, explicit: ReadonlySet<string>): void {
  const sources = Array.isArray(merged) ? merged : [merged];
  for (const src of sources) {
    if (src && typeof src === "object" && !Array.isArray(src) && !(src instanceof YFloat)) {
      for (const [k, v] of Object.entries(src)) if (!explicit.has(k)) setKey(out, k, v);
    }
  }
}
