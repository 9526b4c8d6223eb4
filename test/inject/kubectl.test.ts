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

const hasKubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

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
