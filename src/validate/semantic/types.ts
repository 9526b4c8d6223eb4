/**
 * Semantic validation: the rules of Istio's validation webhook (pkg/config/validation) that a
 * JSON Schema cannot express (host syntax, weights, regex syntax, header names, duplicate subsets, …).
 * One file per kind, `src/validate/semantic/<kind>.ts`, exporting a SemanticRule for that kind.
 * A rule receives a schema-valid resource and returns issues; it never throws and does no I/O.
 */
export interface SemanticIssue {
  /** Path from the resource root, e.g. ["spec", "http", 0, "route", 1, "weight"]. */
  path: (string | number)[];
  message: string;
  /** "error" makes the resource invalid (IST0106 in analyze); "warning" does not (IST0133). */
  level: "error" | "warning";
}

export interface SemanticContext {
  /** metadata.namespace, or the namespace the resource will be applied to. */
  namespace: string;
  name: string;
}

export type SemanticRule = (spec: any, ctx: SemanticContext) => SemanticIssue[];
