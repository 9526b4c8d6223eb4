/**
 * Errors that mean "meshc cannot run". User mistakes in resources are Diagnostics, not errors.
 * One table (EXIT_CODES) maps each class to the process exit code; only src/cli uses it.
 */

export type ErrorCode = "usage" | "input" | "internal" | "cluster";

export abstract class MeshcError extends Error {
  abstract readonly code: ErrorCode;
  /** Optional one-line advice printed after the message. */
  readonly hint: string | undefined;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** The command line was wrong: unknown flag, missing argument, conflicting options. Exit 64. */
export class UsageError extends MeshcError {
  readonly code = "usage" as const;
}

/** The input could not be read or parsed at all (missing file, malformed YAML, over a limit). Exit 65. */
export class InputError extends MeshcError {
  readonly code = "input" as const;
  constructor(
    message: string,
    readonly location?: { file: string; line?: number; column?: number },
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The cluster could not be reached or answered with an error. Exit 1 (as kubectl). */
export class ClusterError extends MeshcError {
  readonly code = "cluster" as const;
}

/** A bug in meshc. Exit 1. */
export class InternalError extends MeshcError {
  readonly code = "internal" as const;
}

/** The one table of exit codes (sysexits-style, as istioctl). */
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  cluster: 1,
  usage: 64,
  input: 65,
  /** diff: the Envoy config changed (so CI can gate on it) */
  changed: 2,
  /** analyze: a message at or above --failure-threshold; simulate: the request fails */
  findings: 79,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof MeshcError) return EXIT_CODES[error.code];
  return EXIT_CODES.internal;
}
