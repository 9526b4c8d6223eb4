/** What every command gets: the Io, and a way to report its exit code. */
import type { Command } from "commander";
import type { Io } from "./io.js";

export interface CliContext {
  io: Io;
  /** Set by a command's action; main() returns it. */
  exitCode: number;
}

/** A command module registers its flags (cheap) and lazy-imports the library in its action. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Collect a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
