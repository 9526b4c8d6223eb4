#!/usr/bin/env node
// `npm test`: every test/**/*.test.ts through node's own test runner, from source (tsx).
// `npm run conformance`: the conformance runners over ../shared/conformance with their baselines.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.cwd();
const conformance = process.argv.includes("--conformance");

function find(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(".test.ts")) out.push(relative(root, p));
  }
  return out;
}

const files = conformance ? find(join(root, "test/conformance")) : find(join(root, "test"));
const args = ["--import", "tsx", "--test", "--test-reporter", "spec", ...files];
const r = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NO_COLOR: process.env.NO_COLOR ?? "" } });
process.exit(r.status ?? 1);
