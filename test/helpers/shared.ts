/** Where the shared conformance data and reference files live (beside the checkout), if present. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_DIR = join(REPO_ROOT, "..", "shared");
export const HAS_SHARED = existsSync(join(SHARED_DIR, "reference"));

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/** The one-line notice a test prints when it skips for lack of ../shared. */
export function skipNotice(what: string): string {
  return `${what}: skipped (../shared not found beside the checkout)`;
}
