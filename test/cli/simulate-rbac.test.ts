/** meshc simulate --source / --principal: RBAC (AuthorizationPolicy) for a caller. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../../src/cli/io.js";

async function run(args: string[]) {
  const io = memoryIo("");
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const BASE = ["simulate", "posts-v1.blog-app", "fixtures/blog-app", "--inbound", "--port", "9080", "--url", "http://posts.blog-app:9080/api/posts"];
const ALLOW = "ns[blog-app]-policy[posts-allow-frontend]-rule[0]";

test("--source frontend.blog-app is allowed by posts-allow-frontend (text and json)", async () => {
  const r = await run([...BASE, "--source", "frontend.blog-app"]);
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /mutual TLS/, "an inbound call from a workload is mTLS");
  assert.match(r.out, new RegExp(`RBAC: +allowed by ${ALLOW.replace(/[[\]]/g, "\\$&")}`));
  const j = await run([...BASE, "--source", "frontend.blog-app", "-o", "json"]);
  assert.equal(j.code, 0);
  const result = JSON.parse(j.out);
  assert.equal(result.rbac.allowed, true);
  assert.equal(result.rbac.allowedBy.policy, ALLOW);
  assert.equal(result.call.tls, "mtls");
});

test("--source comments.blog-app is denied (exit 79) with the reason", async () => {
  const r = await run([...BASE, "--source", "comments.blog-app", "--no-color"]);
  assert.equal(r.code, 79, r.err + r.out);
  assert.match(r.out, /rbac_denied/);
  assert.match(r.out, /no ALLOW policy matched/);
  const j = await run([...BASE, "--source", "comments.blog-app", "-o", "json"]);
  assert.equal(j.code, 79);
  const result = JSON.parse(j.out);
  assert.equal(result.error, "rbac_denied");
  assert.equal(result.rbac.allowed, false);
  assert.equal(result.rbac.deniedBy.filter, "envoy.filters.http.rbac");
});

test("--principal works as --source; bad values are usage errors", async () => {
  const ok = await run([...BASE, "--principal", "spiffe://cluster.local/ns/blog-app/sa/frontend"]);
  assert.equal(ok.code, 0, ok.err + ok.out);
  assert.equal((await run([...BASE, "--principal", "frontend"])).code, 64);
  assert.equal((await run([...BASE, "--source", "nope.blog-app"])).code, 65);
  const noRbac = await run([...BASE, "--mtls"]);
  assert.equal(noRbac.code, 0);
  assert.doesNotMatch(noRbac.out, /RBAC:/);
});
