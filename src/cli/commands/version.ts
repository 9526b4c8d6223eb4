/** meshc version */
import { Option, type Command } from "commander";
import { VERSION } from "../../version.js";
import type { CliContext } from "../context.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("version")
    .description("Print the meshc version")
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExamples:\n  meshc version\n  meshc version -o json\n")
    .action((flags: { output: string }) => {
      ctx.io.stdout.write(flags.output === "json" ? JSON.stringify({ meshc: VERSION, node: process.versions.node }) + "\n" : `meshc ${VERSION}\n`);
    });
}
