/**
 * Printing values the way Go does: strconv.FormatFloat(f, 'g', -1, 32|64) and encoding/json
 * (HTML-safe escaping, insertion-ordered objects) for the JSON strings Istio embeds in annotations
 * and environment variables.
 */

/** Shortest decimal digits and decimal-point position of a float (like strconv's decimal). */
function shortestDigits(v: number, bits: 32 | 64): { digits: string; dp: number } {
  let exp: string;
  if (bits === 64) {
    exp = v.toExponential();
  } else {
    const target = Math.fround(v);
    exp = target.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const candidate = target.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === target) {
        exp = candidate;
        break;
      }
    }
  }
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp)!;
  const digits = (m[1]! + (m[2] ?? "")).replace(/0+$/, "") || "0";
  return { digits, dp: Number(m[3]) + 1 };
}

/** strconv.FormatFloat(v, 'g', -1, bits). */
export function formatGoFloat(v: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const neg = v < 0;
  const { digits, dp } = shortestDigits(Math.abs(v), bits);
  const exp = dp - 1;
  let out: string;
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    out = `${mant}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  } else if (dp <= 0) {
    out = "0." + "0".repeat(-dp) + digits;
  } else if (dp >= digits.length) {
    out = digits + "0".repeat(dp - digits.length);
  } else {
    out = digits.slice(0, dp) + "." + digits.slice(dp);
  }
  return neg ? "-" + out : out;
}

/** Go encoding/json's number formatting for a float64. */
export function goJsonNumber(v: number): string {
  return String(v);
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** encoding/json string quoting (HTML-safe). */
export function goJsonString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/["\\\n\r\t<>&\u2028\u2029\u0000-\u001f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

/** encoding/json output for plain data; object keys in insertion order (callers order them). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number") return goJsonNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    parts.push(`${goJsonString(k)}:${goJson(v)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A Go map encoded by encoding/json: keys sorted bytewise. */
export function sortedKeys<T>(obj: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(obj).sort(byteCompare)) out[k] = obj[k]!;
  return out;
}

export function byteCompare(a: string, b: string): number {
  const ba = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return Buffer.compare(ba, bb);
}
