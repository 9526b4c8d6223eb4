/** The commander program, built fresh for every run so tests get a clean one. */
import { Command, Option } from "commander";
import { VERSION } from "../version.js";
import type { CliContext } from "./context.js";
import { COMMANDS } from "./commands/index.js";

export function createProgram(ctx: CliContext): Command {
  const program = new Command("meshc");
  program
    .description(
      "Declarative service-mesh config compiler for Istio: load, validate, analyze and compile Istio YAML offline.",
    )
    .version(VERSION, "--version", "print the meshc version")
    .addOption(new Option("-v, --verbose", "print more detail, including stack traces of internal errors"))
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, "meshc: ")),
    })
    .exitOverride();
  program.addHelpText(
    "after",
    `
Examples:
  meshc validate -f fixtures/blog-app/                 check every resource against Istio's schemas and rules
  meshc analyze fixtures/blog-app-broken/              istioctl analyze's findings (and meshc's own), offline
  meshc analyze -n blog-app                            the same against the current kubeconfig context
  meshc kube-inject -f app.yaml | kubectl apply -f -   inject sidecars exactly as istioctl does
  meshc bootstrap posts-v1.blog-app fixtures/blog-app/ the Envoy bootstrap of a workload's proxy
  meshc proxy-config clusters -f config_dump.json      tables of an Envoy config dump, as istioctl prints them
  meshc simulate -f config_dump.json --url http://reviews:9080/api -H 'end-user: jason'
  meshc version                                        print the version

Exit codes: 0 ok, 1 internal error, 64 usage error, 65 bad input,
79 findings (analyze: a message at or above --failure-threshold; simulate: the request fails).`,
  );
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}
