/** The CLI's only contact with the process: streams, environment, stdin, atomic file writes. Tests pass their own. */
import { randomBytes } from "node:crypto";
import { rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface OutStream {
  write(text: string): void;
  isTTY?: boolean;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  readStdin(): Promise<Uint8Array>;
}

export function processIo(): Io {
  return {
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/** An Io that records everything: for tests. */
export function memoryIo(stdin = "", env: Record<string, string | undefined> = {}): Io & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s) => void (out += s), isTTY: false },
    stderr: { write: (s) => void (err += s), isTTY: false },
    env,
    cwd: process.cwd(),
    readStdin: async () => new TextEncoder().encode(stdin),
    out: () => out,
    err: () => err,
  };
}

/** Write a file so that readers see the old content or the whole new content, never a part. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
