/** meshc diff: what a change to Istio config changes in a sidecar's Envoy config. */
import { Option, type Command } from "commander";
import type { CliContext } from "../context.js";

interface Flags {
  proxy?: string;
  all?: boolean;
  git?: string;
  output: "text" | "json";
  full?: boolean;
  unified: string;
  flavor: "stock" | "istio";
  meshConfigFile?: string;
  namespace?: string;
  ip?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("diff")
    .description("Compile two versions of Istio config and show what changes in a sidecar's Envoy config (listeners, routes, clusters, endpoints)")
    .argument("[paths...]", "OLD NEW: two files or directories (- for stdin, on one side); with --git: the paths to compare (default .)")
    .option("--proxy <workload>", "the workload as <name>.<namespace>")
    .option("--all", "every workload present on either side, grouped by proxy")
    .option("--git <rev>", "compare the paths as they were at git revision <rev> (old) with the working tree (new)")
    .addOption(new Option("-o, --output <format>", "text: unified diffs of canonical JSON; json: the list of changed resources and JSON paths").choices(["text", "json"]).default("text"))
    .option("--full", "text: also print the JSON of added and removed resources")
    .option("-U, --unified <lines>", "text: lines of context around each change", "3")
    .addOption(new Option("--flavor <flavor>", "compile with stock Envoy extensions only, or with istio-proxy's").choices(["stock", "istio"]).default("stock"))
    .option("--meshConfigFile <file>", "mesh config YAML, used for both sides")
    .option("-n, --namespace <ns>", "namespace of resources that have none (default: default)")
    .option("--ip <address>", "the pod IP, on both sides (default: the Pod's status.podIP, else 192.0.2.1)")
    .option("--color", "force colour (text output)")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Each side is compiled for the one proxy (with --all: for each workload of either side) and its
resources are matched by name per type. Each resource is compared as canonical JSON (Envoy's
JSON, keys sorted, 2-space indent); a changed one is shown as a unified diff headed
"--- old/<type>/<name>" "+++ new/<type>/<name>", an added or removed one as one line
("+ added cluster outbound|…", "- removed route 9080"; its JSON too with --full). Output is
ordered by type (listener, route, cluster, endpoint), then name; each hunk header ends with the
JSON path of its first changed line. A proxy present on one side only is diffed against an
empty config. With --all, text shows only the proxies that changed. Bootstrap and secrets are
not compared; --meshConfigFile, --namespace and --ip apply to both sides.

-o json prints {"proxy", "change"?, "changes": [{"type", "name", "change", "paths"?}]}
(with --all: {"proxies": [...changed proxies...], "unchanged": <count>}). "change" is
added, removed or changed; "paths" lists the JSON paths that differ in a changed resource, e.g.
virtual_hosts[2].routes[0].route.weighted_clusters.clusters[0].weight. Array elements are
counted from 0; arrays of elements with distinct "name"s (virtual hosts, routes, filter chains,
filters, weighted clusters) are matched by name and show the element's index on the new side.

--git <rev> [paths...] reads the paths as they are at <rev> (git ls-tree and git cat-file, run in
the current directory, which must be inside a git work tree; paths are relative to it) and
compares them with the files on disk (untracked files included). A path missing on one side
counts as empty there. Not in a git work tree, git not installed, or an unknown revision is a
usage error (64); unreadable files at <rev> are bad input (65).

Examples:
  meshc diff fixtures/blog-app fixtures/diff/weight-changed --proxy frontend.blog-app
  meshc diff old/ new/ --all -o json
  meshc diff --git HEAD~1 k8s/ --proxy frontend.blog-app
  kubectl get vs,dr,svc,deploy -A -o yaml | meshc diff - k8s/ --proxy frontend.blog-app   (live → local)

Exit codes: 0 no change, 2 something changed, 64 usage error, 65 bad input on either side or a
workload on neither side, 1 internal error.`,
    )
    .action(async (paths: string[], flags: Flags) => {
      const { runDiff } = await import("./diff-run.js");
      ctx.exitCode = await runDiff(paths, flags, ctx.io);
    });
}

export type { Flags as DiffFlags };
