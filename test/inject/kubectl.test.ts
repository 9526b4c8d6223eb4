/**
 * kubectl accepts what kube-inject writes: `kubectl label --local -f - meshc-check=ok -o yaml` parses every
 * document (no API server needed). Runs on the blog-app example, the inject fixtures and, when
 * ../shared is present, every conformance input. Skipped with a notice when kubectl is absent.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";
import { HAS_SHARED, sharedPath } from "../helpers/shared.js";

const kubectlVersion = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
const hasKubectl = kubectlVersion.status === 0;
/** `patches:` with `$patch: replace` lists needs kustomize v4+ (kubectl 1.21+). */
const kubectlMinor = Number(/Client Version: v1\.(\d+)/.exec(kubectlVersion.stdout ?? "")?.[1] ?? 0);

async function inject(args: string[], stdin = ""): Promise<{ code: number; out: string }> {
  const io = memoryIo(stdin);
  const code = await main(["kube-inject", ...args], io);
  return { code, out: io.out() };
}

function kubectlLabel(manifests: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync("kubectl", ["label", "--local", "-f", "-", "meshc-check=ok", "-o", "yaml"], { input: manifests, encoding: "utf8", maxBuffer: 1 << 28 });
}

test("kubectl accepts kube-inject output", async (t) => {
  if (!hasKubectl) {
    t.skip("kubectl not installed (Debian: apt-get install kubernetes-client)");
    return;
  }
  const outputs: string[] = [];
  const blog = await inject(["-f", "fixtures/blog-app/"]);
  assert.equal(blog.code, 0);
  outputs.push(blog.out);
  for (const f of ["deployment.yaml", "list.yaml", "host-network.yaml"]) {
    const r = await inject(["-f", `fixtures/inject/${f}`]);
    assert.equal(r.code, 0, f);
    outputs.push(r.out);
  }
  if (HAS_SHARED) {
    const dir = sharedPath("conformance/inject/testdata/inject");
    if (existsSync(dir)) {
      const cases = JSON.parse(readFileSync(sharedPath("conformance/inject/cases.json"), "utf8")) as { cases?: { type: string; input?: string; skip?: unknown }[] } | { type: string; input?: string; skip?: unknown }[];
      const list = Array.isArray(cases) ? cases : cases.cases ?? [];
      for (const c of list) {
        if (c.type !== "golden" || !c.input || c.skip) continue;
        const file = join(sharedPath("conformance/inject"), c.input);
        if (!existsSync(file)) continue;
        const r = await inject(["-f", "-"], readFileSync(file, "utf8"));
        if (r.code === 0) outputs.push(r.out);
      }
    }
  }
  const stream = outputs.join("");
  const docs = stream.split(/^---$/m).filter((d) => /\bkind:/.test(d)).length;
  const r = kubectlLabel(stream);
  assert.equal(r.status, 0, r.stderr);
  // Every document is labelled (a List's items each get the label, so there may be more labels than documents).
  assert.ok((r.stdout.match(/meshc-check: ok/g) ?? []).length >= docs, "every document labelled");
});

test("--patch strategic works as a kustomize patch: kustomize's result equals kube-inject's output", async (t) => {
  if (!hasKubectl || kubectlMinor < 21) {
    t.skip(hasKubectl ? "kubectl's kustomize is older than v4 (kubectl 1.21)" : "kubectl not installed (Debian: apt-get install kubernetes-client)");
    return;
  }
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { parseAllDocuments } = await import("yaml");
  const dir = mkdtempSync(join(tmpdir(), "meshc-kustomize-"));
  try {
    // Canonical quantities and plain strings, so kustomize (YAML 1.2, no re-serialisation) and
    // kube-inject (Go's canonical forms) agree byte for byte on the untouched parts.
    const app = readFileSync("fixtures/blog-app/workloads.yaml", "utf8");
    writeFileSync(join(dir, "app.yaml"), app);
    const patch = await inject(["-f", join(dir, "app.yaml"), "--patch", "strategic"]);
    assert.equal(patch.code, 0);
    writeFileSync(join(dir, "patch.yaml"), patch.out);
    writeFileSync(join(dir, "kustomization.yaml"), "resources:\n- app.yaml\npatches:\n- path: patch.yaml\n");
    const built = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8", maxBuffer: 1 << 26 });
    assert.equal(built.status, 0, built.stderr);
    const injected = await inject(["-f", join(dir, "app.yaml")]);
    const workloads = (text: string) =>
      parseAllDocuments(text)
        .map((d) => d.toJS() as Record<string, unknown> | null)
        .filter((d): d is Record<string, unknown> => d !== null && d.kind === "Deployment")
        .map((d) => JSON.stringify(prune(d)))
        .sort();
    assert.deepEqual(workloads(built.stdout), workloads(injected.out));
    assert.equal(workloads(built.stdout).length, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Drop Go's empty-struct fields (`status: {}`, `strategy: {}`) and sort keys, for a semantic comparison. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = prune((v as Record<string, unknown>)[k]);
      if (x && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length === 0) continue;
      out[k] = x;
    }
    return out;
  }
  return v;
}
