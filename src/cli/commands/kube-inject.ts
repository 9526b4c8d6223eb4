/** meshc kube-inject: istioctl kube-inject, offline and byte for byte. */
import { Option, type Command } from "commander";
import { collect, type CliContext } from "../context.js";

interface Flags {
  filename?: string[];
  output?: string;
  meshConfigFile?: string;
  valuesFile?: string;
  injectConfigFile?: string;
  operatorFileName?: string;
  revision?: string;
  nativeSidecars?: boolean;
  force?: boolean;
  patch?: "strategic" | "json" | true;
  dryRun?: boolean;
  format?: "text" | "json";
  useKube?: boolean;
  istioNamespace: string;
  kubeconfig?: string;
  context?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("kube-inject")
    .description("Inject the Istio sidecar into Kubernetes workloads, offline (same output as istioctl kube-inject)")
    .option("-f, --filename <path>", "input manifest, - for stdin (as istioctl, the last -f wins)", collect)
    .option("-o, --output <file>", "write the result to this file (written atomically: all or nothing) instead of stdout; with --dry-run, json|text picks the report format")
    .option("--meshConfigFile <file>", "mesh config YAML (as the `mesh` key of the istio ConfigMap)")
    .option("--valuesFile <file>", "injector values, YAML or JSON (merged over Istio's defaults)")
    .option("--injectConfigFile <file>", "injection templates: a config with `templates:` or one bare sidecar template")
    .option("--operatorFileName <file>", "an IstioOperator; its meshConfig and values win over --meshConfigFile/--valuesFile")
    .option("--revision <rev>", "control-plane revision (`default` = none)")
    .option("--native-sidecars", "run istio-proxy as a native sidecar (init container with restartPolicy: Always)")
    .option("--force", "re-inject workloads that are already injected, replacing the old sidecar cleanly")
    .addOption(new Option("--patch [format]", "print a patch per workload instead of the whole object").choices(["strategic", "json"]))
    .option("--dry-run", "print what would happen to each workload (injected, or why skipped) instead of manifests")
    .addOption(new Option("--format <format>", "report format for --dry-run").choices(["text", "json"]).default("text"))
    .option("--use-kube", "read mesh config, values and templates from the cluster's istio / istio-sidecar-injector ConfigMaps")
    .option("-i, --istioNamespace <ns>", "namespace of the Istio control plane (with --use-kube)", "istio-system")
    .option("--kubeconfig <file>", "kubeconfig file (with --use-kube)")
    .option("--context <name>", "kubeconfig context (with --use-kube)")
    .addHelpText(
      "after",
      `
Examples:
  meshc kube-inject -f app.yaml | kubectl apply -f -
  meshc kube-inject -f app.yaml --meshConfigFile mesh.yaml --valuesFile values.json -o injected.yaml
  meshc kube-inject -f app.yaml --dry-run --format json

Without settings files Istio's built-in defaults are used. Skipped workloads are reported on stderr.
Environment: ENABLE_NATIVE_SIDECARS=true (as --native-sidecars), COMPLIANCE_POLICY (e.g. fips-140-3).
Exit codes: 0 ok, 64 usage error, 65 bad input (nothing is written).`,
    )
    .action(async (flags: Flags) => {
      const { runKubeInject } = await import("./kube-inject-run.js");
      ctx.exitCode = await runKubeInject(flags, ctx.io);
    });
}

export type { Flags as KubeInjectFlags };
