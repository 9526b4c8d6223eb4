import { test } from "node:test";
import assert from "node:assert/strict";
import { re2Error } from "../../../src/validate/semantic/re2.js";
import { hostSubsetOf, hostsOverlap, ipOrCidrError, isIPv6, wildcardDomainError } from "../../../src/validate/semantic/hostnames.js";
import { durationError, exportToErrors, headerValueError, labelErrors } from "../../../src/validate/semantic/field-rules.js";

test("re2Error: accepts RE2 syntax JavaScript lacks, rejects what RE2 lacks", () => {
  for (const ok of ["^/api/v[0-9]+$", "(?i)abc", "(?P<id>\\d+)", "\\Aabc\\z", "[[:digit:]]+", "[[:^space:]x]", "\\pL+", "\\p{Greek}", "a{2,5}", "\\Q.*\\E", "x{", "a|b|", "[]a]"])
    assert.equal(re2Error(ok), undefined, ok);
  for (const bad of ["(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "(a)\\1", "(?<n>a)\\k<n>", "(?>a)", "a++", "a{1001}", "(", "[a", "*a", "\\q", "a".repeat(1025)])
    assert.ok(re2Error(bad), bad);
});

test("host helpers: wildcard domains, overlaps, subsets, IPs", () => {
  assert.equal(wildcardDomainError("*.example.com"), undefined);
  assert.equal(wildcardDomainError("*"), undefined);
  assert.equal(wildcardDomainError("example.com."), undefined);
  assert.ok(wildcardDomainError("a.*.com"));
  assert.ok(wildcardDomainError("example.123"));
  assert.ok(wildcardDomainError(""));
  assert.ok(hostsOverlap("*.com", "a.b.com"));
  assert.ok(!hostsOverlap("a.com", "b.com"));
  assert.ok(hostSubsetOf("a.example.com", "*.example.com"));
  assert.ok(hostSubsetOf("*.a.example.com", "*.example.com"));
  assert.ok(!hostSubsetOf("*.example.com", "a.example.com"));
  assert.ok(isIPv6("::1") && isIPv6("2001:db8::ff00:42:8329") && isIPv6("::ffff:10.0.0.1"));
  assert.ok(!isIPv6("1::2::3") && !isIPv6("12345::") && !isIPv6("1.2.3.4"));
  assert.equal(ipOrCidrError("10.0.0.0/8"), undefined);
  assert.ok(ipOrCidrError("10.0.0.0/33"));
  assert.ok(ipOrCidrError("host"));
});

test("field helpers: durations, exportTo, header values, labels", () => {
  assert.equal(durationError("1.5s"), undefined);
  assert.ok(durationError("1500us"));
  assert.ok(durationError("0s"));
  assert.deepEqual(exportToErrors("ns", [".", "other"]), []);
  assert.equal(exportToErrors("ns", ["bad_ns"]).length, 1);
  assert.equal(headerValueError("%DOWNSTREAM_REMOTE_ADDRESS% and 100%%"), undefined);
  assert.equal(headerValueError('%REQ(x-a)% %START_TIME(["%s"])%'), undefined);
  assert.ok(headerValueError("50%"));
  assert.ok(headerValueError("a\nb"));
  assert.deepEqual(labelErrors({ "example.com/tier": "front-end", empty: "" }), []);
  assert.equal(labelErrors({ "a/b/c": "x" }).length, 1);
});
