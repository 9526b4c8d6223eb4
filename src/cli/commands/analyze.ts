/** meshc analyze: istioctl analyze, offline by default for files, with every analyzer running on files too. */
import { Command, InvalidArgumentError, Option } from "commander";
import type { Level } from "../../diagnostic.js";
import { collect, type CliContext } from "../context.js";

export const ANALYSIS_FORMATS = ["log", "json", "yaml", "sarif", "github"] as const;
export type AnalysisFormat = (typeof ANALYSIS_FORMATS)[number];

interface Flags {
  useKube?: boolean;
  allNamespaces?: boolean;
  namespace?: string;
  istioNamespace: string;
  kubeconfig?: string;
  context?: string;
  revision?: string;
  timeout?: number;
  output: AnalysisFormat;
  failureThreshold: Level;
  outputThreshold: Level;
  suppress?: string[];
  config?: string;
  listAnalyzers?: boolean;
  analyzer?: string[];
  meshConfigFile?: string;
  ignoreUnknown?: boolean;
  color?: boolean;
  verbose?: boolean;
  recursive?: boolean;
}

function parseFormat(v: string): AnalysisFormat {
  const f = v.toLowerCase() as AnalysisFormat;
  if (!ANALYSIS_FORMATS.includes(f)) throw new InvalidArgumentError(`${v} not a valid option for format (one of: ${ANALYSIS_FORMATS.join(", ")}). See meshc analyze --help`);
  return f;
}

function parseLevel(v: string): Level {
  const l = ({ info: "Info", warning: "Warning", error: "Error" } as const)[v.toLowerCase()];
  if (!l) throw new InvalidArgumentError(`invalid level option "${v}" (one of: Info, Warning, Error)`);
  return l;
}

/** A Go duration ("30s", "1m30s", "500ms") in milliseconds. */
function parseDuration(v: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== v) throw new InvalidArgumentError(`"${v}" is not a duration (e.g. 30s, 1m)`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]!]!, 0);
}

const BOOLEAN_FLAGS = new Set(["--use-kube", "--all-namespaces", "--color", "--list-analyzers", "--ignore-unknown", "--recursive"]);
const TRUE = new Set(["true", "1", "t", "T", "TRUE", "True"]);
const FALSE = new Set(["false", "0", "f", "F", "FALSE", "False"]);

/** cobra's `--use-kube=false`, `--color=true`: rewritten to commander's `--no-use-kube` / `--color`. */
export function normalizeBooleanFlags(args: readonly string[]): string[] {
  return args.map((a) => {
    const m = /^(--[a-z-]+)=(.*)$/.exec(a);
    if (!m || !BOOLEAN_FLAGS.has(m[1]!)) return a;
    if (TRUE.has(m[2]!)) return m[1]!;
    if (FALSE.has(m[2]!)) return `--no-${m[1]!.slice(2)}`;
    return a;
  });
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("analyze")
    .description("Find problems in Istio configuration (istioctl analyze): files, stdin or a live cluster")
    .argument("[paths...]", "files or directories (recursive: .yaml, .yml, .json); - for stdin")
    .addOption(new Option("-k, --use-kube", "use the live cluster as the base (default: only when no file is given; --use-kube=false: never)"))
    .addOption(new Option("--no-use-kube", "analyze files only; never contact a cluster").hideHelp())
    .option("-A, --all-namespaces", "report on every namespace; resources without a namespace keep none")
    .option("-n, --namespace <ns>", "namespace reported on, and given to resources without one (default: the context's, else default)")
    .option("-i, --istioNamespace <ns>", "Istio's namespace (mesh config ConfigMap `istio`)", "istio-system")
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    .option("--context <name>", "kubeconfig context to use")
    .option("-r, --revision <rev>", "cluster mode: read the mesh config of this control-plane revision (ConfigMap istio-<rev>)")
    .addOption(new Option("--timeout <duration>", "cluster mode: give up on a silent API server after this long").argParser(parseDuration))
    .addOption(new Option("-o, --output <format>", `output format: ${ANALYSIS_FORMATS.join(", ")}`).argParser(parseFormat).default("log"))
    .addOption(new Option("--failure-threshold <level>", "lowest level that fails the run (exit 79): Info, Warning, Error").argParser(parseLevel).default("Error"))
    .addOption(new Option("--output-threshold <level>", "lowest level printed: Info, Warning, Error").argParser(parseLevel).default("Info"))
    .option("-S, --suppress <CODE=RESOURCE>", 'drop messages: "IST0102=Namespace *", "IST0101=VirtualService blog-app/*" (repeatable; * matches anything)', collect)
    .option("--config <file>", "suppression file (default: .meshc.yaml in the current directory, if present)")
    .option("-L, --list-analyzers", "list the analyzers and exit")
    .option("--analyzer <name>", "run only this analyzer (repeatable; names from -L)", collect)
    .option("--meshConfigFile <file>", "mesh config YAML (the `mesh` key of the istio ConfigMap, or the ConfigMap)")
    .option("--ignore-unknown", "do not fail (exit 65) because some input could not be parsed")
    .option("--color", "colour the level words of log output (default: on a terminal, unless NO_COLOR)")
    .option("--no-color", "no colour")
    .addOption(new Option("-R, --recursive", "removed in istioctl (directories are always recursive)").hideHelp())
    .addHelpText(
      "after",
      `
Examples:
  meshc analyze -n blog-app                        the cluster's config (kubeconfig), messages about blog-app
  meshc analyze manifests/                         files only (no cluster); resources without a namespace get "default"
  kustomize build . | meshc analyze -              stdin
  meshc analyze manifests/ -o sarif > meshc.sarif  for GitHub code scanning (-o github: workflow annotations)
  meshc analyze manifests/ -S "IST0102=Namespace *" --failure-threshold Warning

Beyond istioctl: on files, istioctl ignores Pods, Services, Namespaces, Nodes and Secrets and skips every
analyzer that reads them (21 of them). meshc reads every kind from files and treats the pod templates of
Deployments, StatefulSets, DaemonSets, Jobs and other workloads as pods, so all analyzers run offline.

Suppression: -S, the annotation galley.istio.io/analyze-suppress: "IST0103,IST0108" (or "*") on a resource,
or a checked-in .meshc.yaml (or --config FILE), where every entry needs a reason:
  analyze:
    suppress:
      - code: IST0102
        resource: "Namespace *"
        reason: "injection is enabled per workload"

-v/--verbose (a global flag) also prints the namespace analyzed and the analyzers run or skipped.
Output goes to stdout (json, yaml, sarif, github: data only); notices and the summary go to stderr.
Exit codes (every format): 0 no message at or above --failure-threshold, 79 such a message exists,
65 some input could not be parsed (not with --ignore-unknown), 64 usage error, 1 internal or cluster error.`,
    )
    .action(async (paths: string[], flags: Flags, command: Command) => {
      const verbose = flags.verbose || command.optsWithGlobals().verbose === true;
      const { runAnalyze } = await import("./analyze-run.js");
      ctx.exitCode = await runAnalyze(paths, { ...flags, verbose }, ctx.io);
    });
  // Accept cobra's --flag=false spelling of boolean flags.
  const parseOptions = cmd.parseOptions.bind(cmd);
  cmd.parseOptions = (args: string[]) => parseOptions(normalizeBooleanFlags(args));
}

export type { Flags as AnalyzeFlags };
