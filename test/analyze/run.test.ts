import { test } from "node:test";
import assert from "node:assert/strict";
import { defineAnalyzer } from "../../src/analyze/define.js";
import { analyze } from "../../src/analyze/run.js";
import { buildModel } from "../../src/model/mesh-model.js";
import { parseSourceText } from "../../src/sources/documents.js";

const YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: a
---
apiVersion: v1
kind: Service
metadata:
  name: s
  namespace: a
---
apiVersion: v1
kind: Service
metadata:
  name: s
  namespace: b
  annotations:
    galley.istio.io/analyze-suppress: IST0118
spec:
  ports:
  - port: 80
    name: x
`;

const everyResource = defineAnalyzer({
  meta: { name: "test.Every", description: "Reports every resource, twice.", inputs: ["Service", "Namespace"], codes: ["IST0118"] },
  run(ctx) {
    for (const r of ctx.model.all()) {
      ctx.report("IST0118", r, ["p", 1, "t"], { path: ["spec", "ports", 0, "name"] });
      ctx.report("IST0118", r, ["p", 1, "t"], { path: ["spec", "ports", 0, "name"] });
    }
  },
});

test("analyze keeps the messages about the namespace asked for, suppresses, de-duplicates, and locates what it keeps", () => {
  const model = buildModel(parseSourceText("in.yaml", YAML).resources, { allNamespaces: true });
  const all = analyze(model, [everyResource]);
  assert.deepEqual(all.messages.map((m) => `${m.resource?.kind} ${m.resource?.namespace ?? ""}/${m.resource?.name} ${m.origin?.line}`), ["Namespace /a 1", "Service a/s 6"]);
  const inB = analyze(model, [everyResource], { namespace: "b" });
  assert.deepEqual(inB.messages, []);
  const inA = analyze(model, [everyResource], { namespace: "a" });
  assert.deepEqual(inA.messages, all.messages);
});
