/** JSON input: JSON.parse for speed; exact positions recovered lazily by a small scanner. */
import { load, YAMLException } from "js-yaml";

export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string; offset: number };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const reason = msg.replace(/, "[\s\S]*" is not valid JSON$/, "").replace(/ in JSON at position \d+.*$/s, "").replace(/ at position \d+.*$/s, "");
    return { ok: false, message: `invalid JSON: ${reason}`, offset: m ? Number(m[1]) : errorOffset(text) };
  }
}

/** Node 20 does not say where JSON.parse failed; JSON is YAML, and js-yaml does. */
function errorOffset(text: string): number {
  try {
    load(text, { maxDepth: 10_000 });
  } catch (e) {
    if (e instanceof YAMLException && e.mark) return e.mark.position;
  }
  return 0;
}

/** Offset of the value at `path` (for object members: the key), or of the deepest existing ancestor. */
export function locateInJson(text: string, path: readonly (string | number)[], from = 0): number {
  let i = ws(text, from);
  let best = i;
  for (const seg of path) {
    const c = text[i];
    if (c === "{" && typeof seg === "string") {
      i = ws(text, i + 1);
      let found = -1;
      while (i < text.length && text[i] !== "}") {
        const keyStart = i;
        const keyEnd = skipString(text, i);
        const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
        i = ws(text, keyEnd);
        i = ws(text, i + 1); // ':'
        if (key === seg) {
          found = i;
          best = keyStart;
          break;
        }
        i = ws(text, skipValue(text, i));
        if (text[i] === ",") i = ws(text, i + 1);
      }
      if (found < 0) break;
      i = found;
    } else if (c === "[" && typeof seg === "number") {
      i = ws(text, i + 1);
      for (let k = 0; k < seg && i < text.length && text[i] !== "]"; k++) {
        i = ws(text, skipValue(text, i));
        if (text[i] === ",") i = ws(text, i + 1);
      }
      if (i >= text.length || text[i] === "]") break;
      best = i;
    } else break;
  }
  return best;
}

function ws(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

function skipString(t: string, i: number): number {
  i++;
  while (i < t.length) {
    const c = t[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return i;
}

/** Iterative (no recursion), so deep nesting cannot overflow the stack. */
function skipValue(t: string, i: number): number {
  let depth = 0;
  while (i < t.length) {
    const c = t[i];
    if (c === '"') i = skipString(t, i);
    else if (c === "{" || c === "[") {
      depth++;
      i++;
    } else if (c === "}" || c === "]") {
      depth--;
      i++;
      if (depth <= 0) return i;
    } else if (depth === 0 && (c === "," || c === "}" || c === "]")) return i;
    else {
      i++;
      if (depth === 0) {
        // scalar: read to delimiter
        while (i < t.length && !",}] \t\r\n".includes(t[i]!)) i++;
        return i;
      }
    }
  }
  return i;
}
