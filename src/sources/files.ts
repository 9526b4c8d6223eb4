/** Turning path arguments into files to read: directories recursively, loops detected, limits enforced. */
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostic.js";
import { LOAD_CODES } from "./source.js";

export const INPUT_EXTENSIONS = [".yaml", ".yml", ".json"];

/** Largest file meshc reads by default (64 MiB); `maxFileBytes` changes it. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ExpandedPaths {
  files: string[];
  diagnostics: Diagnostic[];
}

function problem(file: string, message: string, code: string = LOAD_CODES.read): Diagnostic {
  return { code, level: "Error", message, origin: { file, line: 0, column: 0 } };
}

/** Expand paths (files kept whatever their extension; directories walked for .yaml/.yml/.json), sorted per directory. */
export async function expandPaths(paths: readonly string[]): Promise<ExpandedPaths> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seenFiles = new Set<string>();

  const walk = async (dir: string, ancestors: Set<string>): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      diagnostics.push(problem(dir, describeFsError(e, dir)));
      return;
    }
    if (ancestors.has(real)) {
      diagnostics.push({ code: LOAD_CODES.read, level: "Warning", message: `directory loop: ${dir} leads back to ${real}; not followed again`, origin: { file: dir, line: 0, column: 0 } });
      return;
    }
    const inner = new Set(ancestors).add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      diagnostics.push(problem(dir, describeFsError(e, dir)));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const p = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const s = await stat(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          diagnostics.push({ code: LOAD_CODES.read, level: "Warning", message: `broken symbolic link ${p} skipped`, origin: { file: p, line: 0, column: 0 } });
          continue;
        }
      }
      if (isDir) {
        if (!entry.name.startsWith(".")) await walk(p, inner);
      } else if (isFile && INPUT_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        addFile(p, await realpath(p).catch(() => p));
      }
    }
  };

  const addFile = (display: string, real: string) => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(display);
  };

  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch (e) {
      diagnostics.push(problem(p, describeFsError(e, p)));
      continue;
    }
    if (s.isDirectory()) await walk(p, new Set());
    else addFile(p, await realpath(p).catch(() => p));
  }
  return { files, diagnostics };
}

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Read a file as UTF-8 text, refusing binaries, invalid UTF-8 and files over the size limit. */
export async function readTextFile(path: string, maxBytes: number): Promise<ReadResult> {
  try {
    const s = await stat(path);
    if (s.size > maxBytes) {
      return { ok: false, diagnostic: problem(path, `file is ${formatBytes(s.size)}, over the ${formatBytes(maxBytes)} limit; split it, or raise the limit with --max-file-size`, LOAD_CODES.limit) };
    }
    const buf = await readFile(path);
    return decodeText(path, buf, maxBytes);
  } catch (e) {
    return { ok: false, diagnostic: problem(path, describeFsError(e, path)) };
  }
}

export function decodeText(name: string, buf: Uint8Array, maxBytes: number): ReadResult {
  if (buf.length > maxBytes) {
    return { ok: false, diagnostic: problem(name, `input is ${formatBytes(buf.length)}, over the ${formatBytes(maxBytes)} limit; split it, or raise the limit with --max-file-size`, LOAD_CODES.limit) };
  }
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, diagnostic: problem(name, "not a text file (it contains NUL bytes); give YAML or JSON files") };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    return { ok: false, diagnostic: problem(name, "not UTF-8 text; save the file as UTF-8") };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}

function describeFsError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return `no such file or directory: ${path}`;
    case "EACCES":
    case "EPERM":
      return `permission denied reading ${path}`;
    case "ELOOP":
      return `too many levels of symbolic links at ${path}`;
    case "EISDIR":
      return `${path} is a directory`;
    default:
      return `cannot read ${path}: ${(e as Error)?.message ?? String(e)}`;
  }
}
