// scratch (not committed): time each analyzer and the engine phases on given files
import { loadFileSources } from "./src/cli/commands/analyze-sources.js";
import { buildModel } from "./src/model/mesh-model.js";
import { ANALYZERS } from "./src/analyze/registry.js";
import { analyze } from "./src/analyze/run.js";
import { memoryIo } from "./src/cli/io.js";
const files = process.argv.slice(2);
const io = memoryIo();
let t = performance.now();
const src = await loadFileSources(files, io, () => {});
console.log("load", (performance.now() - t).toFixed(0));
t = performance.now();
const model = buildModel(src.resources, { allNamespaces: true });
console.log("model", (performance.now() - t).toFixed(0));
const rows: [string, number, number][] = [];
for (const a of ANALYZERS) {
  t = performance.now();
  const r = analyze(model, [a], { analyzers: [a.meta.name] });
  rows.push([a.meta.name, performance.now() - t, r.messages.length]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [n, ms, c] of rows.slice(0, 25)) console.log(ms.toFixed(0).padStart(6), String(c).padStart(6), n);
console.log("sum", rows.reduce((s, r) => s + r[1], 0).toFixed(0));
t = performance.now();
const all = analyze(buildModel(src.resources, { allNamespaces: true }), ANALYZERS);
console.log("all (fresh model)", (performance.now() - t).toFixed(0), all.messages.length);
