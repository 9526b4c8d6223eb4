/** meshc diff: exit codes 0/2/64/65, text and JSON output, stdin, --all, --git on a temporary repository. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { REPO_ROOT } from "../helpers/shared.js";

const BLOG = join(REPO_ROOT, "fixtures/blog-app");
const WEIGHT = join(REPO_ROOT, "fixtures/diff/weight-changed");
const ADDED = join(REPO_ROOT, "fixtures/diff/cluster-added");
const BROKEN = join(REPO_ROOT, "fixtures/diff/broken");

async function run(args: string[], options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const io = memoryIo(options.stdin ?? "", options.env ?? {});
  if (options.cwd) io.cwd = options.cwd;
  const code = await main(["diff", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

interface JsonDiff {
  proxy: string;
  change?: string;
  changes: { type: string; name: string; change: string; paths?: string[] }[];
}

function noStack(err: string): void {
  assert.doesNotMatch(err, /\n\s+at /, "no stack trace");
  assert.doesNotMatch(err, /internal error/);
}

test("no change: exit 0, a one-line summary", async () => {
  const r = await run([BLOG, BLOG, "--proxy", "frontend.blog-app"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^frontend\.blog-app: no changes \(\d+ resources compared\)\n$/);
  const j = await run([BLOG, BLOG, "--proxy", "frontend.blog-app", "-o", "json"]);
  assert.equal(j.code, 0);
  assert.deepEqual(JSON.parse(j.out), { proxy: "frontend.blog-app", changes: [] });
});

test("one VirtualService weight changed: exactly the route weights, exit 2", async () => {
  // The VirtualService has no port: Istio puts its virtual host in every HTTP route config (80 and 9080 here).
  const r = await run([BLOG, WEIGHT, "--proxy", "frontend.blog-app"]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.out, /^--- old\/route\/9080\n\+\+\+ new\/route\/9080\n@@ -\d+,\d+ \+\d+,\d+ @@ virtual_hosts\[\d+\]\.routes\[0\]\.route\.weighted_clusters\.clusters\[0\]\.weight\n/m);
  const headers = r.out.split("\n").filter((l) => l.startsWith("--- "));
  assert.ok(headers.length >= 1 && headers.every((l) => /^--- old\/route\/\d+$/.test(l)), headers.join("\n"));
  const changed = r.out.split("\n").filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
  const weights = ['-                  "weight": 90', '+                  "weight": 80', '-                  "weight": 10', '+                  "weight": 20'];
  assert.deepEqual(changed, headers.flatMap(() => weights));
  assert.match(r.out, new RegExp(`frontend\\.blog-app: ${headers.length} changed, 0 added, 0 removed; \\d+ unchanged\n$`));
  assert.doesNotMatch(r.out, /\u001b\[/, "no colour off a TTY");

  const j = await run([BLOG, WEIGHT, "--proxy", "frontend.blog-app", "-o", "json"]);
  assert.equal(j.code, 2);
  const d = JSON.parse(j.out) as JsonDiff;
  assert.equal(d.proxy, "frontend.blog-app");
  assert.equal(d.changes.length, headers.length);
  assert.ok(d.changes.some((c) => c.name === "9080"));
  for (const c of d.changes) {
    assert.equal(c.type, "route");
    assert.equal(c.change, "changed");
    assert.deepEqual(c.paths!.map((p) => p.replace(/^virtual_hosts\[\d+\]/, "virtual_hosts[i]")), ["virtual_hosts[i].routes[0].route.weighted_clusters.clusters[0].weight", "virtual_hosts[i].routes[0].route.weighted_clusters.clusters[1].weight"]);
  }
});

test("cluster added: + lines for new clusters and endpoints, --full prints their JSON", async () => {
  const r = await run([BLOG, ADDED, "--proxy", "frontend.blog-app"]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.out, /^\+ added cluster outbound\|9080\|\|ratings\.blog-app\.svc\.cluster\.local$/m);
  const full = await run([BLOG, ADDED, "--proxy", "frontend.blog-app", "--full"]);
  assert.match(full.out, /^--- \/dev\/null\n\+\+\+ new\/cluster\/outbound\|9080\|\|ratings\.blog-app\.svc\.cluster\.local\n@@ -0,0 \+1,\d+ @@\n\+\{\n/m);
  // Reversed: removed.
  const back = await run([ADDED, BLOG, "--proxy", "frontend.blog-app", "-o", "json"]);
  assert.equal(back.code, 2);
  const d = JSON.parse(back.out) as JsonDiff;
  assert.deepEqual(
    d.changes.filter((c) => c.type === "cluster").map((c) => `${c.change} ${c.name}`),
    ["removed outbound|9080|v1|ratings.blog-app.svc.cluster.local", "removed outbound|9080||ratings.blog-app.svc.cluster.local"],
  );
});

test("colour: red and green on a TTY or with FORCE_COLOR, never with NO_COLOR or in JSON", async () => {
  const forced = await run([BLOG, WEIGHT, "--proxy", "frontend.blog-app"], { env: { FORCE_COLOR: "1" } });
  assert.match(forced.out, /\u001b\[31m-\s+"weight": 90\u001b\[39m/);
  assert.match(forced.out, /\u001b\[32m\+\s+"weight": 80\u001b\[39m/);
  const off = await run([BLOG, WEIGHT, "--proxy", "frontend.blog-app", "--color"], { env: { NO_COLOR: "1" } });
  assert.match(off.out, /\u001b\[/, "--color wins over NO_COLOR");
  const none = await run([BLOG, WEIGHT, "--proxy", "frontend.blog-app"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
  assert.doesNotMatch(none.out, /\u001b\[/);
  const json = await run([BLOG, WEIGHT, "--proxy", "frontend.blog-app", "-o", "json", "--color"]);
  assert.doesNotMatch(json.out, /\u001b\[/);
});

test("one side from stdin", async () => {
  const stdin = readdirSync(BLOG)
    .sort()
    .map((f) => readFileSync(join(BLOG, f), "utf8"))
    .join("\n---\n");
  const r = await run(["-", WEIGHT, "--proxy", "frontend.blog-app", "-o", "json"], { stdin });
  assert.equal(r.code, 2, r.err);
  assert.equal((JSON.parse(r.out) as JsonDiff).changes.length, 2);
  const same = await run([BLOG, "-", "--proxy", "frontend.blog-app"], { stdin });
  assert.equal(same.code, 0, same.err);
});

test("bad input on either side: exit 65, the side named, no stack trace", async () => {
  for (const [args, side] of [
    [[BLOG, BROKEN], "new"],
    [[BROKEN, BLOG], "old"],
    [[BLOG, join(REPO_ROOT, "fixtures/diff/no-such-dir")], "new"],
    [["-", BLOG], "old"],
  ] as const) {
    const r = await run([...args, "--proxy", "frontend.blog-app"], { stdin: "kind: [" });
    assert.equal(r.code, 65, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, new RegExp(`^${side}: `, "m"));
    assert.match(r.err, new RegExp(`meshc: cannot read the ${side} side`));
    assert.equal(r.out, "");
    noStack(r.err);
  }
  const unknown = await run([BLOG, WEIGHT, "--proxy", "frontnd.blog-app"]);
  assert.equal(unknown.code, 65);
  assert.match(unknown.err, /no workload "frontnd\.blog-app"\nhint: did you mean frontend\.blog-app\?/);
  noStack(unknown.err);
});

test("usage errors: exit 64", async () => {
  for (const args of [
    [BLOG, WEIGHT],
    [BLOG, "--proxy", "frontend.blog-app"],
    [BLOG, WEIGHT, BLOG, "--proxy", "frontend.blog-app"],
    ["-", "-", "--proxy", "frontend.blog-app"],
    [BLOG, WEIGHT, "--proxy", "frontend.blog-app", "--all"],
    [BLOG, WEIGHT, "--proxy", "frontend.blog-app", "-U", "x"],
    [BLOG, WEIGHT, "--proxy", "frontend.blog-app", "-o", "yaml"],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 64, `${args.join(" ")}: ${r.err}`);
    assert.equal(r.out, "");
    noStack(r.err);
  }
});

test("a workload on one side only is diffed against nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-diff-"));
  try {
    cpSync(BLOG, dir, { recursive: true });
    const text = readFileSync(join(dir, "workloads.yaml"), "utf8");
    writeFileSync(join(dir, "workloads.yaml"), text.replace(/name: frontend\n/g, "name: frontend2\n"));
    const r = await run([BLOG, dir, "--proxy", "frontend2.blog-app", "-o", "json"]);
    assert.equal(r.code, 2, r.err);
    const d = JSON.parse(r.out) as JsonDiff;
    assert.equal(d.change, "added");
    assert.ok(d.changes.length > 0 && d.changes.every((c) => c.change === "added"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--all: only the proxies that changed, grouped, with a count of the rest", async () => {
  const j = await run([BLOG, WEIGHT, "--all", "-o", "json"]);
  assert.equal(j.code, 2, j.err);
  const d = JSON.parse(j.out) as { proxies: JsonDiff[]; unchanged: number };
  const names = d.proxies.map((p) => p.proxy);
  assert.ok(names.includes("frontend.blog-app"));
  assert.deepEqual(names, [...names].sort());
  for (const p of d.proxies) assert.ok(p.changes.every((c) => c.type === "route" && c.change === "changed"));
  const t = await run([BLOG, WEIGHT, "--all"]);
  assert.match(t.out, /^proxy frontend\.blog-app\n--- old\/route\//m);
  assert.match(t.out, new RegExp(`\\n${d.proxies.length} of ${d.proxies.length + d.unchanged} proxies changed\\n$`));
  const same = await run([BLOG, BLOG, "--all"]);
  assert.equal(same.code, 0);
  assert.match(same.out, /^no changes in \d+ proxies\n$/);
});

// ---------- --git: a temporary repository ----------

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=meshc", "-c", "user.email=meshc@example.com", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "ignore" });
}

test("--git REV: the paths at REV against the working tree", async () => {
  const repo = mkdtempSync(join(tmpdir(), "meshc-diff-git-"));
  try {
    git(repo, "init", "-q");
    cpSync(BLOG, join(repo, "k8s"), { recursive: true });
    writeFileSync(join(repo, "k8s", "notes.txt"), "not an input\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "blog app");

    const same = await run(["--git", "HEAD", "k8s", "--proxy", "frontend.blog-app"], { cwd: repo });
    assert.equal(same.code, 0, same.err);

    cpSync(join(WEIGHT, "routing.yaml"), join(repo, "k8s", "routing.yaml"));
    const r = await run(["--git", "HEAD", "k8s", "--proxy", "frontend.blog-app", "-o", "json"], { cwd: repo });
    assert.equal(r.code, 2, r.err);
    assert.ok((JSON.parse(r.out) as JsonDiff).changes.every((c) => c.type === "route" && c.change === "changed"));
    // Paths default to the current directory; from a subdirectory, paths are relative to it.
    assert.equal((await run(["--git", "HEAD", "--proxy", "frontend.blog-app"], { cwd: repo })).code, 2);
    assert.equal((await run(["--git", "HEAD", ".", "--proxy", "frontend.blog-app"], { cwd: join(repo, "k8s") })).code, 2);
    assert.equal((await run(["--git", "HEAD", "workloads.yaml", "routing.yaml", "--proxy", "frontend.blog-app"], { cwd: join(repo, "k8s") })).code, 2);

    // The new side is the working tree as git sees it: untracked files count, ignored ones do not.
    writeFileSync(join(repo, ".gitignore"), "k8s/ignored/\n");
    mkdirSync(join(repo, "k8s", "ignored"));
    writeFileSync(join(repo, "k8s", "ignored", "broken.yaml"), "kind: [\n");
    cpSync(join(ADDED, "ratings.yaml"), join(repo, "k8s", "ratings.yaml"));
    const untracked = await run(["--git", "HEAD", "k8s", "--proxy", "frontend.blog-app", "-o", "json"], { cwd: repo });
    assert.equal(untracked.code, 2, untracked.err);
    assert.ok((JSON.parse(untracked.out) as JsonDiff).changes.some((c) => c.change === "added" && c.name === "outbound|9080||ratings.blog-app.svc.cluster.local"));
    rmSync(join(repo, "k8s", "ratings.yaml"));

    // Broken at the revision: bad input (65), named REV:path.
    writeFileSync(join(repo, "k8s", "zz.yaml"), "kind: [\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "broken");
    rmSync(join(repo, "k8s", "zz.yaml"));
    const broken = await run(["--git", "HEAD", "k8s", "--proxy", "frontend.blog-app"], { cwd: repo });
    assert.equal(broken.code, 65, broken.err);
    assert.match(broken.err, /^old: HEAD:k8s\/zz\.yaml:/m);
    noStack(broken.err);

    for (const [args, message] of [
      [["--git", "no-such-rev", "k8s"], /unknown revision "no-such-rev"/],
      [["--git", "--all", "k8s"], /not a revision|give --proxy/],
      [["--git", "HEAD", "../outside"], /outside the git repository/],
      [["--git", "HEAD", "-"], /stdin/],
    ] as const) {
      const u = await run([...args, "--proxy", "frontend.blog-app"], { cwd: repo });
      assert.equal(u.code, 64, `${args.join(" ")}: ${u.err}`);
      assert.match(u.err, message);
      noStack(u.err);
    }
    const missing = await run(["--git", "HEAD", "nowhere", "--proxy", "frontend.blog-app"], { cwd: repo });
    assert.equal(missing.code, 65);
    assert.match(missing.err, /neither in the working tree nor at HEAD/);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
  const notRepo = mkdtempSync(join(tmpdir(), "meshc-diff-norepo-"));
  try {
    const r = await run(["--git", "HEAD", "--proxy", "frontend.blog-app"], { cwd: notRepo });
    assert.equal(r.code, 64, r.err);
    assert.match(r.err, /not inside a git work tree/);
    noStack(r.err);
  } finally {
    rmSync(notRepo, { recursive: true, force: true });
  }
});
