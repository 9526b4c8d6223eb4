import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { register } from "../../src/cli/commands/kube-inject.js";
import type { CliContext } from "../../src/cli/context.js";
import { memoryIo } from "../../src/cli/io.js";
import { InputError, UsageError } from "../../src/errors.js";

const fixture = (name: string): string => new URL(`../../fixtures/inject/${name}`, import.meta.url).pathname;

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const ctx: CliContext = { io, exitCode: 0 };
  const program = new Command("meshc").exitOverride();
  register(program, ctx);
  for (const c of program.commands) c.exitOverride();
  await program.parseAsync(["kube-inject", ...args], { from: "user" });
  return { code: ctx.exitCode, out: io.out(), err: io.err() };
}

test("kube-inject CLI: stdout, stderr warnings, stdin, -o file, dry-run", async () => {
  const r = await run(["-f", fixture("deployment.yaml")]);
  assert.equal(r.code, 0);
  assert.match(r.out, /name: istio-proxy/);
  const skipped = await run(["-f", "-"], readFileSync(fixture("host-network.yaml"), "utf8"));
  assert.equal(skipped.err, '\n===> Skipping injection because Pod "infra/node-agent" has host networking enabled\n\n');
  const dir = mkdtempSync(join(tmpdir(), "meshc-inject-"));
  const file = join(dir, "out.yaml");
  const w = await run(["-f", fixture("deployment.yaml"), "-o", file]);
  assert.equal(w.out, "");
  assert.match(readFileSync(file, "utf8"), /istio-proxy/);
  const dry = await run(["-f", fixture("deployment.yaml"), "--dry-run", "-o", "json"]);
  assert.equal(JSON.parse(dry.out)[0].action, "injected");
});

test("kube-inject CLI: errors", async () => {
  await assert.rejects(run([]), (e: unknown) => e instanceof UsageError && /filename not specified/.test((e as Error).message));
  await assert.rejects(run(["-f", "missing.yaml"]), (e: unknown) => e instanceof InputError && /open missing\.yaml: no such file or directory/.test((e as Error).message));
  await assert.rejects(run(["-f", fixture("bad-annotation.yaml")]), InputError);
});
