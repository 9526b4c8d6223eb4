/**
 * The fast YAML loader: js-yaml's offset-carrying event stream turned straight into values with the
 * same semantics as the reference loader (yaml-reference.ts). It handles what manifests are made of
 * (block and flow collections, every scalar style, anchors and aliases, `<<` merges, `!` and `!!str`
 * tags) and declines everything else by returning undefined; errors are declined too, so that the
 * reference loader words them.
 */
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from "js-yaml";
import { keyToString, MAX_DEPTH, mergeInto, resolvePlain, setKey, YamlInputError, type YMap, type YValue } from "./yaml-scalars.js";

/** Tabs and carriage returns: the loaders disagree on where they may stand and what they mean. */
const AWKWARD_CHARS = /[\t\r]/;

/** In a block scalar's text: a line of only spaces. */
const BLOCK_HAZARD = /(?:^|\n) +(?:\n|$)/;

/** Thrown inside the loader when the document needs the reference loader. */
class Declined extends Error {}

class EventLoader {
  private i = 0;
  /** Anchor name → index of the last event carrying it so far in document order. */
  private readonly anchors = new Map<string, number>();

  constructor(
    private readonly src: string,
    private readonly events: Event[],
  ) {}

  /** The value of the document (events: DOCUMENT, one node, POP), or undefined if empty. */
  document(): YValue {
    const doc = this.events[0];
    if (doc?.type !== EVENT_ID.DOCUMENT || doc.directives.length > 0) throw new Declined();
    this.i = 1;
    const value = this.events[1]?.type === EVENT_ID.POP ? null : this.node(0);
    if (this.events[this.i]?.type !== EVENT_ID.POP || this.i + 1 !== this.events.length) throw new Declined();
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
        return this.mapping(depth);
    }
    throw new Declined();
  }

  private mapping(depth: number): YMap {
    const out: YMap = {};
    // Keys written explicitly; only needed once a `<<` appears (until then, every key is explicit).
    let explicit: Set<string> | undefined;
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      const k = this.events[this.i]!;
      if (k.type === EVENT_ID.SCALAR && k.style === SCALAR_STYLE.PLAIN && getScalarValue(this.src, k) === "<<") {
        this.anchor(k, this.i++);
        explicit ??= new Set(Object.keys(out));
        mergeInto(out, this.node(depth + 1), explicit);
        continue;
      }
      // An empty (null) key: the loaders disagree on what may follow it.
      if (k.type === EVENT_ID.SCALAR && k.valueStart < 0 && k.tagStart < 0) throw new Declined();
      const key = keyToString(this.node(depth + 1));
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
    return new EventLoader(text, events).document();
  } catch {
    return undefined;
  }
}
