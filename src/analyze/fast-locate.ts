/**
 * A fast path for locate() (src/sources/source.ts) on the plain block-style YAML manifests are written in:
 * it finds the offset of a field path by reading lines and indentation instead of re-parsing the document.
 * It answers only when the text on its way is simple (plain `key:` lines, `- ` entries, comments, blank
 * lines; nested content it does not enter is skipped by indentation) and returns undefined otherwise
 * (quotes, flow collections, anchors, tags, tabs, `kind: List` items, JSON), so the caller falls back to
 * locate(). Its answers equal locate()'s, which a test checks on every scalar path of the fixtures.
 */
import type { Origin } from "../sources/source.js";

type Path = readonly (string | number)[];

/** Thrown inside the walk when the text is not simple enough; fastLocate() then answers undefined. */
const BAIL = new Error("fast-locate: not simple enough");

/** A plain key this reader trusts: letters, digits and `_ . / -`, not starting with `-`. */
const KEY_LINE = /([A-Za-z0-9_][A-Za-z0-9_./-]*):(?=[ \r\n]|$)/y;

interface Line {
  /** Offset of the first non-space character (or of the line end). */
  at: number;
  indent: number;
  /** Blank or comment-only. */
  empty: boolean;
}

class Lines {
  constructor(
    readonly text: string,
    readonly end: number,
  ) {}

  /** The line starting at `start`, or undefined at the end of the document. Throws BAIL on a tab in the indentation. */
  line(start: number): Line | undefined {
    if (start >= this.end) return undefined;
    let i = start;
    while (i < this.end && this.text.charCodeAt(i) === 32) i++;
    const c = this.text[i];
    if (c === "\t") throw BAIL;
    const empty = i >= this.end || c === "\n" || c === "\r" || c === "#";
    return { at: i, indent: i - start, empty };
  }

  next(start: number): number {
    const nl = this.text.indexOf("\n", start);
    return nl === -1 || nl >= this.end ? this.end : nl + 1;
  }

  /** The rest of the line after `from` is blank or a comment. */
  restEmpty(from: number): boolean {
    let i = from;
    while (i < this.end && this.text.charCodeAt(i) === 32) i++;
    const c = this.text[i];
    return i >= this.end || c === "\n" || c === "\r" || c === "#";
  }

  /** Start of the first non-empty line at or after `start` (undefined at the end). */
  content(start: number): { start: number; line: Line } | undefined {
    for (let s = start; s < this.end; s = this.next(s)) {
      const line = this.line(s)!;
      if (!line.empty) return { start: s, line };
    }
    return undefined;
  }
}

/** A block node being walked: a mapping whose keys sit at `indent`, or a sequence whose `-` do. */
interface Node {
  kind: "map" | "seq";
  indent: number;
  /** Where its first entry starts (an offset inside a line, for a mapping that is a sequence item). */
  first: number;
  /** Start of the line after the first entry's line. */
  after: number;
}

/** Throws unless a plain node (a plain scalar or a `key:` mapping) starts at `at`. */
function plainAt(lines: Lines, at: number): number {
  const c = lines.text[at]!;
  if ("&!*{[\"'?|>%@`#".includes(c) || isDash(lines, at)) throw BAIL;
  return at;
}

/** The node starting at `at` (on a line that has text there): a block mapping, or a scalar ("scalar"). */
function inlineNode(lines: Lines, at: number): Node | "scalar" {
  plainAt(lines, at);
  KEY_LINE.lastIndex = at;
  if (KEY_LINE.test(lines.text)) {
    const lineStart = lines.text.lastIndexOf("\n", at - 1) + 1;
    return { kind: "map", indent: at - lineStart, first: at, after: lines.next(at) };
  }
  // Anything else with a `: ` or a trailing `:` may be a mapping this reader does not parse.
  const eol = lines.next(at);
  if (/:(?:[ \r\n]|$)/.test(lines.text.slice(at, eol))) throw BAIL;
  return "scalar";
}

/** The value of a `key:` at `indent` with nothing after it on its line, found on the lines from `afterLine`. */
function blockValue(lines: Lines, afterLine: number, indent: number): Node | undefined {
  const c = lines.content(afterLine);
  if (!c) return undefined;
  const { line } = c;
  const dash = isDash(lines, line.at);
  if (line.indent > indent) {
    if (dash) return { kind: "seq", indent: line.indent, first: line.at, after: lines.next(c.start) };
    const n = inlineNode(lines, line.at);
    if (n === "scalar") throw BAIL; // a scalar on its own line (multi-line plain scalars): not handled
    return n;
  }
  if (line.indent === indent && dash) return { kind: "seq", indent, first: line.at, after: lines.next(c.start) };
  return undefined; // empty value (null)
}

function isDash(lines: Lines, at: number): boolean {
  const n = lines.text[at + 1];
  return lines.text[at] === "-" && (n === " " || n === "\n" || n === "\r" || at + 1 >= lines.end);
}

/** The entries of `node`: each entry's offset (its key, or its `-`) and the start of the line after it. */
function* entries(lines: Lines, node: Node): Generator<{ at: number; after: number }> {
  yield { at: node.first, after: node.after };
  for (let s = node.after; s < lines.end; s = lines.next(s)) {
    const line = lines.line(s)!;
    if (line.empty || line.indent > node.indent) continue;
    if (line.indent < node.indent) return;
    const dash = isDash(lines, line.at);
    if (node.kind === "seq") {
      if (!dash) return; // a compact sequence ends at its parent's next key
      yield { at: line.at, after: lines.next(s) };
    } else {
      if (dash) continue; // a compact sequence: the previous key's value
      yield { at: line.at, after: lines.next(s) };
    }
  }
}

/** The offset locate() would give for `path`, or undefined when the text is not simple enough to be sure. */
export function fastLocate(origin: Origin, path: Path): number | undefined {
  if (origin.type !== "file" || !origin.chunk || origin.itemPath || origin.file.format !== "yaml") return undefined;
  const lines = new Lines(origin.file.text, origin.chunk.end);
  try {
    // The chunk may start inside a `---` line: the rest of that line must then be empty.
    const start = origin.chunk.start;
    if (!isLineStart(lines.text, start) && !lines.restEmpty(start)) return undefined;
    const root = lines.content(isLineStart(lines.text, start) ? start : lines.next(start));
    if (!root || root.line.indent !== 0) return undefined;
    let node: Node | "scalar" | undefined = inlineNode(lines, root.line.at);
    if (node === "scalar") return undefined;
    let best = node.first;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      if (node === undefined || node === "scalar") break;
      let found: { at: number; after: number } | undefined;
      if (node.kind === "map" && typeof seg === "string") {
        for (const e of entries(lines, node)) {
          KEY_LINE.lastIndex = e.at;
          const m = KEY_LINE.exec(lines.text);
          if (!m) throw BAIL;
          if (m[1] === seg) {
            found = e;
            break;
          }
        }
        if (!found) break;
        best = found.at;
        if (last) break;
        const valueAt = found.at + seg.length + 1;
        node = lines.restEmpty(valueAt) ? blockValue(lines, found.after, node.indent) : inlineNode(lines, skipSpaces(lines.text, valueAt));
      } else if (node.kind === "seq" && typeof seg === "number") {
        let k = 0;
        for (const e of entries(lines, node)) {
          if (k++ === seg) {
            found = e;
            break;
          }
        }
        if (!found) break;
        if (lines.restEmpty(found.at + 1)) throw BAIL; // `-` alone on its line
        best = plainAt(lines, skipSpaces(lines.text, found.at + 1));
        if (last) break;
        node = inlineNode(lines, best);
      } else break;
    }
    return best;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

function isLineStart(text: string, i: number): boolean {
  return i === 0 || text[i - 1] === "\n";
}

function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === 32) i++;
  return i;
}
