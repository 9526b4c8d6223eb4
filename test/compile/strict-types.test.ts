/**
 * Every resource meshc emits — for each workload of fixtures/blog-app and for every simulation
 * conformance case — parses back strictly with the generated Envoy types (fromEnvoyJson after
 * toEnvoyJson: an unknown field, enum or `@type` fails), and in the default (stock) flavor every
 * `@type`, including TypedStruct payload types, is a stock Envoy message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { compileProxy } from "../../src/compile/compile.js";
import { ENVOY_TYPES, fromEnvoyJson, isIstioOnlyType, isKnownType, toEnvoyJson } from "../../src/compile/envoy/index.js";
import { compileOptionsFor } from "../../src/compile/options.js";
import type { XdsSnapshot } from "../../src/compile/simulate/types.js";
import { buildModel } from "../../src/model/mesh-model.js";
import { loadFiles } from "../../src/sources/load.js";
import { compileCase, simulateCases } from "../conformance/simulate.js";
import { HAS_SHARED, REPO_ROOT, skipNotice } from "../helpers/shared.js";
import { typeUrls } from "./compile-helpers.js";

const KINDS = [
  ["listener", "listeners"],
  ["routeConfiguration", "routes"],
  ["cluster", "clusters"],
  ["clusterLoadAssignment", "endpoints"],
] as const;


/** Round-trips every resource strictly; returns the problems (resource name: message). */
function check(xds: XdsSnapshot): string[] {
  const problems: string[] = [];
  for (const [key, field] of KINDS) {
    for (const msg of (xds[field] ?? []) as unknown[]) {
      const name = (msg as { name?: string; clusterName?: string }).name ?? (msg as { clusterName?: string }).clusterName ?? "?";
      try {
        const json = toEnvoyJson(ENVOY_TYPES[key], msg as never, { flavor: "stock" });
        fromEnvoyJson(ENVOY_TYPES[key], json, { flavor: "stock" });
        for (const t of new Set(typeUrls(json))) {
          if (isIstioOnlyType(t) || !isKnownType(t, "stock")) problems.push(`${field} ${name}: @type ${t} is not stock Envoy`);
        }
      } catch (e) {
        problems.push(`${field} ${name}: ${(e as Error).message}`);
      }
    }
  }
  return problems;
}

test("blog-app: every workload's resources are strict, stock Envoy", async () => {
  const loaded = await loadFiles([join(REPO_ROOT, "fixtures/blog-app")]);
  const model = buildModel(loaded.resources);
  assert.ok(model.workloads.length > 3);
  const problems: string[] = [];
  for (const w of model.workloads) {
    const r = compileProxy(model, compileOptionsFor(model, w), w);
    problems.push(...check(r.xds).map((p) => `${w.id}: ${p}`));
  }
  assert.deepEqual(problems, []);
});

test("every simulation conformance case: resources are strict, stock Envoy", async (t) => {
  if (!HAS_SHARED) return t.skip(skipNotice("simulation cases"));
  const cases = simulateCases();
  assert.ok(cases.length > 100);
  const problems: string[] = [];
  for (const c of cases) {
    const { xds } = await compileCase(c);
    problems.push(...check(xds).map((p) => `${c.name}: ${p}`));
  }
  assert.deepEqual(problems.slice(0, 20), []);
});
