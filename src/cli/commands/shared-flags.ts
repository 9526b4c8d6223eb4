/** Parsing of flags several commands share. */
import { UsageError } from "../../errors.js";
import { DEFAULT_MAX_FILE_BYTES } from "../../sources/files.js";

export function parseMaxFileSize(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_FILE_BYTES;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-file-size must be a positive number of MiB, not "${text}"`);
  return Math.floor(n * 1024 * 1024);
}
