/** One measurement in a fresh process: prints {ms, rssMb, count, ...} as the last line. */
import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";
import { loadFiles } from "../../src/sources/load.js";
import { validateResources } from "../../src/validate/validate.js";
import { buildModel } from "../../src/model/mesh-model.js";

const [mode, ...files] = process.argv.slice(2);
const rss = () => process.resourceUsage().maxRSS / 1024;

if (mode === "to-json") {
  process.stdout.write(JSON.stringify(loadAll(readFileSync(files[0]!, "utf8")).filter(Boolean)));
} else {
  // Warm the modules (imports are not what is measured here; start-up is measured separately).
  const t0 = performance.now();
  let count = 0;
  if (mode === "js-yaml") {
    for (const f of files) count += loadAll(readFileSync(f, "utf8")).length;
  } else if (mode === "json-parse") {
    for (const f of files) count += (JSON.parse(readFileSync(f, "utf8")) as { items: unknown[] }).items.length;
  } else if (mode === "yaml-roundtrip") {
    const { parseAllDocuments } = await import("yaml");
    for (const f of files) count += parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toString()).length;
  } else if (mode === "meshc") {
    const loaded = await loadFiles(files, { maxFileBytes: 1 << 30 });
    const diags = validateResources(loaded.resources);
    const model = buildModel(loaded.resources);
    count = model.size;
    if (diags.length > 0 || loaded.diagnostics.length > 0) throw new Error(`unexpected findings: ${JSON.stringify([...loaded.diagnostics, ...diags].slice(0, 3))}`);
  } else if (mode === "analyze") {
    // The whole `meshc analyze --use-kube=false -A -o json` run, in-process, with every registered analyzer.
    const { main } = await import("../../src/cli/main.js");
    const { memoryIo } = await import("../../src/cli/io.js");
    await import("../../src/analyze/registry.js");
    const start = performance.now();
    const io = memoryIo();
    const exit = await main(["analyze", "--use-kube=false", "-A", "-o", "json", ...files], io);
    if (exit !== 0 && exit !== 79) throw new Error(`meshc analyze exited ${exit}: ${io.err()}`);
    count = (JSON.parse(io.out()) as unknown[]).length;
    console.log(JSON.stringify({ ms: performance.now() - start, rssMb: rss(), count }));
    process.exit(0);
  } else if (mode === "compile-proxy" || mode === "diff-proxy") {
    // `meshc compile MESH --proxy P` (a config dump) or `meshc diff OLD NEW --proxy P -o json`, in-process.
    const { main } = await import("../../src/cli/main.js");
    const { memoryIo } = await import("../../src/cli/io.js");
    const proxy = process.env.BENCH_PROXY ?? "svc-0-v1.team-0";
    const start = performance.now();
    const io = memoryIo();
    const args = mode === "compile-proxy" ? ["compile", files[0]!, "--proxy", proxy] : ["diff", files[0]!, files[1]!, "--proxy", proxy, "-o", "json"];
    const exit = await main(args, io);
    if (exit !== 0 && exit !== 2) throw new Error(`meshc ${args[0]} exited ${exit}: ${io.err()}`);
    count = mode === "diff-proxy" ? (JSON.parse(io.out()) as { changes: unknown[] }).changes.length : io.out().length;
    console.log(JSON.stringify({ ms: performance.now() - start, rssMb: rss(), count }));
    process.exit(0);
  } else if (mode === "compile-gateway") {
    // The ingress gateway the mesh's Gateways select: load + model, then router compiles (the first builds the per-model indexes).
    const { compileProxy } = await import("../../src/compile/compile.js");
    const { compileOptionsFor } = await import("../../src/compile/options.js");
    const { findWorkload } = await import("../../src/cli/commands/bootstrap-run.js");
    const loaded = await loadFiles(files, { maxFileBytes: 1 << 30 });
    const model = buildModel(loaded.resources);
    const w = findWorkload(model, process.env.BENCH_GATEWAY ?? "istio-ingressgateway.istio-system");
    let start = performance.now();
    compileProxy(model, compileOptionsFor(model, w), w);
    const firstMs = performance.now() - start;
    // Like the sidecar rows: the time of a compile once the per-model indexes exist (firstMs: with them).
    start = performance.now();
    const r = compileProxy(model, compileOptionsFor(model, w), w);
    const ms = performance.now() - start;
    const vhosts = r.ir.routeConfigs.reduce((n, rc) => n + rc.virtualHosts.length, 0);
    if (r.ir.proxy.type !== "router" || vhosts === 0) throw new Error("the gateway did not compile as a router with virtual hosts");
    console.log(JSON.stringify({ ms, firstMs, rssMb: rss(), count: vhosts, gateways: model.list("Gateway").length, listeners: r.ir.listeners.length, routeConfigs: r.ir.routeConfigs.length, chains: r.ir.listeners.reduce((n, l) => n + l.chains.length, 0) }));
    process.exit(0);
  } else if (mode === "compile") {
    const { measureCompile } = await import("./compile-figures.js");
    console.log(JSON.stringify(await measureCompile(files)));
    process.exit(0);
  } else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, rssMb: rss(), count }));
}
