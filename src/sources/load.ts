/** The entry point for file and stdin sources. */
import type { Diagnostic } from "../diagnostic.js";
import { parseSourceText, type ParseOptions } from "./documents.js";
import { DEFAULT_MAX_FILE_BYTES, decodeText, expandPaths, readTextFile } from "./files.js";
import type { LoadResult } from "./source.js";

export interface LoadOptions extends ParseOptions {
  /** Reads standard input; required when an input is "-" (the CLI passes process.stdin's reader). */
  readStdin?: () => Promise<Uint8Array>;
  /** Largest file accepted, in bytes. */
  maxFileBytes?: number;
}

/** Load every resource from paths (files, directories, "-" for stdin), in argument order. */
export async function loadFiles(inputs: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const result: LoadResult = { resources: [], diagnostics: [] };
  const add = (name: string, text: string) => {
    const r = parseSourceText(name, text, options);
    for (const res of r.resources) result.resources.push(res);
    for (const d of r.diagnostics) result.diagnostics.push(d);
  };
  let stdinRead = false;
  for (const input of inputs) {
    if (input === "-") {
      if (stdinRead) continue;
      stdinRead = true;
      if (!options.readStdin) throw new Error("stdin requested but no stdin reader given");
      const r = decodeText("<stdin>", await options.readStdin(), maxBytes);
      if (!r.ok) result.diagnostics.push(r.diagnostic);
      else add("<stdin>", r.text);
      continue;
    }
    const expanded = await expandPaths([input]);
    for (const d of expanded.diagnostics) result.diagnostics.push(d);
    for (const file of expanded.files) {
      const r = await readTextFile(file, maxBytes);
      if (!r.ok) result.diagnostics.push(r.diagnostic);
      else add(file, r.text);
    }
  }
  return result;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.level === "Error");
}
