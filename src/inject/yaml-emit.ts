/**
 * JSON data → YAML text exactly as sigs.k8s.io/yaml (go-yaml v2's emitter) writes it
 * (inject.md 14.3): natural key order, block style, unindented sequences in mappings, scalar style
 * selection, folding at column 80 and literal blocks.
 */
import { formatGoFloat } from "./go-format.js";
import type { Json } from "./k8s-codec.js";
import { resolvePlain } from "./yaml-input.js";

const BEST_WIDTH = 80;

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);

/** go-yaml v2's keyList.Less for string keys. */
export function naturalLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  return naturalLess(a, b) ? -1 : 1;
}

const TIMESTAMP = [
  /^\d{4}-\d{1,2}-\d{1,2}$/,
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/,
];
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Whether go-yaml would write the string plain (it reads back as a string). */
function resolvesToString(s: string): boolean {
  if (s === "<<") return false;
  if (typeof resolvePlain(s) !== "string") return false;
  if (TIMESTAMP.some((r) => r.test(s))) return false;
  return !BASE60_FLOAT.test(s);
}

const isBreakChar = (c: string): boolean => c === "\n" || c === "\r" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlankChar = (c: string | undefined): boolean => c === " " || c === "\t";

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(value: string): Analysis {
  if (value.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...value];
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) blockIndicators = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlankChar(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) blockIndicators = true;
      else if ((c === "?" || c === ":") && followedByWhitespace) blockIndicators = true;
      else if (c === "-" && followedByWhitespace) blockIndicators = true;
    } else if (c === ":" && followedByWhitespace) blockIndicators = true;
    else if (c === "#" && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(c)) special = true;
    if (c === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakChar(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankChar(c) || isBreakChar(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

type Style = "plain" | "single" | "double" | "literal";

function selectStyle(s: string, simpleKey: boolean): Style {
  let style: Style = s.includes("\n") ? "literal" : resolvesToString(s) ? "plain" : "double";
  const a = analyze(s);
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain") {
    if (!a.blockPlainAllowed) style = "single";
    if (s.length === 0 && simpleKey) style = "single";
  }
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}

const DQ_ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
  0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

class Writer {
  private readonly parts: string[] = [];
  column = 0;
  /** Nothing but indentation written on the current line (go-yaml's "indention"). */
  private whitespace = true;

  private atLineStart = true;
  put(s: string): void {
    this.parts.push(s);
    this.column += s.length;
    if (s.length > 0) this.atLineStart = false;
  }
  putChar(c: string): void {
    this.parts.push(c);
    this.column += 1;
    this.atLineStart = false;
  }
  newline(indent: number): void {
    this.parts.push((this.atLineStart ? "" : "\n") + " ".repeat(indent));
    this.column = indent;
    this.atLineStart = false;
  }
  breakOnly(): void {
    this.parts.push("\n");
    this.column = 0;
    this.atLineStart = true;
  }
  text(): string {
    return this.parts.join("");
  }
  set ws(v: boolean) {
    this.whitespace = v;
  }
  get ws(): boolean {
    return this.whitespace;
  }
}

function writeScalar(w: Writer, s: string, indent: number, simpleKey: boolean): void {
  const style = selectStyle(s, simpleKey);
  const allowBreaks = !simpleKey;
  const chars = [...s];
  switch (style) {
    case "plain": {
      let spaces = false;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (c === " ") {
          if (allowBreaks && !spaces && w.column > BEST_WIDTH && chars[i + 1] !== " ") w.newline(indent);
          else w.putChar(c);
          spaces = true;
        } else {
          w.putChar(c);
          spaces = false;
        }
      }
      return;
    }
    case "single": {
      w.putChar("'");
      let spaces = false;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (c === " ") {
          if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== " ") {
            w.newline(indent);
          } else w.putChar(c);
          spaces = true;
        } else {
          if (c === "'") w.putChar("'");
          w.putChar(c);
          spaces = false;
        }
      }
      w.putChar("'");
      return;
    }
    case "double": {
      w.putChar('"');
      let spaces = false;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        const cp = c.codePointAt(0)!;
        if (!isPrintable(c) || cp === 0xfeff || isBreakChar(c) || c === '"' || c === "\\") {
          const esc = DQ_ESCAPES[cp];
          if (esc !== undefined) w.put("\\" + esc);
          else if (cp <= 0xff) w.put("\\x" + cp.toString(16).toUpperCase().padStart(2, "0"));
          else if (cp <= 0xffff) w.put("\\u" + cp.toString(16).toUpperCase().padStart(4, "0"));
          else w.put("\\U" + cp.toString(16).toUpperCase().padStart(8, "0"));
          spaces = false;
        } else if (c === " ") {
          if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
            w.newline(indent);
            if (chars[i + 1] === " ") w.putChar("\\");
          } else w.putChar(c);
          spaces = true;
        } else {
          w.putChar(c);
          spaces = false;
        }
      }
      w.putChar('"');
      return;
    }
    case "literal": {
      w.putChar("|");
      if (chars[0] === " " || isBreakChar(chars[0]!)) w.putChar("2");
      const last = chars[chars.length - 1]!;
      if (!isBreakChar(last)) w.putChar("-");
      else if (chars.length === 1 || isBreakChar(chars[chars.length - 2]!)) w.putChar("+");
      w.breakOnly();
      let breaks = true;
      for (const c of chars) {
        if (isBreakChar(c)) {
          w.breakOnly();
          breaks = true;
        } else {
          if (breaks) {
            w.put(" ".repeat(indent));
            breaks = false;
          }
          w.putChar(c);
        }
      }
      return;
    }
  }
}

function scalarText(v: Json): string | undefined {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    const f = formatGoFloat(v, 64);
    return f === "+Inf" ? ".inf" : f === "-Inf" ? "-.inf" : f === "NaN" ? ".nan" : f;
  }
  return undefined;
}

function isEmptyCollection(v: Json): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? "[]" : undefined;
  if (v !== null && typeof v === "object") return Object.keys(v).length === 0 ? "{}" : undefined;
  return undefined;
}

/**
 * Writes a value. `indent` is the column of the mapping keys / sequence dashes of this node;
 * `inline` means the first line continues the current line (after "- ").
 */
function writeNode(w: Writer, v: Json, indent: number, inline: boolean, first: boolean): void {
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (!(i === 0 && (inline || first))) w.newline(indent);
      w.put("-");
      writeValueAfterIndicator(w, item, indent + 2, true);
    });
    return;
  }
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort(naturalCompare);
    keys.forEach((k, i) => {
      if (!(i === 0 && (inline || first))) w.newline(indent);
      writeScalar(w, k, indent + 2, true);
      w.put(":");
      const value = v[k]!;
      if (Array.isArray(value) && value.length > 0) {
        writeNode(w, value, indent, false, false);
      } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
        writeNode(w, value, indent + 2, false, false);
      } else {
        writeValueAfterIndicator(w, value, indent + 2, false);
      }
    });
    return;
  }
  writeValueAfterIndicator(w, v, indent + 2, false);
}

/** After "-" or ":": a scalar, an empty collection, or (after "-") a nested block node. */
function writeValueAfterIndicator(w: Writer, v: Json, scalarIndent: number, afterDash: boolean): void {
  const empty = isEmptyCollection(v);
  if (empty !== undefined) {
    w.put(" " + empty);
    return;
  }
  if (Array.isArray(v) || (v !== null && typeof v === "object")) {
    // Only reached after "-": nested collection starts on the dash line.
    w.put(" ");
    writeNode(w, v, scalarIndent, true, false);
    return;
  }
  w.put(" ");
  const text = scalarText(v);
  if (text !== undefined) w.put(text);
  else writeScalar(w, v as string, scalarIndent, false);
  void afterDash;
}

/** Serialises JSON-like data as YAML the way sigs.k8s.io/yaml.JSONToYAML does. */
export function toGoYaml(v: Json): string {
  const w = new Writer();
  const empty = isEmptyCollection(v);
  if (empty !== undefined) return empty + "\n";
  if (Array.isArray(v) || (v !== null && typeof v === "object")) {
    writeNode(w, v, 0, false, true);
  } else {
    const text = scalarText(v);
    if (text !== undefined) w.put(text);
    else writeScalar(w, v as string, 0, false);
  }
  const out = w.text();
  return out.endsWith("\n") ? out : out + "\n";
}
