/**
 * go-yaml v2's choice of scalar style (inject.md 14.3): plain when the string reads back as itself,
 * else single-quoted, double-quoted or a literal block, following the emitter's analysis of the
 * characters. Strings are walked as code points; those without surrogate pairs are indexed directly.
 */
import { resolvePlain } from "./yaml-scalars.js";

export type Style = "plain" | "single" | "double" | "literal";

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
  const c = s.charCodeAt(0);
  // Timestamps and base-60 floats start with a digit or a sign.
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d)) return true;
  if (TIMESTAMP.some((r) => r.test(s))) return false;
  return !BASE60_FLOAT.test(s);
}

export const isBreakChar = (c: string): boolean => c === "\n" || c === "\r" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlankChar = (c: string | undefined): boolean => c === " " || c === "\t";

export function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

/** The string's code points, as something indexable: the string itself unless it has surrogate pairs. */
export function codePoints(s: string): ArrayLike<string> {
  return /[\ud800-\udfff]/.test(s) ? [...s] : s;
}

/** Printable ASCII only: no breaks, tabs or control characters. */
export const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** What go-yaml's analyzer finds in a single line of printable ASCII (the common case). */
const ASCII_BLOCK_INDICATOR = /^(?:---|\.\.\.|[#,[\]{}&*!|>'"%@`]|[?:-](?: |$))|: |:$| #/;

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyzeAscii(value: string): Analysis {
  const plain = !(value.startsWith(" ") || value.endsWith(" ") || ASCII_BLOCK_INDICATOR.test(value));
  return { multiline: false, blockPlainAllowed: plain, singleQuotedAllowed: true, blockAllowed: !value.endsWith(" ") };
}

function analyze(value: string): Analysis {
  if (value.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  if (PRINTABLE_ASCII.test(value)) return analyzeAscii(value);
  const chars = codePoints(value);
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

/** The style go-yaml writes a string in; `simpleKey` for mapping keys. */
export function selectStyle(s: string, simpleKey: boolean): Style {
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
