/** The shipped examples through the real analyzers: the clean blog app passes, the broken one fails with every planted problem. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";

async function analyze(args: string[]) {
  const io = memoryIo();
  const code = await main(["analyze", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

test("meshc analyze fixtures/blog-app/ finds nothing and exits 0", async () => {
  const r = await analyze(["fixtures/blog-app/"]);
  assert.equal(r.out.trim(), "");
  assert.match(r.err, /✔ No validation issues found when analyzing:/);
  assert.equal(r.code, 0);
});

test("meshc analyze fixtures/blog-app-broken/ reports each planted problem with file:line and exits 79", async () => {
  const r = await analyze(["fixtures/blog-app-broken/"]);
  assert.equal(r.code, 79);
  const lines = r.out.trim().split("\n");
  for (const expected of [
    /^Error \[IST0101\] \(VirtualService blog-app\/comments fixtures\/blog-app-broken\/comments-routing\.yaml:14\) Referenced host\+subset in destinationrule not found: "comments\+v2"$/,
    /^Warning \[IST0132\] \(VirtualService blog-app\/admin fixtures\/blog-app-broken\/admin-routing\.yaml:12\) /,
    /^Error \[MSH0001\] \(DestinationRule blog-app\/comments fixtures\/blog-app-broken\/comments-destination-rule\.yaml:12\) /,
    /^Warning \[MSH0003\] \(VirtualService blog-app\/posts fixtures\/blog-app-broken\/canary-weights\.yaml:17\) /,
  ]) {
    assert.ok(lines.some((l) => expected.test(l)), `missing ${expected}\n${r.out}`);
  }
  assert.equal(lines.length, 4, r.out);
  // -n filters to one namespace, as istioctl does.
  const other = await analyze(["fixtures/blog-app-broken/", "-n", "default"]);
  assert.equal(other.code, 0);
});

test("every output format keeps the exit code", async () => {
  for (const format of ["log", "json", "yaml", "sarif", "github"]) {
    const r = await analyze(["fixtures/blog-app-broken/", "-o", format]);
    assert.equal(r.code, 79, format);
  }
});
