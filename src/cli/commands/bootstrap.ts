/** meshc bootstrap: the Envoy bootstrap Istio's agent writes for one workload's proxy. */
import { Option, type Command } from "commander";
import { collect, type CliContext } from "../context.js";

interface Flags {
  filename?: string[];
  meshConfigFile?: string;
  output: "json" | "yaml";
  flavor: "stock" | "istio";
  out?: string;
  ip?: string;
  podName?: string;
  istioVersion?: string;
  namespace?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("bootstrap")
    .description("Print the Envoy bootstrap (envoy-rev.json) Istio's agent writes for a workload's proxy, offline")
    .argument("<workload>", "the workload as <name>.<namespace> (a Pod, a Deployment or other pod template, or a WorkloadEntry)")
    .argument("[paths...]", "files or directories (recursive: .yaml, .yml, .json); - for stdin")
    .option("-f, --filename <path>", "a file, directory or - for stdin (repeatable)", collect)
    .option("--meshConfigFile <file>", "mesh config YAML (the `mesh` key of the istio ConfigMap, or the ConfigMap)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["json", "yaml"]).default("json"))
    .addOption(new Option("--flavor <flavor>", "Envoy type set the output is checked against").choices(["stock", "istio"]).default("stock"))
    .option("--out <file>", "write to this file (atomically: all or nothing) instead of stdout")
    .option("--ip <address>", "the pod IP (default: the Pod's status.podIP, else 192.0.2.1)")
    .option("--pod-name <name>", "the pod name (default: the workload's name)")
    .option("--istio-version <version>", "ISTIO_VERSION the proxy reports (default 1.28.0)")
    .option("-n, --namespace <ns>", "namespace of resources that have none (default: default)")
    .addHelpText(
      "after",
      `
Examples:
  meshc bootstrap posts-v1.blog-app fixtures/blog-app
  meshc bootstrap istio-ingressgateway.istio-system -f fixtures/blog-app -o yaml
  meshc bootstrap reviews-v1.default manifests/ --meshConfigFile mesh.yaml --out envoy-rev.json

Proxy config layers, lowest first: Istio's defaults, mesh defaultConfig, ProxyConfig resources (root
namespace, namespace, workload selector), the pod's proxy.istio.io/config annotation. A workload
running \`pilot-agent proxy router\` (a gateway) gets a router node (id router~...).
Exit codes: 0 ok, 64 usage error, 65 bad input or unknown workload.`,
    )
    .action(async (workload: string, paths: string[], flags: Flags) => {
      const { runBootstrap } = await import("./bootstrap-run.js");
      ctx.exitCode = await runBootstrap(workload, paths, flags, ctx.io);
    });
}

export type { Flags as BootstrapFlags };
