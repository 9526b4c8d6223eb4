/**
 * Telemetry: the validation webhook's rules beyond the schema, plus the two "one of" choices the CRD
 * states with oneOf (a metric selector names a metric or a custom metric; a custom tag has one source).
 * Provider names refer to the mesh config's extensionProviders, which a single resource cannot see;
 * an analyzer with the mesh config checks those.
 */
import { checkPolicyScope } from "./policy-scope.js";
import type { SemanticIssue, SemanticRule } from "./types.js";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const entries = (v: unknown): Array<[string, any]> => (v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v) : []);

const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ","];
const CLOSER: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * A light syntax check of a CEL expression: string literals end, brackets pair up, and only CEL's
 * characters and operators appear. It does not parse the grammar, so it misses e.g. a dangling "==".
 */
export function celSyntaxError(expr: string): string | undefined {
  if (expr.trim() === "") return "the expression is empty";
  const stack: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const str = /^([rRbB]{0,2})('''|"""|'|")/.exec(expr.slice(i));
    if (str && (str[1] === "" || !/[A-Za-z0-9_]/.test(expr[i - 1] ?? ""))) {
      const raw = /[rR]/.test(str[1]!);
      const quote = str[2]!;
      let j = i + str[0].length;
      let closed = false;
      while (j < expr.length) {
        if (!raw && expr[j] === "\\") { j += 2; continue; }
        if (expr.startsWith(quote, j)) { closed = true; j += quote.length; break; }
        if (quote.length === 1 && expr[j] === "\n") break;
        j++;
      }
      if (!closed) return `the string starting at character ${i + 1} is not closed`;
      i = j;
      continue;
    }
    if (/[A-Za-z0-9_]/.test(c)) { i++; continue; }
    if (CLOSER[c]) { stack.push(CLOSER[c]!); i++; continue; }
    if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() !== c) return `"${c}" at character ${i + 1} does not close an open bracket`;
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => expr.startsWith(o, i));
    if (!op) {
      const hint = c === "=" ? ' (compare with "==")' : c === "&" || c === "|" ? ` (use "${c}${c}")` : "";
      return `"${c}" at character ${i + 1} is not valid in CEL${hint}`;
    }
    i += op.length;
  }
  if (stack.length > 0) return `a bracket is not closed (expected "${stack[stack.length - 1]}")`;
  return undefined;
}

export const rule: SemanticRule = (spec) => {
  const issues: SemanticIssue[] = [...checkPolicyScope(spec)];
  const push = (level: SemanticIssue["level"], path: (string | number)[], message: string) => issues.push({ path: ["spec", ...path], level, message });

  const tracing = list(spec?.tracing);
  if (tracing.length > 1) push("warning", ["tracing", 1], "only the first tracing entry is used: Istio does not support several tracing configurations in one Telemetry");
  tracing.forEach((t: any, i) => {
    if (list(t?.providers).length > 1) push("warning", ["tracing", i, "providers", 1], "only the first tracing provider is used: Istio does not support several at once");
    for (const [name, tag] of entries(t?.customTags)) {
      const at = ["tracing", i, "customTags", name];
      if (name === "") push("error", at, "a custom tag needs a name");
      const sources = ["literal", "environment", "header", "formatter"].filter((k) => tag?.[k] !== undefined);
      if (sources.length > 1) push("error", at, `custom tag "${name}" has ${sources.join(" and ")}: give it exactly one source`);
      else if (sources.length === 0) push("warning", at, `custom tag "${name}" has no source (literal, environment, header or formatter), so it is ignored`);
    }
  });

  list(spec?.metrics).forEach((m: any, i) => {
    list(m?.overrides).forEach((o: any, j) => {
      const at = ["metrics", i, "overrides", j];
      if (o?.match?.metric !== undefined && o?.match?.customMetric !== undefined) {
        push("error", [...at, "match"], "match names both metric and customMetric: choose one");
      }
      for (const [name] of entries(o?.tagOverrides)) {
        if (name === "") push("warning", [...at, "tagOverrides"], "a tag override has an empty tag name");
      }
    });
  });

  list(spec?.accessLogging).forEach((a: any, i) => {
    const expr = a?.filter?.expression;
    if (a?.filter === undefined) return;
    const bad = celSyntaxError(typeof expr === "string" ? expr : "");
    if (bad) push("error", ["accessLogging", i, "filter", "expression"], `the filter is not a valid CEL expression: ${bad}`);
  });
  return issues;
};
