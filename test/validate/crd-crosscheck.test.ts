/**
 * The referee for our schemas: walks every field of every served version of every Istio CRD in
 * ../shared/reference/istio-crds.yaml and fails when our schema lacks it, types it differently, has an
 * enum with other values, differs on `required`, is not strict where the CRD is structural, has fields
 * the CRD lacks, or has no ported check where the CRD has CEL rules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { ISTIO_DEFINITIONS } from "../../src/validate/schemas/istio/index.js";
import { CHECKS_KEYWORD } from "../../src/validate/schemas/istio/define.js";
import { KINDS } from "../../src/model/kinds.js";
import { HAS_SHARED, sharedPath, skipNotice } from "../helpers/shared.js";

type S = Record<string, any>;

/** Our node seen through unions: the set of types, merged properties, enum values, checks. */
function view(node: S): { types: Set<string>; props: Map<string, S>; required: Set<string>; enums: Set<unknown> | undefined; additional: S | false | undefined; items: S | undefined; checks: string[]; strict: boolean; free: boolean } {
  const v = { types: new Set<string>(), props: new Map<string, S>(), required: new Set<string>(), enums: undefined as Set<unknown> | undefined, additional: undefined as S | false | undefined, items: undefined as S | undefined, checks: [] as string[], strict: true, free: false };
  const visit = (n: S, alternative = false) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n[CHECKS_KEYWORD])) v.checks.push(...n[CHECKS_KEYWORD]);
    const alternatives = [...(n.anyOf ?? []), ...(n.oneOf ?? [])];
    const branches = [...alternatives, ...(n.allOf ?? [])];
    const shaped = n.properties || n.items || n.additionalProperties !== undefined || n.patternProperties;
    if (n === node && n.type === undefined && !shaped && branches.length === 0 && n.enum === undefined && n.const === undefined) v.free = true;
    if (n.type === undefined && n.properties) v.types.add("object");
    if (typeof n.type === "string") v.types.add(n.type);
    if (Array.isArray(n.type)) n.type.forEach((t: string) => v.types.add(t));
    if (n.enum) for (const e of n.enum) (v.enums ??= new Set()).add(e);
    if (n.const !== undefined) (v.enums ??= new Set()).add(n.const);
    if (n.properties) for (const [k, p] of Object.entries(n.properties)) v.props.set(k, p as S);
    if (n.required && !alternative) for (const r of n.required) v.required.add(r);
    if (n.type === "object" && n.additionalProperties !== false && !n.patternProperties && !(n.additionalProperties && typeof n.additionalProperties === "object")) v.strict = false;
    if (n.additionalProperties && typeof n.additionalProperties === "object") v.additional = n.additionalProperties;
    if (n.patternProperties) v.additional = Object.values(n.patternProperties)[0] as S;
    if (n.items) v.items = n.items;
    for (const b of alternatives) visit(b, true);
    for (const b of n.allOf ?? []) visit(b, alternative);
  };
  visit(node);
  return v;
}

function compare(crd: S, ours: S, path: string, problems: string[]): void {
  const o = view(ours);
  const preserve = crd["x-kubernetes-preserve-unknown-fields"] === true;
  if (preserve && !crd.properties) return; // anything goes
  const rules = (crd["x-kubernetes-validations"] ?? []) as S[];
  // One check may port several related rules (e.g. three pairwise exclusions), so at least one is required.
  if (rules.length > 0 && o.checks.length === 0) problems.push(`${path}: CRD has ${rules.length} CEL rule(s) (${rules.map((r) => r.rule).join(" | ")}), ours has no check`);
  if (o.free) {
    problems.push(`${path}: ours is untyped, CRD says ${crd.type}`);
    return;
  }
  if (crd["x-kubernetes-int-or-string"]) {
    if (!(o.types.has("integer") && o.types.has("string"))) problems.push(`${path}: CRD is int-or-string, ours is ${[...o.types].join("|")}`);
    return;
  }
  if (crd.type && !o.types.has(crd.type)) {
    problems.push(`${path}: CRD type ${crd.type}, ours ${[...o.types].join("|") || "none"}`);
    return;
  }
  if (crd.enum) {
    const want = new Set(crd.enum);
    const have = o.enums ?? new Set();
    const missing = [...want].filter((e) => !have.has(e));
    const extra = [...have].filter((e) => !want.has(e));
    if (missing.length || extra.length) problems.push(`${path}: enum differs (missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)})`);
  }
  for (const bound of ["minimum", "maximum"] as const) {
    if (crd[bound] !== undefined) {
      const ourBound = [ours, ...(ours.anyOf ?? []), ...(ours.oneOf ?? [])].map((n: S) => n[bound]).find((b) => b !== undefined);
      if (ourBound !== crd[bound]) problems.push(`${path}: CRD ${bound} ${crd[bound]}, ours ${ourBound}`);
    }
  }
  if (crd.type === "object") {
    if (crd.properties) {
      for (const [k, sub] of Object.entries(crd.properties as S)) {
        const mine = o.props.get(k);
        if (!mine) problems.push(`${path}.${k}: missing in ours`);
        else compare(sub as S, mine, `${path}.${k}`, problems);
      }
      for (const k of o.props.keys()) if (!(k in crd.properties)) problems.push(`${path}.${k}: ours has a field the CRD lacks`);
      if (!preserve && !o.strict) problems.push(`${path}: ours is not strict (additionalProperties: false)`);
      const want = new Set<string>(crd.required ?? []);
      for (const r of want) if (!o.required.has(r)) problems.push(`${path}: CRD requires "${r}", ours does not`);
      for (const r of o.required) if (!want.has(r)) problems.push(`${path}: ours requires "${r}", the CRD does not`);
    }
    if (crd.additionalProperties && typeof crd.additionalProperties === "object") {
      if (!o.additional) problems.push(`${path}: CRD is a map, ours is not`);
      else compare(crd.additionalProperties, o.additional, `${path}{}`, problems);
    }
  }
  if (crd.type === "array" && crd.items) {
    if (!o.items) problems.push(`${path}: CRD has items, ours none`);
    else compare(crd.items, o.items, `${path}[]`, problems);
  }
}

const crds = HAS_SHARED
  ? parseAllDocuments(readFileSync(sharedPath("reference/istio-crds.yaml"), "utf8")).map((d) => d.toJS() as S).filter((d) => d?.kind === "CustomResourceDefinition")
  : [];

if (!HAS_SHARED) {
  test("CRD cross-check", (t) => {
    t.skip(skipNotice("CRD cross-check"));
  });
}

for (const crd of crds) {
  const kind = crd.spec.names.kind as string;
  for (const version of crd.spec.versions as S[]) {
    if (!version.served) continue;
    test(`CRD cross-check: ${crd.spec.group}/${version.name} ${kind}`, () => {
      const info = KINDS.find((k) => k.kind === kind && k.group === crd.spec.group);
      assert.ok(info, `${kind} is missing from src/model/kinds.ts`);
      assert.ok(info.versions.includes(version.name), `${kind} ${version.name} is served by Istio but not listed in kinds.ts`);
      const def = ISTIO_DEFINITIONS.get(kind);
      assert.ok(def, `no schema definition for ${kind}`);
      const problems: string[] = [];
      compare(version.schema.openAPIV3Schema.properties.spec, JSON.parse(JSON.stringify(def.spec)), "spec", problems);
      assert.deepEqual(problems, [], `${problems.length} difference(s):\n  ${problems.join("\n  ")}`);
    });
  }
}
