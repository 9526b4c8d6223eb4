/** meshc validate: schema + CEL + webhook rules (and, with -x, references between the given resources). */
import { Option, type Command } from "commander";
import { collect, type CliContext } from "../context.js";

interface Flags {
  filename?: string[];
  referential?: boolean;
  output: "text" | "json" | "yaml";
  ignoreUnknown?: boolean;
  maxFileSize?: string;
  color?: boolean;
  useKube?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("validate")
    .description("Validate Istio and Kubernetes resources against Istio's schemas, CEL rules and webhook checks, offline")
    .argument("[paths...]", "files or directories (recursive: .yaml, .yml, .json); - for stdin")
    .option("-f, --filename <path>", "a file, directory or - for stdin (repeatable)", collect)
    .option("-x, --referential", "also check references between the given resources (gateways, subsets, hosts)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json", "yaml"]).default("text"))
    .option("--ignore-unknown", "do not warn about documents of unknown kinds or that are not Kubernetes objects")
    .option("--max-file-size <MiB>", "largest input file to read, in MiB (default 64)")
    .option("--use-kube", "validate the Istio resources stored in the cluster instead of (or besides) files")
    .option("--kubeconfig <path>", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    .option("--context <name>", "kubeconfig context to use")
    .option("-n, --namespace <ns>", "namespace of resources without one, and the namespace listed with --use-kube")
    .option("-A, --all-namespaces", "with --use-kube: every namespace")
    .option("--color", "force colour")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Examples:
  meshc validate -f reviews.yaml                  one file
  meshc validate fixtures/blog-app/               every .yaml/.yml/.json below a folder
  kustomize build . | meshc validate -f -         stdin
  meshc validate -x -f manifests/ -o json         with reference checks, as JSON
  meshc validate --use-kube -n blog-app           what is stored in the cluster (needs a kubeconfig)

Unknown fields, wrong types, bad enum values, bad durations and Istio's CEL and webhook rules are all
errors (istioctl accepts unknown fields; meshc does not). Exit codes: 0 valid, 65 invalid, 64 usage.`,
    )
    .action(async (paths: string[], flags: Flags) => {
      const { runValidate } = await import("./validate-run.js");
      ctx.exitCode = await runValidate(paths, flags, ctx.io);
    });
}

export type { Flags as ValidateFlags };
