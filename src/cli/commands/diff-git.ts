/**
 * `meshc diff --git REV [paths...]`: the input files as they were at a git revision. git runs with
 * execFile (no shell) in the working directory: `rev-parse` finds the repository and the commit,
 * `ls-tree -r -l -z` lists the blobs under the paths, one `cat-file --batch` reads them all; the
 * new side is what `ls-files --cached --others --exclude-standard` lists (so .gitignore'd files,
 * node_modules and the like, are on neither side) that exists on disk. Paths are resolved against
 * the working directory, then made relative to the repository root.
 * Directories keep what a directory walk keeps (.yaml/.yml/.json files, no hidden directories);
 * a path named exactly is kept whatever its extension, as on disk.
 */
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { isAbsolute, join, posix, relative, sep } from "node:path";
import type { Diagnostic } from "../../diagnostic.js";
import { UsageError } from "../../errors.js";
import { decodeText, formatBytes, INPUT_EXTENSIONS } from "../../sources/files.js";
import { LOAD_CODES } from "../../sources/source.js";

export interface RevisionFile {
  /** How diagnostics name it: `REV:path/from/repo/root.yaml`, as `git show` takes it. */
  name: string;
  text: string;
}

export interface RevisionFiles {
  files: RevisionFile[];
  diagnostics: Diagnostic[];
  /** Paths (as given) that do not exist at the revision. */
  missing: string[];
}

interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

function git(args: string[], cwd: string, input?: Buffer): Promise<GitResult> {
  return new Promise((done, fail) => {
    const child = execFile("git", args, { cwd, encoding: "buffer", maxBuffer: 1 << 30, windowsHide: true }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (error && typeof code === "string") {
        // Not an exit status: git could not be started (ENOENT), or its output was too large.
        fail(new UsageError(code === "ENOENT" ? "--git needs git, and git was not found on PATH" : `--git: git ${args[0]} failed: ${error.message.split("\n")[0]}`));
        return;
      }
      done({ ok: !error, stdout: stdout as Buffer, stderr: (stderr as Buffer).toString("utf8").trim() });
    });
    child.stdin?.on("error", () => undefined);
    if (input) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** The repository-relative form of a path argument; UsageError when it leaves the repository. */
function repoPath(prefix: string, cwd: string, p: string): string {
  const fromCwd = isAbsolute(p) ? relative(cwd, p) : p;
  const joined = posix.normalize(posix.join(prefix, fromCwd.split(sep).join("/")));
  const clean = joined.replace(/\/+$/, "");
  if (clean === ".." || clean.startsWith("../") || isAbsolute(clean)) throw new UsageError(`--git: ${p} is outside the git repository`);
  return clean === "" ? "." : clean;
}

function comparePaths(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number;
  path: string;
}

function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString("utf8").split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode = "", type = "", oid = "", size = ""] = record.slice(0, tab).split(/\s+/);
    entries.push({ mode, type, oid, size: Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}

/** The blobs of `oids`, in order, from one `git cat-file --batch`. */
async function readBlobs(oids: string[], cwd: string): Promise<Buffer[]> {
  if (oids.length === 0) return [];
  const r = await git(["cat-file", "--batch"], cwd, Buffer.from(oids.map((o) => `${o}\n`).join("")));
  if (!r.ok) throw new UsageError(`--git: git cat-file failed: ${r.stderr}`);
  const out = r.stdout;
  const blobs: Buffer[] = [];
  let at = 0;
  for (const oid of oids) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString("utf8").split(" ");
    if (header[1] !== "blob") throw new UsageError(`--git: cannot read object ${oid}`);
    const size = Number(header[2]);
    blobs.push(out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return blobs;
}

interface Wanted {
  given: string;
  /** Relative to the repository root, "/"-separated; "." for the root. */
  path: string;
}

/**
 * The listed files each path argument selects, in load order, without repeats: a path naming a
 * file exactly keeps it; a directory keeps its .yaml/.yml/.json files outside hidden directories.
 */
function select<T extends { path: string }>(listed: readonly T[], wanted: readonly Wanted[]): { chosen: T[]; missing: string[] } {
  const chosen: T[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    let matched = listed.filter((e) => w.path === "." || e.path === w.path || e.path.startsWith(`${w.path}/`));
    if (matched.length === 0) {
      missing.push(w.given);
      continue;
    }
    if (!(matched.length === 1 && matched[0]!.path === w.path)) {
      const base = w.path === "." ? "" : `${w.path}/`;
      matched = matched
        .filter((e) => INPUT_EXTENSIONS.some((ext) => e.path.toLowerCase().endsWith(ext)))
        .filter((e) => !e.path.slice(base.length).split("/").slice(0, -1).some((dir) => dir.startsWith(".")))
        .sort((a, b) => comparePaths(a.path, b.path));
    }
    for (const e of matched) {
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      chosen.push(e);
    }
  }
  return { chosen, missing };
}

export interface GitSides {
  /** The files at the revision. */
  old: RevisionFiles;
  /** The working tree's files as git sees them (tracked and untracked, not ignored), absolute paths. */
  newFiles: string[];
  /** Paths (as given) with no file in the working tree. */
  newMissing: string[];
}

/** The input files under `paths` (relative to `cwd`) as they are at `rev`, and as they are in the working tree. */
export async function readGitSides(rev: string, paths: readonly string[], cwd: string, maxBytes: number): Promise<GitSides> {
  if (rev === "" || rev.startsWith("-")) throw new UsageError(`--git: "${rev}" is not a revision`);
  const repo = await git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd);
  if (!repo.ok) throw new UsageError(`--git: ${cwd} is not inside a git work tree`, { hint: "run meshc diff --git in the repository, or compare two paths: meshc diff OLD NEW" });
  const [top = cwd, prefix = ""] = repo.stdout.toString("utf8").split("\n");
  const verified = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], cwd);
  if (!verified.ok) throw new UsageError(`--git: unknown revision "${rev}"`, { hint: "a commit, branch or tag, e.g. HEAD~1 or main" });
  const commit = verified.stdout.toString("utf8").trim();
  const wanted = paths.map((p) => ({ given: p, path: repoPath(prefix.trim(), cwd, p) }));
  const specs = [...new Set(wanted.map((w) => w.path))];

  // Old: the tree of the commit.
  const listed = await git(["ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", ...specs], cwd);
  if (!listed.ok) throw new UsageError(`--git: git ls-tree failed: ${listed.stderr}`);
  const { chosen: atRev, missing } = select(parseLsTree(listed.stdout).filter((e) => e.type === "blob"), wanted);
  const diagnostics: Diagnostic[] = [];
  const readable = atRev.filter((e) => {
    const name = `${rev}:${e.path}`;
    if (e.mode === "120000") diagnostics.push({ code: LOAD_CODES.read, level: "Warning", message: `symbolic link ${name} skipped`, origin: { file: name, line: 0, column: 0 } });
    else if (e.size > maxBytes) diagnostics.push({ code: LOAD_CODES.limit, level: "Error", message: `file is ${formatBytes(e.size)}, over the ${formatBytes(maxBytes)} limit`, origin: { file: name, line: 0, column: 0 } });
    else return true;
    return false;
  });
  const blobs = await readBlobs(readable.map((e) => e.oid), cwd);
  const files: RevisionFile[] = [];
  readable.forEach((e, i) => {
    const name = `${rev}:${e.path}`;
    const r = decodeText(name, blobs[i]!, maxBytes);
    if (r.ok) files.push({ name, text: r.text });
    else diagnostics.push(r.diagnostic);
  });

  // New: tracked and untracked files, .gitignore respected, deleted ones left out.
  const pathspecs = specs.map((s) => `:(top,literal)${s === "." ? "" : s}`);
  const tree = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "--", ...pathspecs], cwd);
  if (!tree.ok) throw new UsageError(`--git: git ls-files failed: ${tree.stderr}`);
  const present: { path: string; abs: string }[] = [];
  for (const path of new Set(tree.stdout.toString("utf8").split("\0"))) {
    if (path === "") continue;
    const abs = join(top.trim(), ...path.split("/"));
    if (await isFile(abs)) present.push({ path, abs });
  }
  const current = select(present, wanted);
  return { old: { files, diagnostics, missing }, newFiles: current.chosen.map((e) => e.abs), newMissing: current.missing };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
