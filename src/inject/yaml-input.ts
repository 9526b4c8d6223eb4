/**
 * Reading kube-inject input the way istioctl does: a line-based document splitter (inject.md 2.1)
 * and a YAML 1.1 loader with go-yaml v2's scalar resolution (inject.md 14.1). Documents go through
 * the fast event loader; whatever it declines (errors included) goes to the reference loader.
 */
import { loadFromEvents, loadStreamFromEvents } from "./yaml-events.js";
import { loadReference } from "./yaml-reference.js";
import { YamlInputError, YFloat, type YValue } from "./yaml-scalars.js";

export { resolvePlain, YamlInputError, YFloat, type YMap, type YValue } from "./yaml-scalars.js";

export interface RawDocument {
  /** The document's text, each line terminated by "\n". */
  text: string;
  /** 1-based line number of the document's first line in the input. */
  line: number;
  /** Offsets of the document's lines in the input: [start, end). */
  start: number;
  end: number;
}

/** Splits a stream into documents exactly like Istio's line reader (inject.md 2.1). */
export function splitDocuments(input: string): RawDocument[] {
  const docs: RawDocument[] = [];
  if (input === "") return docs;
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let current: string[] = [];
  let start = 1;
  let startOffset = 0;
  let offset = 0;
  const flush = (): void => {
    if (current.length > 0) docs.push({ text: current.join(""), line: start, start: startOffset, end: Math.min(offset, input.length) });
  };
  lines.forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.startsWith("---")) {
      const rest = line.slice(3).trim();
      if (rest !== "" && !rest.startsWith("#")) {
        throw new YamlInputError(`invalid Yaml document separator: ${line.slice(3)}`);
      }
      flush();
      current = [];
      start = index + 2;
      offset += raw.length + 1;
      startOffset = offset;
      return;
    }
    current.push(line + "\n");
    offset += raw.length + 1;
  });
  flush();
  return docs;
}

/** Parses one document's text with YAML 1.1 / go-yaml v2 semantics. */
export function parseYamlDocument(text: string): YValue {
  const fast = loadFromEvents(text);
  return fast !== undefined ? fast : loadReference(text);
}

/**
 * Loads the documents of a stream split by splitDocuments: one parser pass over the whole input
 * when it lines up with the documents, else (and for what that pass declines) document by document.
 * Returns the loader of document `index`; it throws YamlInputError for invalid YAML.
 */
export function loadDocuments(input: string, docs: readonly RawDocument[]): (index: number) => YValue {
  const preloaded = loadStreamFromEvents(input, docs);
  return (index) => {
    const value = preloaded?.[index];
    return value !== undefined ? value : parseYamlDocument(docs[index]!.text);
  };
}

/** Converts a loaded value to plain JSON-like data (floats become numbers), as Go's YAML→JSON does. */
export function toPlain(v: YValue): unknown {
  if (v instanceof YFloat) return v.value;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}
