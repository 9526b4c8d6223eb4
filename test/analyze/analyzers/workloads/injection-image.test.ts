import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/workloads/injection-image.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const injector = (name: string, values: object) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: istio-system}
data:
  values: '${JSON.stringify(values)}'
---
`;
const ns = (name: string, labels: object) => `apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${JSON.stringify(labels)}}
---
`;
const pod = (name: string, namespace: string, image: string, extra = "") => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}${extra}}
spec:
  containers: [{name: app, image: app:1}, {name: istio-proxy, image: "${image}"}]
---
`;

const base = injector("istio-sidecar-injector", { global: { hub: "docker.io/istio", tag: "1.24.0", proxy: { image: "proxyv2" } } });

test("finds pods whose sidecar image is not the injector's, one message per namespace", async () => {
  const r = await runAnalyzer(
    analyzer,
    base +
      injector("istio-sidecar-injector-canary", { global: { proxy: { image: "my.registry/proxyv2:canary" } } }) +
      ns("apps", { "istio-injection": "enabled" }) +
      ns("canary", { "istio.io/rev": "canary" }) +
      pod("b-old", "apps", "docker.io/istio/proxyv2:1.23.0") +
      pod("a-old", "apps", "docker.io/istio/proxyv2:1.22.0") +
      pod("fresh", "apps", "docker.io/istio/proxyv2:1.24.0") +
      pod("c-old", "canary", "docker.io/istio/proxyv2:1.24.0") +
      pod("c-new", "canary", "my.registry/proxyv2:canary"),
  );
  assert.deepEqual(r.found, ["IST0158 Namespace apps", "IST0158 Namespace canary"]);
  assert.match(r.messages[0]!.message, /\(pod names: \[a-old b-old\]\)/);
});

test("stays quiet for matching images, image-type variants, custom proxy images and uninjected namespaces", async () => {
  const r = await runAnalyzer(
    analyzer,
    base +
      ns("apps", { "istio-injection": "enabled" }) +
      ns("other", {}) +
      `apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: pc, namespace: apps}
spec:
  image: {imageType: distroless}
---
` +
      pod("distroless", "apps", "docker.io/istio/proxyv2:1.24.0-distroless") +
      pod("custom", "apps", "me/proxy:x", ", annotations: {sidecar.istio.io/proxyImage: me/proxy:x}") +
      pod("elsewhere", "other", "docker.io/istio/proxyv2:1.0.0"),
  );
  assert.deepEqual(r.found, []);
});

test("stays quiet without an injector ConfigMap", async () => {
  const r = await runAnalyzer(analyzer, ns("apps", { "istio-injection": "enabled" }) + pod("old", "apps", "docker.io/istio/proxyv2:1.0.0"));
  assert.deepEqual(r.found, []);
});
