/**
 * Label indexes, so "which workloads does this selector select?" and "which selectors select these
 * labels?" cost the size of the answer, not the size of the mesh. Both are exact: the index only narrows
 * the candidates (by `key=value`, values compared as strings, a superset of strict equality) and the
 * caller's own match function decides, so results equal a full scan, in input order.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- label values as parsed (strings, or whatever the input holds)
export type Labels = Readonly<Record<string, any>>;
/** The caller's test: does `selector` select `labels`? (Every selector key present with an equal value.) */
export type MatchFn = (selector: Labels, labels: Labels) => boolean;

const pairKey = (scope: string, k: string, v: unknown) => `${scope}\u0000${k}\u0000${String(v)}`;

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function isEmpty(selector: Labels | null | undefined): boolean {
  return !selector || Object.keys(selector).length === 0;
}

/** Selector values that string comparison cannot narrow (absent keys could match them): scan instead. */
function unindexable(selector: Labels): boolean {
  return Object.keys(selector).some((k) => selector[k] === undefined);
}

/**
 * Items with labels (pods, workloads), queried by selector, optionally within one scope (a namespace).
 * An empty selector selects every item (of the scope).
 */
export class LabelIndex<T> {
  private readonly all: readonly T[];
  private readonly byScope = new Map<string, T[]>();
  private readonly postings = new Map<string, T[]>();

  constructor(
    items: readonly T[],
    private readonly labelsOf: (item: T) => Labels,
    private readonly match: MatchFn,
    private readonly scopeOf?: (item: T) => string,
  ) {
    this.all = items;
    for (const item of items) {
      const labels = labelsOf(item);
      const scope = scopeOf?.(item);
      if (scope !== undefined) push(this.byScope, scope, item);
      for (const k of Object.keys(labels)) {
        push(this.postings, pairKey("", k, labels[k]), item);
        if (scope !== undefined) push(this.postings, pairKey(`=${scope}`, k, labels[k]), item);
      }
    }
  }

  /** Items of `scope` (every item when undefined) whose labels `selector` selects, in input order. */
  select(selector: Labels | null | undefined, scope?: string): T[] {
    const candidates = this.candidates(selector, scope);
    if (isEmpty(selector)) return [...candidates];
    return candidates.filter((item) => this.match(selector!, this.labelsOf(item)));
  }

  /** The first item `select(selector, scope)` would return. */
  first(selector: Labels | null | undefined, scope?: string): T | undefined {
    const candidates = this.candidates(selector, scope);
    if (isEmpty(selector)) return candidates[0];
    return candidates.find((item) => this.match(selector!, this.labelsOf(item)));
  }

  /** Whether `select(selector, scope)` is non-empty. */
  some(selector: Labels | null | undefined, scope?: string): boolean {
    const candidates = this.candidates(selector, scope);
    if (isEmpty(selector)) return candidates.length > 0;
    return candidates.some((item) => this.match(selector!, this.labelsOf(item)));
  }

  /** A superset of the answer: the shortest posting list of the selector's pairs (all items for an empty selector). */
  private candidates(selector: Labels | null | undefined, scope: string | undefined): readonly T[] {
    if (scope !== undefined && !this.scopeOf) throw new Error("LabelIndex: scoped query on an index without scopes");
    let candidates: readonly T[] = scope === undefined ? this.all : this.byScope.get(scope) ?? [];
    if (isEmpty(selector) || unindexable(selector!)) return candidates;
    const prefix = scope === undefined ? "" : `=${scope}`;
    for (const k of Object.keys(selector!)) {
      const list = this.postings.get(pairKey(prefix, k, selector![k]));
      if (!list) return [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates;
  }
}

/**
 * Items with selectors (Services, policies), queried by a label set: the items whose non-empty selector
 * selects it, optionally within one scope. Items with an empty selector are never returned.
 */
export class SelectorIndex<T> {
  private readonly order = new Map<T, number>();
  private readonly postings = new Map<string, T[]>();
  /** Items whose selector cannot be indexed (a value absent keys could match): always checked. */
  private readonly scanned = new Map<string, T[]>();

  constructor(
    items: readonly T[],
    private readonly selectorOf: (item: T) => Labels | null | undefined,
    private readonly match: MatchFn,
    private readonly scopeOf: (item: T) => string = () => "",
  ) {
    items.forEach((item, i) => {
      const selector = selectorOf(item);
      if (isEmpty(selector)) return;
      this.order.set(item, i);
      if (unindexable(selector!)) {
        push(this.scanned, scopeOf(item), item);
        return;
      }
      const first = Object.keys(selector!)[0]!;
      push(this.postings, pairKey(scopeOf(item), first, selector![first]), item);
    });
  }

  /** The items of `scope` whose selector selects `labels`, in input order. */
  selecting(labels: Labels, scope = ""): T[] {
    const candidates: T[] = [...(this.scanned.get(scope) ?? [])];
    for (const k of Object.keys(labels)) {
      const list = this.postings.get(pairKey(scope, k, labels[k]));
      if (list) candidates.push(...list);
    }
    if (candidates.length > 1) candidates.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    return candidates.filter((item) => this.match(this.selectorOf(item)!, labels));
  }
}
