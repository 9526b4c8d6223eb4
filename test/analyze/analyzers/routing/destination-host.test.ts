import { test } from "node:test";
import assert from "node:assert/strict";
import analyzer from "../../../../src/analyze/analyzers/routing/destination-host.js";
import { runAnalyzer } from "../../../helpers/analyzer-tester.js";

const services = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: blog
spec:
  ports:
  - name: http
    port: 9080
---
apiVersion: v1
kind: Service
metadata:
  name: two-ports
  namespace: blog
spec:
  ports:
  - name: http
    port: 80
  - name: https
    port: 443
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external
  namespace: blog
spec:
  hosts: ["*.example.com"]
  ports:
  - number: 443
    name: https
    protocol: HTTPS
---
`;

test("finds unknown hosts, unknown ports, missing ports and unknown mirror hosts", async () => {
  const yaml =
    services +
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: broken
  namespace: blog
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: nowhere
    - destination:
        host: reviews
        port:
          number: 1234
    - destination:
        host: two-ports
    mirror:
      host: ghost
`;
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, ["IST0101 VirtualService blog/broken", "IST0101 VirtualService blog/broken", "IST0101 VirtualService blog/broken", "IST0112 VirtualService blog/broken"]);
  const texts = r.messages.map((m) => m.message);
  assert.ok(texts.includes('Referenced host not found: "nowhere"'));
  assert.ok(texts.includes('Referenced host:port not found: "reviews:1234"'));
  assert.ok(texts.includes('Referenced mirror host not found: "ghost"'));
  assert.ok(texts.includes('This VirtualService routes to a service "two-ports" that exposes multiple ports [80 443]. Specifying a port in the destination is required to disambiguate.'));
  assert.equal(r.messages.find((m) => m.message.includes("nowhere"))!.origin!.line, yaml.split("\n").indexOf("        host: nowhere") + 1); // the destination's host
});

test("stays quiet for known services, FQDNs, wildcard ServiceEntries and explicit ports", async () => {
  const r = await runAnalyzer(
    analyzer,
    services +
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: fine
  namespace: blog
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
    - destination:
        host: reviews.blog.svc.cluster.local
        port:
          number: 9080
    - destination:
        host: two-ports
        port:
          number: 443
    - destination:
        host: api.example.com
`,
  );
  assert.deepEqual(r.found, []);
});

test("finds a gateway route without subset to a host another VirtualService splits by subset (IST0140)", async () => {
  const yaml =
    services +
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: mesh-split
  namespace: blog
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ingress
  namespace: blog
spec:
  hosts: [blog.example.com]
  gateways: [blog-gateway]
  http:
  - route:
    - destination:
        host: reviews
`;
  const r = await runAnalyzer(analyzer, yaml);
  assert.deepEqual(r.found, ["IST0140 VirtualService blog/ingress"]);
  assert.equal(r.messages[0]!.message, "Subset in virtual service blog/mesh-split has no effect on ingress gateway blog/ingress requests");
});
