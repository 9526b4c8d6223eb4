import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { InputError } from "../../src/errors.js";
import { injectManifests } from "../../src/inject/inject.js";
import { buildSettings } from "../../src/inject/settings.js";
import { parseYamlDocument, splitDocuments, toPlain } from "../../src/inject/yaml-input.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/inject/${name}`, import.meta.url), "utf8");
const settings = buildSettings({});

function docs(out: string): Record<string, unknown>[] {
  return splitDocuments(out).map((d) => toPlain(parseYamlDocument(d.text)) as Record<string, unknown>);
}

test("injects a Deployment and passes the Service through byte for byte", () => {
  const { output, reports, warnings } = injectManifests(fixture("deployment.yaml"), settings);
  assert.ok(output.endsWith("---\n"));
  assert.deepEqual(warnings, []);
  assert.ok(output.includes("apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews   # comment kept\n"));
  assert.deepEqual(reports.map((r) => [r.kind, r.action]), [["Deployment", "injected"], ["Service", "passthrough"]]);
  const [dep] = docs(output) as [any];
  const pod = dep.spec.template.spec;
  assert.deepEqual(pod.initContainers.map((c: any) => c.name), ["istio-init"]);
  assert.deepEqual(pod.containers.map((c: any) => c.name), ["reviews", "istio-proxy"]);
  assert.equal(pod.containers[0].readinessProbe.httpGet.port, 15020);
  const probers = pod.containers[1].env.find((e: any) => e.name === "ISTIO_KUBE_APP_PROBERS");
  assert.equal(probers.value, '{"/app-health/reviews/readyz":{"httpGet":{"path":"/ready","port":9080}}}');
  assert.equal(dep.spec.template.metadata.labels.version, "1.1");
  assert.equal(dep.spec.template.metadata.labels.enabled, "true");
});

test("native sidecars put the proxy in initContainers with restartPolicy Always", () => {
  const { output } = injectManifests(fixture("deployment.yaml"), settings, { nativeSidecars: true });
  const [dep] = docs(output) as [any];
  const proxy = dep.spec.template.spec.initContainers.find((c: any) => c.name === "istio-proxy");
  assert.equal(proxy.restartPolicy, "Always");
});

test("hostNetwork pods are skipped with Istio's warning and re-serialised", () => {
  const { output, warnings, reports } = injectManifests(fixture("host-network.yaml"), settings);
  assert.deepEqual(warnings, ['===> Skipping injection because Pod "infra/node-agent" has host networking enabled']);
  assert.equal(reports[0]!.action, "skipped");
  assert.ok(output.includes("status: {}\n---\n"));
  assert.ok(!output.includes("istio-proxy"));
});

test("inject: false and kube-system namespaces skip", () => {
  const off = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    sidecar.istio.io/inject: "false"\nspec:\n  containers:\n  - name: a\n    image: a\n`;
  assert.match(injectManifests(off, settings).warnings[0]!, /has sidecar injection disabled/);
  const sys = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: kube-system\nspec:\n  containers:\n  - name: a\n    image: a\n`;
  assert.equal(injectManifests(sys, settings).reports[0]!.action, "skipped");
});

test("invalid traffic annotations fail the whole run, naming document and annotation", () => {
  assert.throws(
    () => injectManifests(fixture("bad-annotation.yaml"), settings),
    (e: unknown) => e instanceof InputError && /document 2 \(Pod "broken"\)/.test(e.message) && /traffic\.sidecar\.istio\.io\/excludeOutboundPorts/.test(e.message),
  );
});

test("wrongly typed fields, malformed YAML and garbage are input errors naming the document", () => {
  assert.throws(() => injectManifests(fixture("bad-field.yaml"), settings), /document 1 \(Deployment "broken"\): spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort/);
  assert.throws(() => injectManifests("kind: Pod\nmetadata: [\n", settings), (e: unknown) => e instanceof InputError && /document 1/.test((e as Error).message));
  assert.throws(() => injectManifests("just a string\n", settings), /not a Kubernetes object/);
  assert.throws(() => injectManifests("kind: Deployment\nspec: garbage\n", settings), /spec: cannot unmarshal/);
});

test("bad proxy.istio.io/config and unknown templates are errors", () => {
  const pod = (ann: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ${ann}\nspec:\n  containers:\n  - name: a\n    image: a\n`;
  assert.throws(() => injectManifests(pod(`proxy.istio.io/config: "drainDuration: soon"`), settings), /proxy\.istio\.io\/config.*drainDuration/);
  assert.throws(() => injectManifests(pod(`proxy.istio.io/config: "noSuchField: 1"`), settings), /unknown field "noSuchField"/);
  assert.throws(() => injectManifests(pod(`inject.istio.io/templates: nope`), settings), /requested template "nope" not found; have gateway, grpc-agent, grpc-simple, sidecar/);
});

test("re-injecting is a no-op by default; force re-injects cleanly", () => {
  const once = injectManifests(fixture("deployment.yaml"), settings).output;
  const again = injectManifests(once, settings);
  assert.equal(again.output, once);
  assert.match(again.warnings[0]!, /already injected/);
  assert.equal(injectManifests(once, settings, { force: true }).output, once);
});

test("Lists: items injected in place, other items re-emitted through JSON", () => {
  const { output } = injectManifests(fixture("list.yaml"), settings);
  const [list] = docs(output) as [any];
  assert.deepEqual(list.metadata, {});
  assert.equal(list.items[0].kind, "Service");
  assert.equal(list.items[0].status, undefined);
  assert.ok(list.items[1].spec.template.spec.containers.some((c: any) => c.name === "istio-proxy"));
});

test("custom Go templates from an injectConfigFile", () => {
  const s = buildSettings({
    values: "global:\n  suffix: test\n",
    injectConfig: "templates:\n  sidecar: |-\n    spec:\n      containers:\n      {{- range $i, $c := .Spec.Containers }}\n      - name: {{ $c.Name }}\n        env:\n        - name: X\n          value: \"{{ $.Values.global.suffix }}\"\n      {{- end }}\n",
  });
  const out = injectManifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a\n", s).output;
  assert.match(out, /- env:\n {4}- name: X\n {6}value: test\n {4}image: a\n {4}name: a/);
});
