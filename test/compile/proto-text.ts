/**
 * A small reader for protobuf text format (the `.proxycfg` inputs of Istio's bootstrap goldens):
 * `name: value`, `name { ... }` / `name: { ... }` / `name < ... >`, lists `[a, b]`, repeated fields by
 * repetition, double- or single-quoted strings with C escapes, numbers, bare identifiers (enum names,
 * true/false), `#` comments, optional `,`/`;` separators. Without a schema, it returns plain JSON
 * with the names as written; a message holding only `seconds`/`nanos` becomes a duration string
 * ("2s"), which is what the ProxyConfig reader expects.
 *
 * Lives under test/: only the golden test reads text format; meshc's own inputs are YAML/JSON.
 */
type Value = string | number | boolean | Value[] | { [key: string]: Value };

export class TextProtoError extends Error {}

export function parseTextProto(text: string): Record<string, Value> {
  let pos = 0;
  const fail = (msg: string): never => {
    const line = text.slice(0, pos).split("\n").length;
    throw new TextProtoError(`line ${line}: ${msg}`);
  };
  const skip = () => {
    for (;;) {
      const m = /^(?:\s+|#[^\n]*)/.exec(text.slice(pos));
      if (!m || m[0] === "") return;
      pos += m[0].length;
    }
  };
  const peek = () => {
    skip();
    return text[pos];
  };
  const identifier = (): string => {
    skip();
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(pos));
    if (!m) fail(`expected a name at ${JSON.stringify(text.slice(pos, pos + 10))}`);
    pos += m![0].length;
    return m![0];
  };
  const string = (): string => {
    const quote = text[pos++]!;
    let out = "";
    while (pos < text.length && text[pos] !== quote) {
      let c = text[pos++]!;
      if (c === "\\") {
        const e = text[pos++]!;
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", a: "\x07", b: "\b", f: "\f", v: "\v" };
        if (e in simple) c = simple[e]!;
        else if (/[0-7]/.test(e)) {
          const oct = /^[0-7]{1,3}/.exec(text.slice(pos - 1))![0];
          pos += oct.length - 1;
          c = String.fromCharCode(parseInt(oct, 8));
        } else fail(`unknown escape \\${e}`);
      }
      out += c;
    }
    if (text[pos++] !== quote) fail("unterminated string");
    // Adjacent string literals concatenate.
    return peek() === '"' || peek() === "'" ? out + string() : out;
  };
  const scalar = (): Value => {
    const c = peek();
    if (c === '"' || c === "'") return string();
    const m = /^[-+]?(?:0x[0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)[fF]?/.exec(text.slice(pos));
    if (m) {
      pos += m[0].length;
      return Number(m[0].replace(/[fF]$/, ""));
    }
    const id = identifier();
    return id === "true" || id === "True" ? true : id === "false" || id === "False" ? false : id;
  };
  const message = (close: string | undefined): Record<string, Value> => {
    const out: Record<string, Value> = {};
    for (;;) {
      const c = peek();
      if (c === undefined) {
        if (close !== undefined) fail(`missing "${close}"`);
        return out;
      }
      if (c === close) {
        pos++;
        return out;
      }
      const name = identifier();
      let value: Value;
      if (peek() === ":") {
        pos++;
        const d = peek();
        if (d === "{" || d === "<") {
          pos++;
          value = message(d === "{" ? "}" : ">");
        } else if (d === "[") {
          pos++;
          const list: Value[] = [];
          while (peek() !== "]") {
            if (peek() === "{") {
              pos++;
              list.push(message("}"));
            } else list.push(scalar());
            if (peek() === ",") pos++;
          }
          pos++;
          value = list;
        } else value = scalar();
      } else if (peek() === "{" || peek() === "<") {
        const d = text[pos++];
        value = message(d === "{" ? "}" : ">");
      } else value = fail(`expected ":" or "{" after ${name}`);
      const previous = out[name];
      out[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
      if (peek() === "," || peek() === ";") pos++;
    }
  };
  return durations(message(undefined)) as Record<string, Value>;
}

/** {seconds: 2, nanos: 5e8} → "2.500s", recursively. */
function durations(v: Value): Value {
  if (Array.isArray(v)) return v.map(durations);
  if (typeof v !== "object") return v;
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => k === "seconds" || k === "nanos") && keys.every((k) => typeof v[k] === "number")) {
    const ns = Number(v.seconds ?? 0) * 1e9 + Number(v.nanos ?? 0);
    const frac = ns % 1e9;
    return `${Math.trunc(ns / 1e9)}${frac === 0 ? "" : "." + String(frac).padStart(9, "0").replace(/(?:000)+$/, "")}s`;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, durations(x)]));
}
