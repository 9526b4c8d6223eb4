/**
 * Kubernetes resource.Quantity: parsing and the canonical string form Go writes (inject.md 14.2).
 */

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const BINARY_SUFFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

type Format = "binary" | "decimal" | "exponent";

export class QuantityError extends Error {}

interface Parsed {
  /** value = n * 10^scale */
  n: bigint;
  scale: number;
  format: Format;
}

function parse(text: string): Parsed {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*)([-+]?[0-9]*)$/.exec(text.trim() === text ? text : "\u0000");
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const [, sign, whole, frac = "", suffix, expPart] = m as unknown as [string, string, string, string | undefined, string, string];
  let n = BigInt((whole || "0") + frac);
  let scale = -frac.length;
  let format: Format;
  if (suffix === "e" || suffix === "E") {
    if (expPart === "" || expPart === "+" || expPart === "-") throw new QuantityError("unable to parse quantity's suffix");
    scale += Number(expPart);
    format = "exponent";
  } else {
    if (expPart !== "") throw new QuantityError("unable to parse quantity's suffix");
    if (suffix in BINARY) {
      n *= 1024n ** BigInt(BINARY[suffix]!);
      format = "binary";
    } else if (suffix in DECIMAL) {
      scale += DECIMAL[suffix]!;
      format = "decimal";
    } else {
      throw new QuantityError("unable to parse quantity's suffix");
    }
  }
  if (sign === "-") n = -n;
  if (scale < -9) {
    const div = 10n ** BigInt(-9 - scale);
    const neg = n < 0n;
    const abs = neg ? -n : n;
    let q = abs / div;
    if (abs % div !== 0n) q += 1n;
    n = neg ? -q : q;
    scale = -9;
  }
  return { n, scale, format };
}

/** Returns the canonical form of a quantity string, or throws QuantityError. */
export function canonicalQuantity(input: string | number): string {
  const { n: n0, scale: s0, format: f0 } = parse(typeof input === "number" ? numberText(input) : input);
  let n = n0;
  let scale = s0;
  if (n === 0n) return "0";
  let format = f0;
  if (format === "binary") {
    const abs = n < 0n ? -n : n;
    let whole: bigint | undefined;
    if (scale >= 0) whole = abs * 10n ** BigInt(scale);
    else if (abs % 10n ** BigInt(-scale) === 0n) whole = abs / 10n ** BigInt(-scale);
    if (whole === undefined || whole < 1024n) {
      format = "decimal";
    } else {
      let k = 0;
      while (whole % 1024n === 0n && k < 6) {
        whole /= 1024n;
        k++;
      }
      return `${n < 0n ? "-" : ""}${whole}${BINARY_SUFFIX[k]}`;
    }
  }
  while (n % 10n === 0n) {
    n /= 10n;
    scale++;
  }
  while (((scale % 3) + 3) % 3 !== 0) {
    n *= 10n;
    scale--;
  }
  if (format === "exponent") return `${n}${scale === 0 ? "" : `e${scale}`}`;
  while (scale > 18) {
    n *= 1000n;
    scale -= 3;
  }
  return `${n}${DECIMAL_SUFFIX[scale]}`;
}

function numberText(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = String(v);
  if (/e/.test(s)) {
    const [m, e] = s.split("e");
    return `${m}e${Number(e)}`;
  }
  return s;
}

/** True when the text is a valid quantity. */
export function isQuantity(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}
