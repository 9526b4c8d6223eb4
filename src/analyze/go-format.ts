/** Go's fmt verbs as istioctl's message templates use them: %s, %v, %d, %q (and %%). */

function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${goValue(x)}`).join(" ")}]`;
  }
  return String(v);
}

/** Go's %q: a double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

export function goSprintf(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%([-+# 0-9.]*)([a-zA-Z%])/g, (whole, _flags: string, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const v = args[i++];
    switch (verb) {
      case "q":
        return Array.isArray(v) ? `[${v.map((x) => goQuote(String(x))).join(" ")}]` : goQuote(String(v));
      case "d":
        return typeof v === "number" ? String(Math.trunc(v)) : `%!d(${typeof v}=${goValue(v)})`;
      default:
        return goValue(v);
    }
  });
}
