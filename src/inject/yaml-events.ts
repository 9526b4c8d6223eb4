/**
 * The fast YAML loader: js-yaml's offset-carrying event stream turned straight into values with the
 * same semantics as the reference loader (yaml-reference.ts). It handles what manifests are made of
 * (block and flow collections, every scalar style, anchors and aliases, `<<` merges, `!` and `!!str`
 * tags) and declines everything else by returning undefined; errors are declined too, so that the
 * reference loader words them.
 */
import { COLLECTION_STYLE, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from "js-yaml";
import { keyToString, MAX_DEPTH, mergeInto, resolvePlain, setKey, YamlInputError, type YMap, type YValue } from "./yaml-scalars.js";

/**
 * Tabs, carriage returns and `...` document end markers: the loaders disagree on where they may
 * stand and what they mean.
 */
const AWKWARD_CHARS = /[\t\r]|^\.\.\.(?:[ \n]|$)/m;

/** In a block scalar's text: a line of only spaces. */
const BLOCK_HAZARD = /(?:^|\n) +(?:\n|$)/;

/** What may precede the first key of a block mapping on its line: indentation and `- ` / `? ` indicators. */
const COMPACT_PREFIX = /^ *(?:[-?] +)+$/;

/** Thrown inside the loader when the document needs the reference loader. */
class Declined extends Error {}

class EventLoader {
  private i = 0;
  /** Anchor name → index of the last event carrying it so far in document order. */
  private readonly anchors = new Map<string, number>();
  /** Index just past the last document read. */
  end = 0;

  constructor(
    private readonly src: string,
    private readonly events: Event[],
  ) {}

  /**
   * The value of the document whose DOCUMENT event is at `from` (then one node, or none when empty,
   * and a POP); `end` is set to the index after it.
   */
  document(from: number): YValue {
    const doc = this.events[from];
    if (doc?.type !== EVENT_ID.DOCUMENT || doc.directives.length > 0) throw new Declined();
    this.i = from + 1;
    const value = this.events[this.i]?.type === EVENT_ID.POP ? null : this.node(0);
    if (this.events[this.i]?.type !== EVENT_ID.POP) throw new Declined();
    this.end = this.i + 1;
    return value;
  }

  private anchor(ev: Event & { anchorStart: number; anchorEnd: number; tagStart: number }, at: number): void {
    if (ev.tagStart >= 0 && ev.type !== EVENT_ID.SCALAR) throw new Declined();
    if (ev.anchorStart < 0) return;
    const name = this.src.slice(ev.anchorStart, ev.anchorEnd);
    // Expanding an alias revisits earlier events: they must not shadow later anchors.
    const known = this.anchors.get(name);
    if (known === undefined || known < at) this.anchors.set(name, at);
  }

  private scalar(ev: ScalarEvent): YValue {
    if (ev.style >= SCALAR_STYLE.LITERAL_BLOCK && !this.plainBlock(ev)) throw new Declined();
    const text = getScalarValue(this.src, ev);
    if (ev.tagStart >= 0) {
      const tag = this.src.slice(ev.tagStart, ev.tagEnd);
      if (tag === "!" || tag === "!!str") return text;
      throw new Declined();
    }
    return ev.style === SCALAR_STYLE.PLAIN ? resolvePlain(text) : text;
  }

  /**
   * A block scalar both loaders read alike: no indentation indicator, no lines of only spaces
   * (the loaders disagree on those at the edges of such scalars).
   */
  private plainBlock(ev: ScalarEvent): boolean {
    if (ev.valueStart < 0) return false;
    const header = this.src.slice(this.src.lastIndexOf("\n", ev.valueStart - 2) + 1, ev.valueStart);
    return !/[|>][^#\n]*[0-9]/.test(header) && !BLOCK_HAZARD.test(this.src.slice(ev.valueStart, ev.valueEnd));
  }

  private node(depth: number): YValue {
    if (depth > MAX_DEPTH) throw new YamlInputError("YAML nesting too deep");
    const at = this.i++;
    const ev = this.events[at];
    switch (ev?.type) {
      case EVENT_ID.SCALAR:
        this.anchor(ev, at);
        return this.scalar(ev);
      case EVENT_ID.ALIAS: {
        const target = this.anchors.get(this.src.slice(ev.anchorStart, ev.anchorEnd));
        if (target === undefined) throw new Declined();
        const resume = this.i;
        this.i = target;
        const value = this.node(depth + 1);
        this.i = resume;
        return value;
      }
      case EVENT_ID.SEQUENCE: {
        this.anchor(ev, at);
        const out: YValue[] = [];
        while (this.events[this.i]?.type !== EVENT_ID.POP) out.push(this.node(depth + 1));
        this.i++;
        return out;
      }
      case EVENT_ID.MAPPING:
        this.anchor(ev, at);
        return this.mapping(depth, ev.style === COLLECTION_STYLE.BLOCK);
    }
    throw new Declined();
  }

  /**
   * A block collection may not start on its key's line (`a: b: c`, `a: - b`); js-yaml lets some of
   * these through (after an anchor or tag), the reference loader never does.
   */
  private checkValuePlacement(key: Event): void {
    const v = this.events[this.i];
    if ((v?.type !== EVENT_ID.MAPPING && v?.type !== EVENT_ID.SEQUENCE) || v.style !== COLLECTION_STYLE.BLOCK) return;
    const keyStart = key.type === EVENT_ID.SCALAR ? key.valueStart : key.type === EVENT_ID.ALIAS ? key.anchorStart : key.type === EVENT_ID.POP || key.type === EVENT_ID.DOCUMENT ? -1 : key.start;
    if (keyStart < 0 || !this.src.slice(keyStart, v.start).includes("\n")) throw new Declined();
  }

  /**
   * In a block mapping each key starts its line (the first may follow `- ` or `? `). js-yaml reads
   * some text after a quoted scalar or flow collection on an entry's line (`- "x" k: v`) as a key
   * of the enclosing mapping, which the reference loader rejects.
   */
  private checkKeyPlacement(key: Event, first: boolean): void {
    if (key.type === EVENT_ID.POP || key.type === EVENT_ID.DOCUMENT) return;
    const own = key.type === EVENT_ID.SCALAR ? key.valueStart - (key.style === SCALAR_STYLE.PLAIN ? 0 : 1) : key.type === EVENT_ID.ALIAS ? key.anchorStart - 1 : key.start;
    let start = own;
    if (key.type !== EVENT_ID.ALIAS) for (const x of [key.anchorStart - 1, key.tagStart]) if (x >= 0 && x < start) start = x;
    let j = start - 1;
    while (j >= 0 && this.src.charCodeAt(j) === 0x20) j--;
    if (j < 0 || this.src.charCodeAt(j) === 0x0a) return;
    const lineStart = this.src.lastIndexOf("\n", j) + 1;
    if (!first || !COMPACT_PREFIX.test(this.src.slice(lineStart, start))) throw new Declined();
  }

  private mapping(depth: number, block: boolean): YMap {
    const out: YMap = {};
    // Keys written explicitly; only needed once a `<<` appears (until then, every key is explicit).
    let explicit: Set<string> | undefined;
    for (let first = true; this.events[this.i]?.type !== EVENT_ID.POP; first = false) {
      const k = this.events[this.i]!;
      if (block) this.checkKeyPlacement(k, first);
      if (k.type === EVENT_ID.SCALAR && k.style === SCALAR_STYLE.PLAIN && getScalarValue(this.src, k) === "<<") {
        this.anchor(k, this.i++);
        this.checkValuePlacement(k);
        explicit ??= new Set(Object.keys(out));
        mergeInto(out, this.node(depth + 1), explicit);
        continue;
      }
      // An empty (null) key: the loaders disagree on what may follow it.
      if (k.type === EVENT_ID.SCALAR && k.valueStart < 0 && k.tagStart < 0) throw new Declined();
      const key = keyToString(this.node(depth + 1));
      this.checkValuePlacement(k);
      explicit?.add(key);
      setKey(out, key, this.node(depth + 1));
    }
    this.i++;
    return out;
  }
}

/** The document's value, or undefined when the reference loader must decide (including errors). */
export function loadFromEvents(text: string): YValue | undefined {
  if (AWKWARD_CHARS.test(text)) return undefined;
  try {
    const events = parseEvents(text, { maxDepth: MAX_DEPTH });
    if (events.length === 0) return null;
    const loader = new EventLoader(text, events);
    const value = loader.document(0);
    return loader.end === events.length ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A document's place in a stream: [start, end) offsets of its text. */
export interface Span {
  start: number;
  end: number;
}

/** Where a document's root node starts (its anchor or tag included), or -1 for an empty document. */
function rootOffset(ev: Event | undefined): number {
  if (!ev || ev.type === EVENT_ID.POP || ev.type === EVENT_ID.DOCUMENT) return -1;
  if (ev.type === EVENT_ID.ALIAS) return ev.anchorStart;
  const own = ev.type === EVENT_ID.SCALAR ? ev.valueStart : ev.start;
  const starts = [own, ev.anchorStart, ev.tagStart].filter((x) => x >= 0);
  return starts.length > 0 ? Math.min(...starts) : -1;
}

/** Between two documents' spans: only `---` lines that YAML reads as document markers too. */
const MARKER_LINES = /^(?:---(?: [^\n]*)?\n)*(?:---(?: [^\n]*)?)?$/;
/** A document of blank lines and comments only (an empty YAML document). */
const BLANK_DOCUMENT = /^(?:[ ]*(?:#[^\n]*)?\n)*[ ]*(?:#[^\n]*)?$/;

/**
 * Loads the documents of a stream, already split into `spans` of `input`, in one pass of the parser
 * over the whole input (much cheaper than a pass per document). Returns one value per span, or
 * undefined for a span the per-document path must decide; undefined for all when the parser's view
 * of the stream does not line up with the spans exactly.
 */
export function loadStreamFromEvents(input: string, spans: readonly Span[]): (YValue | undefined)[] | undefined {
  // Each document's text is its lines, each ending in "\n" (splitDocuments adds a missing last one).
  if (!input.endsWith("\n") || AWKWARD_CHARS.test(input) || input.includes("\ufeff")) return undefined;
  let prevEnd = 0;
  for (const s of spans) {
    if (!MARKER_LINES.test(input.slice(prevEnd, s.start))) return undefined;
    prevEnd = s.end;
  }
  if (!MARKER_LINES.test(input.slice(prevEnd))) return undefined;
  let events: Event[];
  try {
    events = parseEvents(input, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  const out: (YValue | undefined)[] = new Array(spans.length).fill(undefined);
  const found: boolean[] = new Array(spans.length).fill(false);
  let k = 0;
  for (let i = 0; i < events.length; ) {
    const loader = new EventLoader(input, events);
    const at = rootOffset(events[i + 1]);
    let value: YValue | undefined;
    try {
      value = loader.document(i);
    } catch {
      value = undefined;
      if (!skipDocument(events, i, loader)) return undefined;
    }
    i = loader.end;
    if (at < 0) {
      if (value !== null) return undefined;
      continue;
    }
    while (k < spans.length && spans[k]!.end <= at) k++;
    if (k >= spans.length || at < spans[k]!.start || found[k]) return undefined;
    found[k] = true;
    out[k] = value;
  }
  for (let j = 0; j < spans.length; j++) {
    if (!found[j] && !BLANK_DOCUMENT.test(input.slice(spans[j]!.start, spans[j]!.end))) return undefined;
    if (!found[j]) out[j] = null;
  }
  return out;
}

/** After a declined document: moves `loader.end` past it (false if the events are not well formed). */
function skipDocument(events: Event[], from: number, loader: EventLoader): boolean {
  let depth = 0;
  for (let j = from; j < events.length; j++) {
    const t = events[j]!.type;
    if (t === EVENT_ID.DOCUMENT || t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
    else if (t === EVENT_ID.POP && --depth === 0) {
      loader.end = j + 1;
      return true;
    }
  }
  return false;
}
