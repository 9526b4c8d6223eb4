/**
 * YAML reading for bulk ingest: js-yaml (fast) on each document separately, with hard limits
 * (nesting depth, alias expansion), YAML 1.1 booleans as Kubernetes reads them, and lazy recovery of
 * exact field positions from js-yaml's offset-carrying event stream, only for documents with findings.
 */
import {
  CORE_SCHEMA,
  EVENT_ID,
  boolYaml11Tag,
  getScalarValue,
  load,
  loadAll,
  mergeTag,
  parseEvents,
  YAMLException,
  type Event,
} from "js-yaml";

/** Kubernetes reads YAML through go-yaml v2: YAML 1.1 booleans (yes/no/on/off/y/n) and merge keys. */
const KUBE_SCHEMA = CORE_SCHEMA.withTags(boolYaml11Tag, mergeTag);

export const YAML_LIMITS = {
  /** Deepest nesting of mappings/sequences accepted in one document. */
  maxDepth: 256,
  /** Most nodes one document may expand to through aliases (billion-laughs guard). */
  maxExpandedNodes: 1_000_000,
};

export interface Chunk {
  /** Offset of the first character of the document text (after a `---` line when there is one). */
  start: number;
  end: number;
}

interface RawChunk extends Chunk {
  /** Started by a `---` marker: a document even when empty (as YAML and js-yaml count them). */
  explicit: boolean;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Split a multi-document stream on `---` / `...` lines. In YAML a line starting with `---` or `...` followed
 * by a blank or the end of line is always a document marker (never content), so this is exact.
 * Content after `--- ` on the marker line itself stays with the document.
 */
export function splitYamlDocuments(text: string): Chunk[] {
  return splitRaw(text).filter((c) => !isBlank(text, c)).map(({ start, end }) => ({ start, end }));
}

function splitRaw(text: string): RawChunk[] {
  const chunks: RawChunk[] = [];
  let start = 0;
  let explicit = false;
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(text)) !== null) {
    chunks.push({ start, end: m.index, explicit });
    // `--- {inline}`: the rest of the marker line belongs to the next document.
    explicit = m[1] === "---";
    start = explicit ? m.index + 3 : lineEnd(text, m.index);
  }
  chunks.push({ start, end: text.length, explicit });
  return chunks;
}

export interface ParsedDocument {
  chunk: Chunk;
  result: ChunkResult;
}

/**
 * Parse every document of a stream. Fast path: one js-yaml loadAll over the whole text, paired with the
 * document chunks; any error (or a pairing that does not hold) falls back to parsing each document
 * alone, so one bad document does not hide the others. Empty documents are left out.
 */
export function parseYamlStream(text: string): ParsedDocument[] {
  const raw = splitRaw(text);
  const counted = raw.filter((c) => c.explicit || !isBlank(text, c));
  let values: unknown[] | undefined;
  try {
    values = loadAll(text, { maxDepth: YAML_LIMITS.maxDepth });
  } catch {
    values = undefined;
  }
  if (!values || values.length !== counted.length) {
    return splitYamlDocuments(text).map((chunk) => ({ chunk, result: parseYamlChunk(text, chunk) })).filter((d) => !(d.result.ok && d.result.value == null));
  }
  const out: ParsedDocument[] = [];
  for (let i = 0; i < counted.length; i++) {
    const c = counted[i]!;
    const chunk = { start: c.start, end: c.end };
    let value = values[i];
    if (value === null || value === undefined) continue;
    const needsSlowPath = hasYaml11Scalar(text, chunk) || hasAlias(text, chunk);
    out.push({ chunk, result: needsSlowPath ? parseYamlChunk(text, chunk) : { ok: true, value } });
  }
  return out;
}

/** Plain (unquoted) yes/no/on/off/y/n scalars: YAML 1.2 reads them as strings, Kubernetes as booleans. */
const YAML11_BOOL = /(?:^|[:\-,[{]\s*|\s)(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)[ \t]*(?:#.*)?(?:$|[,\]}])/m;

function hasYaml11Scalar(text: string, c: Chunk): boolean {
  return YAML11_BOOL.test(text.slice(c.start, c.end));
}

function hasAlias(text: string, c: Chunk): boolean {
  const i = text.indexOf("*", c.start);
  return i !== -1 && i < c.end;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl === -1 ? text.length : nl + 1;
}

function isBlank(text: string, c: Chunk): boolean {
  // A document of only comments, blank lines and directives is empty.
  return /^(?:\s|#[^\n]*|%[^\n]*)*$/.test(text.slice(c.start, c.end));
}

export type ChunkResult = { ok: true; value: unknown } | { ok: false; message: string; offset: number };

/** Parse one document. Never throws for bad input. */
export function parseYamlChunk(text: string, chunk: Chunk): ChunkResult {
  const body = text.slice(chunk.start, chunk.end);
  try {
    const value = load(body, { schema: KUBE_SCHEMA, maxDepth: YAML_LIMITS.maxDepth });
    if (hasAlias(text, chunk) && exceedsExpansion(value, YAML_LIMITS.maxExpandedNodes)) {
      return {
        ok: false,
        message: `aliases expand this document to more than ${YAML_LIMITS.maxExpandedNodes.toLocaleString("en-US")} nodes (an "alias bomb"); expand or remove the aliases`,
        offset: chunk.start + Math.max(0, body.indexOf("*")),
      };
    }
    return { ok: true, value };
  } catch (e) {
    if (e instanceof YAMLException) {
      const pos = e.mark ? e.mark.position : 0;
      return { ok: false, message: describeYamlError(e.reason), offset: chunk.start + pos };
    }
    if (e instanceof RangeError) return { ok: false, message: "document is nested too deeply to read", offset: chunk.start };
    throw e;
  }
}

function describeYamlError(reason: string): string {
  if (reason.startsWith("nesting exceeded maxDepth")) return `document is nested more than ${YAML_LIMITS.maxDepth} levels deep; meshc refuses such input`;
  if (reason.startsWith("duplicated mapping key")) return "duplicate key in a mapping; each key may appear once";
  if (reason.includes("tab characters")) return "tab character used for indentation; YAML indents with spaces only";
  return reason;
}

/** Counts nodes as aliases expand them, memoised per shared object, stopping at the limit. */
function exceedsExpansion(root: unknown, limit: number): boolean {
  const sizes = new Map<object, number>();
  const size = (v: unknown, depth: number): number => {
    if (v === null || typeof v !== "object") return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    let n = 1;
    const items = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const item of items) {
      n += size(item, depth + 1);
      if (n > limit) break;
    }
    sizes.set(v, n);
    return n;
  };
  return size(root, 0) > limit;
}

/**
 * Offset of the node at `path` in a document (the key for a mapping member, the item for a sequence
 * entry). When the path does not fully exist, the deepest existing ancestor. Re-reads only this document.
 */
export function locateInYaml(text: string, chunk: Chunk, path: readonly (string | number)[]): number {
  const body = text.slice(chunk.start, chunk.end);
  let events: Event[];
  try {
    events = parseEvents(body, { maxDepth: YAML_LIMITS.maxDepth });
  } catch {
    return chunk.start;
  }
  let i = 1; // skip DOCUMENT
  let best = nodeStart(events[i]);
  for (const seg of path) {
    const ev = events[i];
    if (!ev) break;
    if (ev.type === EVENT_ID.MAPPING && typeof seg === "string") {
      let j = i + 1;
      let found = -1;
      while (j < events.length && events[j]!.type !== EVENT_ID.POP) {
        const key = events[j]!;
        const valueIndex = skip(events, j);
        if (key.type === EVENT_ID.SCALAR && getScalarValue(body, key) === seg) {
          found = valueIndex;
          best = key.valueStart;
          break;
        }
        j = skip(events, valueIndex);
      }
      if (found < 0) break;
      i = found;
    } else if (ev.type === EVENT_ID.SEQUENCE && typeof seg === "number") {
      let j = i + 1;
      for (let k = 0; k < seg && j < events.length && events[j]!.type !== EVENT_ID.POP; k++) j = skip(events, j);
      if (j >= events.length || events[j]!.type === EVENT_ID.POP) break;
      i = j;
      const s = nodeStart(events[j]);
      if (s >= 0) best = s;
    } else break;
  }
  return chunk.start + Math.max(0, best);
}

function nodeStart(ev: Event | undefined): number {
  if (!ev) return 0;
  switch (ev.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return ev.start;
    case EVENT_ID.SCALAR:
      return ev.valueStart;
    case EVENT_ID.ALIAS:
      return ev.anchorStart;
    default:
      return 0;
  }
}

/** Index just past the node starting at `i`. */
function skip(events: Event[], i: number): number {
  const ev = events[i];
  if (!ev) return i;
  if (ev.type !== EVENT_ID.MAPPING && ev.type !== EVENT_ID.SEQUENCE) return i + 1;
  let depth = 0;
  for (let j = i; j < events.length; j++) {
    const t = events[j]!.type;
    if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
    else if (t === EVENT_ID.POP && --depth === 0) return j + 1;
  }
  return events.length;
}
