import { test } from "node:test";
import assert from "node:assert/strict";
import { hostCovers, hostsMatch, isExportedTo, parseServiceFqdn, resolveHost } from "../../src/model/hosts.js";

test("short names resolve against the namespace; dotted names and wildcards stay as written", () => {
  assert.equal(resolveHost("reviews", "blog-app"), "reviews.blog-app.svc.cluster.local");
  assert.equal(resolveHost("reviews", undefined), "reviews.default.svc.cluster.local");
  assert.equal(resolveHost("reviews.default", "x"), "reviews.default");
  assert.equal(resolveHost("*.example.com", "x"), "*.example.com");
  assert.equal(resolveHost("*", "x"), "*");
  assert.equal(resolveHost("r", "ns", "corp.local"), "r.ns.svc.corp.local");
});

test("wildcard matching in both directions", () => {
  assert.ok(hostCovers("*.example.com", "a.example.com"));
  assert.ok(hostCovers("*.example.com", "*.b.example.com"));
  assert.ok(!hostCovers("*.example.com", "example.com"));
  assert.ok(hostCovers("*", "anything"));
  assert.ok(hostsMatch("a.example.com", "*.example.com"));
  assert.ok(!hostsMatch("a.example.org", "*.example.com"));
});

test("exportTo visibility", () => {
  assert.ok(isExportedTo(undefined, "a", "b"));
  assert.ok(isExportedTo(["."], "a", "a"));
  assert.ok(!isExportedTo(["."], "a", "b"));
  assert.ok(isExportedTo(["b"], "a", "b"));
  assert.ok(!isExportedTo(["~"], "a", "a"));
  assert.ok(!isExportedTo([], "a", "b", ["."]));
});

test("service FQDNs parse back", () => {
  assert.deepEqual(parseServiceFqdn("reviews.ns.svc.cluster.local"), { name: "reviews", namespace: "ns" });
  assert.equal(parseServiceFqdn("api.example.org"), undefined);
});
