/**
 * The reference YAML loader: the `yaml` package with YAML 1.1 / go-yaml v2 semantics. It decides
 * every document the fast loader (yaml-events.ts) declines: errors (its messages are the ones users
 * see), directives, explicit tags, unusual aliases. Loaded on first use only, which keeps the
 * package off the start-up path of ordinary runs.
 */
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import { keyToString, MAX_DEPTH, mergeInto, resolvePlain, setKey, YamlInputError, YFloat, type YMap, type YValue } from "./yaml-scalars.js";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);

const STR_TAG = "tag:yaml.org,2002:str";

function convert(node: unknown, doc: Document, depth: number): YValue {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  if (depth > MAX_DEPTH) throw new YamlInputError("YAML nesting too deep");
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
        mergeInto(out, convert(pair.value, doc, depth + 1), explicit);
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

/** Parses one document's text with YAML 1.1 / go-yaml v2 semantics. */
export function loadReference(text: string): YValue {
  const doc = yaml().parseDocument(text, {
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
