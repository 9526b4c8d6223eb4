import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer, { parseSemVer } from "../../../../src/analyze/analyzers/gateways/k8sgateway-crd-version.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const crd = (name: string, version?: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}
${version === undefined ? "" : `  annotations: {gateway.networking.k8s.io/bundle-version: "${version}"}\n`}spec:
  group: gateway.networking.k8s.io
---
`;

test("finds Gateway API CRDs below the minimum bundle version (pre-release ignored in the comparison)", async () => {
  const r = await runAnalyzer(analyzer, crd("tcproutes.gateway.networking.k8s.io", "v1.5.9") + crd("grpcroutes.gateway.networking.k8s.io", "v1.0.0-rc1"));
  assert.deepEqual(r.found, ["IST0176 CustomResourceDefinition grpcroutes.gateway.networking.k8s.io", "IST0176 CustomResourceDefinition tcproutes.gateway.networking.k8s.io"]);
  const grpc = r.messages.find((m) => m.resource!.name.startsWith("grpc"))!;
  assert.equal(grpc.message, 'Gateway API CRD "grpcroutes.gateway.networking.k8s.io" is at version "1.0.0-rc1" but Istio requires at least "1.1.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.');
});

test("stays quiet at or above the minimum, without annotation, with an unparsable version, or for other CRDs", async () => {
  const yaml =
    crd("tlsroutes.gateway.networking.k8s.io", "v1.5.0-rc.1") +
    crd("grpcroutes.gateway.networking.k8s.io", "v1.4.1") +
    crd("tcproutes.gateway.networking.k8s.io") +
    crd("backendtlspolicies.gateway.networking.k8s.io", "latest") +
    crd("httproutes.gateway.networking.k8s.io", "v0.1.0");
  assert.deepEqual((await runAnalyzer(analyzer, yaml)).found, []);
});

test("parses loose versions as Masterminds semver does", () => {
  assert.deepEqual(parseSemVer("v1.4"), { major: 1, minor: 4, patch: 0, pre: "", meta: "" });
  assert.equal(parseSemVer("1.x"), undefined);
});
