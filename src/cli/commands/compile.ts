/** meshc compile: the Envoy configuration istiod would send one sidecar, offline. */
import { Option, type Command } from "commander";
import { collect, type CliContext } from "../context.js";

interface Flags {
  filename?: string[];
  proxy?: string;
  all?: boolean;
  output: "json" | "yaml";
  outDir?: string;
  emit: "dump" | "xds" | "ir";
  flavor: "stock" | "istio";
  meshConfigFile?: string;
  namespace?: string;
  ip?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("compile")
    .description("Compile Istio config into the Envoy configuration (LDS, RDS, CDS, EDS, SDS references) of one sidecar")
    .argument("[paths...]", "files or directories (recursive: .yaml, .yml, .json); - for stdin")
    .option("-f, --filename <path>", "a file, directory or - for stdin (repeatable)", collect)
    .option("--proxy <workload>", "the workload as <name>.<namespace> (a Pod, a Deployment or other pod template, or a WorkloadEntry)")
    .option("--all", "compile every workload of the input into --out-dir")
    .addOption(new Option("-o, --output <format>", "output format").choices(["json", "yaml"]).default("json"))
    .option("--out-dir <dir>", "write files there (atomically) instead of stdout")
    .addOption(new Option("--emit <what>", "dump: an Envoy admin config dump; xds: one DiscoveryResponse per type + bootstrap.json; ir: meshc's intermediate form").choices(["dump", "xds", "ir"]).default("dump"))
    .addOption(new Option("--flavor <flavor>", "stock: only upstream Envoy extensions; istio: plus istio-proxy's filters").choices(["stock", "istio"]).default("stock"))
    .option("--meshConfigFile <file>", "mesh config YAML (the `mesh` key of the istio ConfigMap, or the ConfigMap)")
    .option("-n, --namespace <ns>", "namespace of resources that have none (default: default)")
    .option("--ip <address>", "the pod IP (default: the Pod's status.podIP, else 192.0.2.1)")
    .addHelpText(
      "after",
      `
Examples:
  meshc compile fixtures/blog-app --proxy frontend.blog-app > dump.json
  meshc compile fixtures/blog-app --proxy posts-v1.blog-app --emit xds --out-dir out/
  meshc compile fixtures/blog-app --all --out-dir out/
  meshc proxy-config routes frontend.blog-app fixtures/blog-app

Exit codes: 0 ok, 64 usage error, 65 bad input or unknown workload.`,
    )
    .action(async (paths: string[], flags: Flags) => {
      const { runCompile } = await import("./compile-run.js");
      ctx.exitCode = await runCompile(paths, flags, ctx.io);
    });
}

export type { Flags as CompileFlags };
