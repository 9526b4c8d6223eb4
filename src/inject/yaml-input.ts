/**
 * Reading kube-inject input the way istioctl does: a line-based document splitter (inject.md 2.1)
 * and a YAML 1.1 loader with go-yaml v2's scalar resolution (inject.md 14.1), producing plain values
 * in which floats are marked (YFloat) so that later string coercion can print them as Go does.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";

/** A YAML float (as opposed to an integer); Go prints these differently when a string is wanted. */
export class YFloat {
  constructor(readonly value: number) {}
}

export type YValue = null | boolean | number | string | YFloat | YValue[] | { [key: string]: YValue };
export type YMap = { [key: string]: YValue };

export class YamlInputError extends Error {}

export interface RawDocument {
  /** The document's text, each line terminated by "\n". */
  text: string;
  /** 1-based line number of the document's first line in the input. */
  line: number;
}

/** Splits a stream into documents exactly like Istio's line reader (inject.md 2.1). */
export function splitDocuments(input: string): RawDocument[] {
  const docs: RawDocument[] = [];
  if (input === "") return docs;
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let current: string[] = [];
  let start = 1;
  lines.forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.startsWith("---")) {
      const rest = line.slice(3).trim();
      if (rest !== "" && !rest.startsWith("#")) {
        throw new YamlInputError(`invalid Yaml document separator: ${line.slice(3)}`);
      }
      if (current.length > 0) docs.push({ text: current.join(""), line: start });
      current = [];
      start = index + 2;
      return;
    }
    current.push(line + "\n");
  });
  if (current.length > 0) docs.push({ text: current.join(""), line: start });
  return docs;
}

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSES = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) (sign, 0x / 0o / 0b prefixes, leading-zero octal). */
function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith("0")) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  if (n > 2 ** 64) return undefined;
  return m[1] === "-" ? -n : n;
}

/** go-yaml v2 resolution of an untagged plain scalar. */
export function resolvePlain(s: string): YValue {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  switch (s) {
    case ".inf": case ".Inf": case ".INF": case "+.inf": case "+.Inf": case "+.INF":
      return new YFloat(Infinity);
    case "-.inf": case "-.Inf": case "-.INF":
      return new YFloat(-Infinity);
    case ".nan": case ".NaN": case ".NAN":
      return new YFloat(NaN);
  }
  const c = s[0]!;
  if (c === ".") {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return new YFloat(parseFloat(s));
    return s;
  }
  if (c === "+" || c === "-" || (c >= "0" && c <= "9")) {
    const plain = s.replace(/_/g, "");
    const i = parseGoInt(plain);
    if (i !== undefined) return i;
    if (YAML_STYLE_FLOAT.test(plain)) return new YFloat(parseFloat(plain));
  }
  return s;
}

const STR_TAG = "tag:yaml.org,2002:str";

function convert(node: unknown, doc: Document, depth: number): YValue {
  if (depth > 200) throw new YamlInputError("YAML nesting too deep");
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(doc), doc, depth + 1);
  if (isScalar(node)) {
    const text = String(node.source ?? node.value ?? "");
    if (node.tag === STR_TAG || node.tag === "!!str") return text;
    if (node.type === "PLAIN" && (node.tag === undefined || node.tag === "!")) return node.tag === "!" ? text : resolvePlain(text);
    if (node.type === "PLAIN" && node.tag) {
      const v = resolvePlain(text);
      if (/:(int|float)$/.test(node.tag) && typeof v === "number" && /float$/.test(node.tag)) return new YFloat(v);
      return v;
    }
    return text;
  }
  if (isSeq(node)) return node.items.map((item) => convert(item, doc, depth + 1));
  if (isMap(node)) {
    const out: YMap = {};
    const explicit = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.type === "PLAIN" && String(keyNode.source) === "<<") {
        const merged = convert(pair.value, doc, depth + 1);
        const sources = Array.isArray(merged) ? merged : [merged];
        for (const src of sources) {
          if (src && typeof src === "object" && !Array.isArray(src) && !(src instanceof YFloat)) {
            for (const [k, v] of Object.entries(src)) if (!explicit.has(k)) setKey(out, k, v);
          }
        }
        continue;
      }
      const key = keyToString(convert(keyNode, doc, depth + 1));
      explicit.add(key);
      setKey(out, key, convert(pair.value, doc, depth + 1));
    }
    return out;
  }
  throw new YamlInputError("unsupported YAML node");
}

function setKey(obj: YMap, key: string, value: YValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function keyToString(k: YValue): string {
  if (k === null) return "null";
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "boolean") return String(k);
  if (k instanceof YFloat) return String(k.value);
  throw new YamlInputError("mapping keys must be scalars");
}

/** Parses one document's text with YAML 1.1 / go-yaml v2 semantics. */
export function parseYamlDocument(text: string): YValue {
  const doc = parseDocument(text, {
    version: "1.1",
    schema: "failsafe",
    uniqueKeys: false,
    merge: false,
    strict: false,
    prettyErrors: false,
  });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new YamlInputError(`${line !== undefined ? `line ${line}: ` : ""}${err.message.split("\n")[0]}`);
  }
  return convert(doc.contents, doc, 0);
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
