/**
 * JSON data → YAML text exactly as sigs.k8s.io/yaml (go-yaml v2's emitter) writes it
 * (inject.md 14.3): natural key order, block style, unindented sequences in mappings, scalar style
 * selection, folding at column 80 and literal blocks.
 */
import { formatGoFloat } from "./go-format.js";
import type { Json } from "./k8s-codec.js";
import { codePoints, isBreakChar, isPrintable, PRINTABLE_ASCII, selectStyle, type Style } from "./yaml-scalar-style.js";

const BEST_WIDTH = 80;

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);

/** The character classes naturalLess needs, for one UTF-16 code unit of ASCII. */
const asciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const asciiDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** naturalLess for two ASCII strings, on char codes (same algorithm, no allocation). */
function naturalLessAscii(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const al = asciiLetter(x);
    const bl = asciiLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (x === 0x30 || y === 0x30) {
      for (let j = i - 1; j >= 0 && asciiDigit(a.charCodeAt(j)); j--) {
        if (a.charCodeAt(j) !== 0x30) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < a.length && asciiDigit(a.charCodeAt(ai)); ai++) an = an * 10 + (a.charCodeAt(ai) - 48);
    let bi = i;
    for (; bi < b.length && asciiDigit(b.charCodeAt(bi)); bi++) bn = bn * 10 + (b.charCodeAt(bi) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return a.length < b.length;
}

const ASCII = /^[\x00-\x7f]*$/;

/** go-yaml v2's keyList.Less for string keys. */
export function naturalLess(a: string, b: string): boolean {
  if (ASCII.test(a) && ASCII.test(b)) return naturalLessAscii(a, b);
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

function naturalCompareAscii(a: string, b: string): number {
  if (a === b) return 0;
  return naturalLessAscii(a, b) ? -1 : 1;
}

export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  return naturalLess(a, b) ? -1 : 1;
}

const DQ_ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
  0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

const SPACES: string[] = [];
const indentation = (n: number): string => (SPACES[n] ??= " ".repeat(n));

/**
 * What one emitter learns about strings, reused across the documents it writes: the style of each
 * value string and the written form of each key (keys never fold, so their text is fixed).
 */
interface ScalarMemo {
  styles: Map<string, Style>;
  keys: Map<string, { text: string; width: number }>;
}

/** The output text and go-yaml's cursor state: column, and whether the line has nothing yet. */
class Writer {
  out = "";
  column = 0;
  private atLineStart = true;

  constructor(readonly memo: ScalarMemo) {}

  put(s: string): void {
    this.out += s;
    this.column += s.length;
    if (s.length > 0) this.atLineStart = false;
  }
  /** Text of one line whose width in characters is known. */
  putWide(s: string, width: number): void {
    this.out += s;
    this.column += width;
    if (s.length > 0) this.atLineStart = false;
  }
  /** One character (code point): the column counts characters, as go-yaml's does. */
  putChar(c: string): void {
    this.out += c;
    this.column += 1;
    this.atLineStart = false;
  }
  newline(indent: number): void {
    this.out += (this.atLineStart ? "" : "\n") + indentation(indent);
    this.column = indent;
    this.atLineStart = false;
  }
  breakOnly(): void {
    this.out += "\n";
    this.column = 0;
    this.atLineStart = true;
  }
}

/**
 * Whether writing `s` whole (its quoted/escaped form `written`, starting at the cursor) can skip
 * go-yaml's folding: it folds only at a space that stands beyond column 80.
 */
function fitsWithoutFolding(w: Writer, s: string, written: string, allowBreaks: boolean): boolean {
  return !allowBreaks || !s.includes(" ") || w.column + written.length <= BEST_WIDTH;
}

function writeDoubleEscape(w: Writer, c: string): void {
  const cp = c.codePointAt(0)!;
  const esc = DQ_ESCAPES[cp];
  if (esc !== undefined) w.put("\\" + esc);
  else if (cp <= 0xff) w.put("\\x" + cp.toString(16).toUpperCase().padStart(2, "0"));
  else if (cp <= 0xffff) w.put("\\u" + cp.toString(16).toUpperCase().padStart(4, "0"));
  else w.put("\\U" + cp.toString(16).toUpperCase().padStart(8, "0"));
}

/** Character by character, folding long lines at spaces as go-yaml does. */
function writeFolded(w: Writer, style: "plain" | "single" | "double", s: string, indent: number, allowBreaks: boolean): void {
  const chars = codePoints(s);
  const quote = style === "single" ? "'" : style === "double" ? '"' : "";
  w.put(quote);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (style === "double" && (!isPrintable(c) || c === "\ufeff" || isBreakChar(c) || c === '"' || c === "\\")) {
      writeDoubleEscape(w, c);
      spaces = false;
    } else if (c === " ") {
      const inside = style === "plain" || (i > 0 && i < chars.length - 1);
      const fold = allowBreaks && !spaces && w.column > BEST_WIDTH && inside && (style === "double" || chars[i + 1] !== " ");
      if (fold) {
        w.newline(indent);
        if (style === "double" && chars[i + 1] === " ") w.put("\\");
      } else w.putChar(c);
      spaces = true;
    } else {
      if (style === "single" && c === "'") w.putChar("'");
      w.putChar(c);
      spaces = false;
    }
  }
  w.put(quote);
}

function writeLiteral(w: Writer, s: string, indent: number): void {
  const chars = codePoints(s);
  w.put("|");
  if (chars[0] === " " || isBreakChar(chars[0]!)) w.putChar("2");
  const last = chars[chars.length - 1]!;
  if (!isBreakChar(last)) w.putChar("-");
  else if (chars.length === 1 || isBreakChar(chars[chars.length - 2]!)) w.putChar("+");
  w.breakOnly();
  let breaks = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (isBreakChar(c)) {
      w.breakOnly();
      breaks = true;
    } else {
      if (breaks) {
        w.put(indentation(indent));
        breaks = false;
      }
      w.putChar(c);
    }
  }
}

function writeScalar(w: Writer, s: string, indent: number, simpleKey: boolean, style: Style): void {
  const allowBreaks = !simpleKey;
  if (style === "literal") return writeLiteral(w, s, indent);
  if (PRINTABLE_ASCII.test(s)) {
    // One line of printable ASCII: written whole unless it may need folding.
    const written = style === "plain" ? s : style === "single" ? `'${s.replaceAll("'", "''")}'` : `"${s.replace(/["\\]/g, "\\$&")}"`;
    if (fitsWithoutFolding(w, s, written, allowBreaks)) return w.put(written);
  }
  writeFolded(w, style, s, indent, allowBreaks);
}

function writeValueScalar(w: Writer, s: string, indent: number): void {
  let style = w.memo.styles.get(s);
  if (style === undefined) {
    style = selectStyle(s, false);
    w.memo.styles.set(s, style);
  }
  writeScalar(w, s, indent, false, style);
}

function writeKey(w: Writer, k: string): void {
  let key = w.memo.keys.get(k);
  if (key === undefined) {
    const kw = new Writer(w.memo);
    writeScalar(kw, k, 0, true, selectStyle(k, true));
    key = { text: kw.out, width: kw.column };
    w.memo.keys.set(k, key);
  }
  w.putWide(key.text, key.width);
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

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function isEmptyCollection(v: Json): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? "[]" : undefined;
  if (v !== null && typeof v === "object") return hasKeys(v) ? undefined : "{}";
  return undefined;
}

/** The keys of a mapping that are written, in go-yaml's order. */
function sortedKeys(v: { [key: string]: Json | undefined }): string[] {
  const keys: string[] = [];
  let ascii = true;
  for (const k of Object.keys(v)) {
    if (v[k] === undefined) continue;
    keys.push(k);
    if (ascii && !ASCII.test(k)) ascii = false;
  }
  return keys.sort(ascii ? naturalCompareAscii : naturalCompare);
}

/**
 * Writes a value. `indent` is the column of the mapping keys / sequence dashes of this node;
 * `inline` means the first line continues the current line (after "- ").
 */
function writeNode(w: Writer, v: Json, indent: number, inline: boolean, first: boolean): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!(i === 0 && (inline || first))) w.newline(indent);
      w.put("-");
      writeValueAfterIndicator(w, v[i]!, indent + 2);
    }
    return;
  }
  if (v !== null && typeof v === "object") {
    const keys = sortedKeys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!(i === 0 && (inline || first))) w.newline(indent);
      writeKey(w, k);
      w.put(":");
      const value = v[k]!;
      if (Array.isArray(value) && value.length > 0) {
        writeNode(w, value, indent, false, false);
      } else if (value !== null && typeof value === "object" && !Array.isArray(value) && hasKeys(value)) {
        writeNode(w, value, indent + 2, false, false);
      } else {
        writeValueAfterIndicator(w, value, indent + 2);
      }
    }
    return;
  }
  writeValueAfterIndicator(w, v, indent + 2);
}

/** After "-" or ":": a scalar, an empty collection, or (after "-") a nested block node. */
function writeValueAfterIndicator(w: Writer, v: Json, scalarIndent: number): void {
  if (typeof v === "string") {
    w.put(" ");
    return writeValueScalar(w, v, scalarIndent);
  }
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
  w.put(scalarText(v)!);
}

/** Serialises JSON-like data as YAML the way sigs.k8s.io/yaml.JSONToYAML does. */
export class YamlEmitter {
  private readonly memo: ScalarMemo = { styles: new Map(), keys: new Map() };

  emit(v: Json): string {
    const w = new Writer(this.memo);
    const empty = isEmptyCollection(v);
    if (empty !== undefined) return empty + "\n";
    if (Array.isArray(v) || (v !== null && typeof v === "object")) {
      writeNode(w, v, 0, false, true);
    } else {
      const text = scalarText(v);
      if (text !== undefined) w.put(text);
      else writeValueScalar(w, v as string, 0);
    }
    return w.out.endsWith("\n") ? w.out : w.out + "\n";
  }
}

/** One value as YAML (an emitter of its own; reuse a YamlEmitter for many documents). */
export function toGoYaml(v: Json): string {
  return new YamlEmitter().emit(v);
}
