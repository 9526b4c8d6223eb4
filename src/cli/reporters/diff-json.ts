/**
 * `meshc diff -o json`: one proxy → {proxy, change?, changes: [{type, name, change, paths?}]};
 * --all → {proxies: [the proxies that changed, same shape], unchanged: <count of the others>}.
 * No canonical texts (they are for the text reporter); never coloured.
 */
import type { ProxyDiff } from "../commands/diff-run.js";

function proxyJson(p: ProxyDiff): object {
  return {
    proxy: p.proxy,
    ...(p.change ? { change: p.change } : {}),
    changes: p.diff.changes.map((c) => ({ type: c.type, name: c.name, change: c.change, ...(c.paths ? { paths: c.paths } : {}) })),
  };
}

export function renderDiffJson(results: readonly ProxyDiff[], options: { all: boolean }): string {
  if (!options.all && results.length === 1) return JSON.stringify(proxyJson(results[0]!), null, 2) + "\n";
  const changed = results.filter((r) => r.diff.changes.length > 0);
  return JSON.stringify({ proxies: changed.map(proxyJson), unchanged: results.length - changed.length }, null, 2) + "\n";
}
