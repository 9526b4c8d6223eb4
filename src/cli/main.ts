/** The one place that turns errors into messages and exit codes. */
import { CommanderError } from "commander";
import { EXIT_CODES, InputError, MeshcError, exitCodeFor } from "../errors.js";
import type { CliContext } from "./context.js";
import { processIo, type Io } from "./io.js";
import { createProgram } from "./program.js";

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const ctx: CliContext = { io, exitCode: EXIT_CODES.ok };
  const verbose = argv.includes("-v") || argv.includes("--verbose");
  const program = createProgram(ctx);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_CODES.ok;
    }
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; anything else is a usage error.
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT_CODES.ok;
      if (e.code === "commander.executeSubCommandAsync") return EXIT_CODES.ok;
      io.stderr.write("Run 'meshc --help' for usage.\n");
      return EXIT_CODES.usage;
    }
    if (e instanceof MeshcError) {
      const where = e instanceof InputError && e.location ? `${e.location.file}${e.location.line ? `:${e.location.line}${e.location.column ? `:${e.location.column}` : ""}` : ""}: ` : "";
      io.stderr.write(`meshc: ${where}${e.message}\n`);
      if (e.hint) io.stderr.write(`hint: ${e.hint}\n`);
      if (verbose && e.stack) io.stderr.write(`${e.stack}\n`);
      return exitCodeFor(e);
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`meshc: internal error: ${err.message}\n`);
    if (verbose) io.stderr.write(`${err.stack ?? ""}\n`);
    else io.stderr.write("hint: this is a bug in meshc; rerun with --verbose for the stack trace and report it\n");
    return EXIT_CODES.internal;
  }
}

/** Entry point used by bin/meshc.js. */
export function run(): void {
  // `meshc … | head`: a closed pipe ends the run quietly, as for any Unix tool.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`meshc: internal error: ${String(e)}\n`);
      process.exitCode = EXIT_CODES.internal;
    },
  );
}
