/**
 * A subset of Go's text/template, enough for injection templates: text and actions with trim
 * markers, comments, fields and variables, pipelines, parentheses, `if`/`else if`/`else`, `range`
 * (with index/value variables), `with`, variable declaration/assignment, and the functions listed
 * in FUNCS (Go builtins, common sprig functions, Istio helpers). Anything else is a TemplateError
 * that names it.
 */
import { FUNCS, isMap, lookup, TemplateError, type Value } from "./go-template-funcs.js";
import type { Json } from "./k8s-codec.js";
import { printGo, truthy } from "./template-data.js";

export { TemplateError };

type Node =
  | { t: "text"; s: string }
  | { t: "out"; p: Pipe }
  | { t: "if"; branches: { cond: Pipe; body: Node[] }[]; els: Node[] }
  | { t: "with"; p: Pipe; body: Node[]; els: Node[] }
  | { t: "range"; vars: string[]; p: Pipe; body: Node[]; els: Node[] }
  | { t: "set"; name: string; p: Pipe; decl: boolean };

type Arg =
  | { t: "field"; base: "dot" | string; path: string[] }
  | { t: "lit"; v: Value }
  | { t: "ident"; name: string }
  | { t: "sub"; p: Pipe };
type Cmd = Arg[];
type Pipe = Cmd[];

/* ------------------------------ lexing ------------------------------ */

function tokenize(src: string): string[] {
  const toks: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      toks.push(src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) throw new TemplateError("unterminated raw string");
      toks.push(src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === "(" || c === ")" || c === "|" || c === ",") { toks.push(c); i++; continue; }
    if (src.startsWith(":=", i)) { toks.push(":="); i += 2; continue; }
    if (c === "=") { toks.push("="); i++; continue; }
    const m = /^[^\s()|,=`"]+/.exec(src.slice(i))!;
    toks.push(m[0]);
    i += m[0].length;
  }
  return toks;
}

function parseString(tok: string): string {
  if (tok.startsWith("`")) return tok.slice(1, -1);
  return JSON.parse(tok.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) as string;
}

function parsePipe(toks: string[], pos: { i: number }, stop: string[] = []): Pipe {
  const cmds: Pipe = [];
  let cmd: Cmd = [];
  while (pos.i < toks.length && !stop.includes(toks[pos.i]!)) {
    const tok = toks[pos.i++]!;
    if (tok === "|") {
      cmds.push(cmd);
      cmd = [];
      continue;
    }
    if (tok === "(") {
      const p = parsePipe(toks, pos, [")"]);
      if (toks[pos.i] !== ")") throw new TemplateError("unclosed parenthesis");
      pos.i++;
      let arg: Arg = { t: "sub", p };
      // (x).Field
      const next = toks[pos.i];
      if (next && next.startsWith(".") && next.length > 1) {
        pos.i++;
        arg = { t: "sub", p: [[{ t: "ident", name: "__field" }, arg, { t: "lit", v: next.slice(1) }]] };
      }
      cmd.push(arg);
      continue;
    }
    cmd.push(parseArg(tok));
  }
  cmds.push(cmd);
  if (cmds.some((c) => c.length === 0)) throw new TemplateError("missing value in pipeline");
  return cmds;
}

function parseArg(tok: string): Arg {
  if (tok.startsWith('"') || tok.startsWith("`")) return { t: "lit", v: parseString(tok) };
  if (tok === ".") return { t: "field", base: "dot", path: [] };
  if (tok.startsWith(".")) return { t: "field", base: "dot", path: tok.slice(1).split(".") };
  if (tok.startsWith("$")) {
    const [name, ...path] = tok.split(".");
    return { t: "field", base: name!, path };
  }
  if (tok === "true" || tok === "false") return { t: "lit", v: tok === "true" };
  if (tok === "nil") return { t: "lit", v: null };
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(tok) || /^0x[0-9a-fA-F]+$/.test(tok)) return { t: "lit", v: Number(tok) };
  if (/^'.'$/.test(tok)) return { t: "lit", v: tok.charCodeAt(1) };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(tok)) return { t: "ident", name: tok };
  throw new TemplateError(`unexpected "${tok}" in template action`);
}

/* ------------------------------ parsing ------------------------------ */

interface Action { kind: string; toks: string[] }

function split(src: string): (string | Action)[] {
  const out: (string | Action)[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let textPart = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) textPart = textPart.replace(/^\s+/, "");
    trimNext = false;
    if (open < 0) {
      out.push(textPart);
      break;
    }
    let start = open + 2;
    if (src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start)) {
      textPart = textPart.replace(/\s+$/, "");
      start += 1;
    }
    out.push(textPart);
    const close = src.indexOf("}}", start);
    if (close < 0) throw new TemplateError("unclosed action");
    let end = close;
    if (src[close - 1] === "-" && /\s/.test(src[close - 2] ?? "")) {
      end = close - 1;
      trimNext = true;
    }
    const body = src.slice(start, end).trim();
    i = close + 2;
    if (body.startsWith("/*")) continue;
    const toks = tokenize(body);
    out.push({ kind: toks[0] ?? "", toks });
  }
  return out;
}

function parseNodes(items: (string | Action)[], pos: { i: number }, terminators: string[]): { nodes: Node[]; end: Action | undefined } {
  const nodes: Node[] = [];
  while (pos.i < items.length) {
    const item = items[pos.i++]!;
    if (typeof item === "string") {
      if (item) nodes.push({ t: "text", s: item });
      continue;
    }
    const { kind, toks } = item;
    if (terminators.includes(kind)) return { nodes, end: item };
    if (kind === "if" || kind === "with") {
      const cond = parsePipe(toks, { i: 1 });
      const branches = [{ cond, body: [] as Node[] }];
      let els: Node[] = [];
      for (;;) {
        const r = parseNodes(items, pos, ["else", "end"]);
        branches[branches.length - 1]!.body = r.nodes;
        if (!r.end) throw new TemplateError(`unexpected EOF: missing {{end}} for {{${kind}}}`);
        if (r.end.kind === "end") break;
        if (r.end.toks[1] === "if") {
          branches.push({ cond: parsePipe(r.end.toks, { i: 2 }), body: [] });
          continue;
        }
        const r2 = parseNodes(items, pos, ["end"]);
        if (!r2.end) throw new TemplateError(`unexpected EOF: missing {{end}} for {{${kind}}}`);
        els = r2.nodes;
        break;
      }
      if (kind === "if") nodes.push({ t: "if", branches, els });
      else nodes.push({ t: "with", p: branches[0]!.cond, body: branches[0]!.body, els });
      continue;
    }
    if (kind === "range") {
      const vars: string[] = [];
      let i = 1;
      const decl = toks.indexOf(":=");
      if (decl > 0) {
        for (const v of toks.slice(1, decl)) if (v !== ",") vars.push(v);
        i = decl + 1;
      }
      const p = parsePipe(toks, { i });
      const r = parseNodes(items, pos, ["else", "end"]);
      if (!r.end) throw new TemplateError("unexpected EOF: missing {{end}} for {{range}}");
      let els: Node[] = [];
      if (r.end.kind === "else") {
        const r2 = parseNodes(items, pos, ["end"]);
        els = r2.nodes;
      }
      nodes.push({ t: "range", vars, p, body: r.nodes, els });
      continue;
    }
    if (kind === "end" || kind === "else") throw new TemplateError(`unexpected {{${kind}}}`);
    if (["define", "template", "block", "break", "continue"].includes(kind)) {
      throw new TemplateError(`unsupported template action {{${kind}}}`);
    }
    if (kind.startsWith("$") && (toks[1] === ":=" || toks[1] === "=")) {
      nodes.push({ t: "set", name: kind, decl: toks[1] === ":=", p: parsePipe(toks, { i: 2 }) });
      continue;
    }
    nodes.push({ t: "out", p: parsePipe(toks, { i: 0 }) });
  }
  return { nodes, end: undefined };
}

/* ------------------------------ evaluation ------------------------------ */

interface Scope {
  dot: Value;
  vars: Map<string, Value>[];
}

function getVar(scope: Scope, name: string): Value {
  for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i]!.has(name)) return scope.vars[i]!.get(name);
  throw new TemplateError(`undefined variable: ${name}`);
}

function setVar(scope: Scope, name: string, v: Value, decl: boolean): void {
  if (decl) {
    scope.vars[scope.vars.length - 1]!.set(name, v);
    return;
  }
  for (let i = scope.vars.length - 1; i >= 0; i--) {
    if (scope.vars[i]!.has(name)) {
      scope.vars[i]!.set(name, v);
      return;
    }
  }
  throw new TemplateError(`undefined variable: ${name}`);
}

function evalArg(a: Arg, scope: Scope): Value {
  switch (a.t) {
    case "lit":
      return a.v;
    case "sub":
      return evalPipe(a.p, scope);
    case "ident":
      if (!(a.name in FUNCS)) throw new TemplateError(`function "${a.name}" not defined (unsupported in meshc's template subset)`);
      return FUNCS[a.name]!();
    case "field": {
      let v = a.base === "dot" ? scope.dot : getVar(scope, a.base);
      for (const p of a.path) v = lookup(v, p);
      return v;
    }
  }
}

function evalCmd(cmd: Cmd, scope: Scope, piped: Value[]): Value {
  const head = cmd[0]!;
  if (head.t === "ident") {
    const fn = FUNCS[head.name];
    if (!fn) throw new TemplateError(`function "${head.name}" not defined (unsupported in meshc's template subset)`);
    const args = cmd.slice(1).map((x) => evalArg(x, scope));
    return fn(...args, ...piped);
  }
  if (cmd.length > 1 || piped.length > 0) throw new TemplateError("can't give argument to non-function");
  return evalArg(head, scope);
}

function evalPipe(p: Pipe, scope: Scope): Value {
  let v: Value[] = [];
  for (const cmd of p) v = [evalCmd(cmd, scope, v)];
  return v[0];
}

function exec(nodes: Node[], scope: Scope, out: string[]): void {
  for (const n of nodes) {
    switch (n.t) {
      case "text":
        out.push(n.s);
        break;
      case "out":
        out.push(printGo(evalPipe(n.p, scope) as Json));
        break;
      case "set":
        setVar(scope, n.name, evalPipe(n.p, scope), n.decl);
        break;
      case "if": {
        const b = n.branches.find((br) => truthy(evalPipe(br.cond, scope) as Json));
        scope.vars.push(new Map());
        exec(b ? b.body : n.els, scope, out);
        scope.vars.pop();
        break;
      }
      case "with": {
        const v = evalPipe(n.p, scope);
        scope.vars.push(new Map());
        if (truthy(v as Json)) exec(n.body, { dot: v, vars: scope.vars }, out);
        else exec(n.els, scope, out);
        scope.vars.pop();
        break;
      }
      case "range": {
        const v = evalPipe(n.p, scope);
        const entries: [Value, Value][] = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : isMap(v)
            ? Object.keys(v).sort().map((k) => [k, v[k]])
            : typeof v === "number"
              ? Array.from({ length: v }, (_x, i) => [i, i])
              : [];
        if (entries.length === 0) {
          exec(n.els, scope, out);
          break;
        }
        for (const [k, x] of entries) {
          const frame = new Map<string, Value>();
          if (n.vars.length === 1) frame.set(n.vars[0]!, x);
          if (n.vars.length === 2) {
            frame.set(n.vars[0]!, k);
            frame.set(n.vars[1]!, x);
          }
          scope.vars.push(frame);
          exec(n.body, { dot: x, vars: scope.vars }, out);
          scope.vars.pop();
        }
        break;
      }
    }
  }
}

export interface CompiledTemplate {
  render(data: Value): string;
}

/** Parses a template; throws TemplateError naming unsupported syntax. */
export function compileGoTemplate(src: string): CompiledTemplate {
  const items = split(src);
  const pos = { i: 0 };
  const { nodes, end } = parseNodes(items, pos, []);
  if (end) throw new TemplateError(`unexpected {{${end.kind}}}`);
  return {
    render(data: Value): string {
      const out: string[] = [];
      exec(nodes, { dot: data, vars: [new Map([["$", data]])] }, out);
      return out.join("");
    },
  };
}
