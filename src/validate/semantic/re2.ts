/**
 * Is a pattern acceptable to RE2 (the engine Envoy and Istio use)? JavaScript has no RE2, so we reject
 * the constructs RE2 lacks (lookaround, backreferences, atomic groups, possessive quantifiers), translate
 * the RE2-only syntax JavaScript lacks (inline flags, \A, \z, \Q…\E, (?P<name>), [[:alpha:]]), and then let
 * JavaScript's unicode-mode parser judge what is left.
 */

const MAX_LENGTH = 1024;
const MAX_REPEAT = 1000;

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z", alpha: "A-Za-z", ascii: "\\x00-\\x7F", blank: "\\t ", cntrl: "\\x00-\\x1F\\x7F", digit: "0-9",
  graph: "!-~", lower: "a-z", print: " -~", punct: "!-\\/:-@\\[-`{-~", space: "\\t\\n\\v\\f\\r ", upper: "A-Z",
  word: "0-9A-Za-z_", xdigit: "0-9A-Fa-f",
};
const GENERAL_CATEGORIES = new Set(["L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co", "Any"]);
const RE2_HINT = "Istio uses RE2 syntax (https://github.com/google/re2/wiki/Syntax)";

/** Returns a message when `pattern` is not a regular expression RE2 accepts. */
export function re2Error(pattern: string): string | undefined {
  if (typeof pattern !== "string") return undefined;
  if (pattern.length > MAX_LENGTH) return `regex is ${pattern.length} characters long; the limit is ${MAX_LENGTH}`;
  const unsupported = findUnsupported(pattern);
  if (unsupported) return `regex "${pattern}" uses ${unsupported}, which RE2 does not support; ${RE2_HINT}`;
  let js: string;
  try {
    js = translate(pattern);
  } catch (e) {
    return `regex "${pattern}" is invalid: ${(e as Error).message}; ${RE2_HINT}`;
  }
  try {
    new RegExp(js, "u");
  } catch (e) {
    const why = (e as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /, "");
    return `regex "${pattern}" is invalid: ${why}; ${RE2_HINT}`;
  }
  return undefined;
}

function findUnsupported(p: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      const n = p[i + 1];
      if (n === "Q") {
        const end = p.indexOf("\\E", i + 2);
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if (!inClass && n !== undefined && /[1-9]/.test(n)) return `a backreference (\\${n})`;
      if (!inClass && n === "k" && p[i + 2] === "<") return "a named backreference (\\k<…>)";
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (p[i + 1] === "^") i++;
      if (p[i + 1] === "]") i++; // a leading "]" is literal
      continue;
    }
    if (c === "(" && p[i + 1] === "?") {
      const rest = p.slice(i + 2);
      if (rest.startsWith("=") || rest.startsWith("!")) return "a lookahead ((?=…) or (?!…))";
      if (rest.startsWith("<=") || rest.startsWith("<!")) return "a lookbehind ((?<=…) or (?<!…))";
      if (rest.startsWith(">")) return "an atomic group ((?>…))";
    }
    if ((c === "+" || c === "*" || c === "?" || c === "}") && p[i + 1] === "+" && i > 0) return "a possessive quantifier (such as \"a++\")";
  }
  return undefined;
}

/** Rewrite RE2 syntax into JavaScript (unicode mode) syntax with the same meaning for parsing purposes. */
function translate(p: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      const n = p[i + 1];
      if (n === undefined) throw new Error("trailing backslash");
      if (n === "Q") {
        const end = p.indexOf("\\E", i + 2);
        const lit = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        out += [...lit].map(escapeChar).join("");
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      i++;
      if (n === "A" && !inClass) out += "^";
      else if (n === "z" && !inClass) out += "$";
      else if (n === "a") out += "\\x07";
      else if (n === "C") out += inClass ? "\\s\\S" : "[\\s\\S]";
      else if (n === "p" || n === "P") {
        let name: string;
        if (p[i + 1] === "{") {
          const close = p.indexOf("}", i + 2);
          if (close < 0) throw new Error("unclosed \\p{…}");
          name = p.slice(i + 2, close);
          i = close;
        } else {
          name = p[i + 1] ?? "";
          i++;
        }
        const neg = name.startsWith("^");
        const bare = neg ? name.slice(1) : name;
        if (!/^[A-Za-z_]+$/.test(bare)) throw new Error(`invalid character class \\${n}{${name}}`);
        const prop = bare === "Any" ? "Any" : GENERAL_CATEGORIES.has(bare) ? bare : `Script=${bare}`;
        out += `\\${(n === "P") !== neg ? "P" : "p"}{${prop}}`;
      } else if (n === "0") {
        // octal: \0, \01, \012
        let digits = "";
        while (digits.length < 2 && /[0-7]/.test(p[i + 1] ?? "")) digits += p[++i];
        out += `\\x${parseInt("0" + digits, 8).toString(16).padStart(2, "0")}`;
      } else if (n === "x") {
        if (p[i + 1] === "{") {
          const close = p.indexOf("}", i + 2);
          if (close < 0 || !/^[0-9a-fA-F]{1,6}$/.test(p.slice(i + 2, close))) throw new Error("invalid \\x{…} escape");
          out += `\\u{${p.slice(i + 2, close)}}`;
          i = close;
        } else {
          out += "\\x";
        }
      } else if (/[A-Za-z]/.test(n) && !"dDsSwWbBtnrfv".includes(n)) {
        throw new Error(`invalid escape sequence \\${n}`);
      } else if (/[!-\/:-@\[-`{-~]/.test(n)) {
        out += escapeChar(n);
      } else {
        out += "\\" + n;
      }
      continue;
    }
    if (inClass) {
      if (c === "[" && p[i + 1] === ":") {
        const close = p.indexOf(":]", i + 2);
        if (close > 0) {
          let name = p.slice(i + 2, close);
          const neg = name.startsWith("^");
          if (neg) name = name.slice(1);
          const set = POSIX[name];
          if (!set) throw new Error(`invalid character class range [:${name}:]`);
          out += neg ? "a" : set; // a negated class cannot be spelled inside [...] in JS; any member keeps the syntax valid
          i = close + 1;
          continue;
        }
      }
      if (c === "]") inClass = false;
      out += c === "[" ? "\\[" : c === "/" ? "\\/" : c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += "[";
      if (p[i + 1] === "^") out += p[++i];
      if (p[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "(" && p[i + 1] === "?") {
      const m = /^\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|([imsU]*)(?:-([imsU]*))?(:|\)))/.exec(p.slice(i));
      if (!m) throw new Error("invalid or unsupported group syntax after \"(?\"");
      if (m[1] !== undefined) out += `(?<${m[1]}>`;
      else if (m[4] === ":") out += "(?:";
      else if (!m[2] && !m[3]) throw new Error("missing flags in \"(?)\"");
      // a bare flag group "(?i)" only changes matching, not syntax: drop it
      i += m[0].length - 1;
      continue;
    }
    if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[3] ? Number(m[3]) : lo;
        if (lo > MAX_REPEAT || hi > MAX_REPEAT) throw new Error(`repeat count ${Math.max(lo, hi)} is larger than ${MAX_REPEAT}`);
        if (m[3] && hi < lo) throw new Error(`invalid repeat range ${m[0]}`);
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
      out += "\\{"; // RE2 treats a "{" that starts no repeat as a literal
      continue;
    }
    if (c === "}") {
      out += "\\}";
      continue;
    }
    out += c === "/" ? "\\/" : c;
  }
  return out;
}

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code < 0x80 && /[^A-Za-z0-9_ ]/.test(ch) ? `\\x${code.toString(16).padStart(2, "0")}` : ch;
}
