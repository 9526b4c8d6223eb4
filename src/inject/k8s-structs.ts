/**
 * The Go struct shapes kube-inject decodes into (k8s-fields.ts), parsed once per type: fields in
 * declaration order, JSON names, omitempty/omitzero flags and strategic-merge keys.
 */
import { K8S_STRUCTS } from "./k8s-fields.js";

export interface FieldDef {
  json: string;
  type: string;
  omitempty: boolean;
  omitzero: boolean;
  mergeKey?: string;
  /** The struct type of the field's elements (through pointers, slices and maps), if any. */
  elem?: string;
}

interface StructDef {
  fields: FieldDef[];
  byName: Map<string, FieldDef>;
  byFold: Map<string, FieldDef>;
}

const cache = new Map<string, StructDef>();

export function structDef(name: string): StructDef {
  let def = cache.get(name);
  if (def) return def;
  const spec = K8S_STRUCTS[name];
  if (spec === undefined) throw new Error(`unknown struct ${name}`);
  const fields: FieldDef[] = [];
  for (const part of spec.split("|")) {
    const m = /^([^:]*):([^?!^@]+)(\?)?(!)?(\^)?(?:@(.+))?$/.exec(part);
    if (!m) throw new Error(`bad field spec ${part}`);
    const [, json, type, oe, oz, inline, mergeKey] = m;
    if (inline) {
      fields.push(...structDef(type!).fields);
      continue;
    }
    const f: FieldDef = { json: json!, type: type!, omitempty: !!oe, omitzero: !!oz };
    if (mergeKey) f.mergeKey = mergeKey;
    const elem = elementStruct(type!);
    if (elem) f.elem = elem;
    fields.push(f);
  }
  def = { fields, byName: new Map(), byFold: new Map() };
  for (const f of fields) {
    def.byName.set(f.json, f);
    if (!def.byFold.has(f.json.toLowerCase())) def.byFold.set(f.json.toLowerCase(), f);
  }
  cache.set(name, def);
  return def;
}

export function isStructType(type: string): boolean {
  return K8S_STRUCTS[type] !== undefined;
}

/** The element type of a list/pointer/map type, or the type itself. */
export function fieldOf(structName: string, json: string): FieldDef | undefined {
  return structDef(structName).byName.get(json);
}

/** Merge key of a list field of a struct (strategic merge patch metadata). */
export function mergeKeyOf(structName: string, json: string): string | undefined {
  return structDef(structName).byName.get(json)?.mergeKey;
}

/** The struct type of a field (through pointers, slices and maps), if it is a struct. */
export function elementStruct(type: string): string | undefined {
  let t = type;
  for (;;) {
    if (t.startsWith("*")) t = t.slice(1);
    else if (t.startsWith("[]")) t = t.slice(2);
    else break;
  }
  const m = /^map\[[^\]]+\](.*)$/.exec(t);
  if (m) return elementStruct(m[1]!);
  return isStructType(t) ? t : undefined;
}
