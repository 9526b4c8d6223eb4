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
  meshc validate -f fixtures/blog-app/          check every resource against Istio's schemas and rules
  meshc validate reviews.yaml -o json           the same, as JSON for scripts
  meshc version                                 print the version

Exit codes: 0 ok, 1 internal error, 64 usage error, 65 bad input, 79 analysis findings.`,
  );
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}
