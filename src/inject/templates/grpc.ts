/**
 * The built-in proxyless gRPC templates (inject.md 9): `grpc-simple` (a bootstrap-writing init
 * container) and `grpc-agent` (an agent-only istio-proxy).
 */
import type { JsonObject } from "../k8s-codec.js";
import { annotationOr, text, val, type TemplateData } from "../template-data.js";
import {
  addDefaultContainerAnnotations,
  agentArgs,
  appContainers, caAddress, caCertVolume, canonicalLabels, env, fieldEnv, identityEnv, imagePullSecrets, meshIdEnv,
  podinfoVolume, podPortsJson, proxyConfigEnv, proxyMetadataEnv, proxyResources, tokenVolume,
} from "./sidecar-parts.js";

function bootstrapScript(clusterDomain: string): string {
  return [
    `NODE_ID="sidecar~\${INSTANCE_IP}~\${POD_NAME}.\${POD_NAMESPACE}~${clusterDomain}"`,
    `SERVER_URI="dns:///istiod.\${ISTIO_NAMESPACE}.svc:15010"`,
    "echo '",
    "{",
    '  "xds_servers": [',
    "    {",
    `      "server_uri": "'\${SERVER_URI}'",`,
    '      "channel_creds": [{"type": "insecure"}],',
    '      "server_features" : ["xds_v3"]',
    "    }",
    "  ],",
    '  "node": {',
    `    "id": "'\${NODE_ID}'",`,
    '    "metadata": {',
    '      "GENERATOR": "grpc"',
    "    }",
    "  }",
    "}' > /var/lib/grpc/data/bootstrap.json",
  ].join("\n");
}

export function grpcSimpleTemplate(d: TemplateData): JsonObject {
  const mount = { mountPath: "/var/lib/grpc/data/", name: "grpc-io-proxyless-bootstrap" };
  const containers = appContainers(d).map((name) => ({
    name,
    env: [
      env("GRPC_XDS_BOOTSTRAP", "/var/lib/grpc/data/bootstrap.json"),
      env("GRPC_GO_LOG_VERBOSITY_LEVEL", "99"),
      env("GRPC_GO_LOG_SEVERITY_LEVEL", "info"),
    ],
    volumeMounts: [mount],
  }));
  return {
    metadata: { annotations: { "sidecar.istio.io/rewriteAppHTTPProbers": "false" } },
    spec: {
      initContainers: [
        {
          name: "grpc-bootstrap-init",
          image: "busybox:1.28",
          volumeMounts: [mount],
          env: [
            fieldEnv("INSTANCE_IP", "status.podIP"),
            fieldEnv("POD_NAME", "metadata.name"),
            fieldEnv("POD_NAMESPACE", "metadata.namespace"),
            env("ISTIO_NAMESPACE", `${text(val(d.values, "global.istioNamespace"))}\n`),
          ],
          command: ["sh", "-c", bootstrapScript(text(val(d.values, "global.proxy.clusterDomain")) || "cluster.local")],
        },
      ],
      containers,
      volumes: [{ name: "grpc-io-proxyless-bootstrap", emptyDir: {} }],
    },
  };
}

export function grpcAgentTemplate(d: TemplateData): JsonObject {
  const m = d.meta;
  const values = d.values;
  const canon = canonicalLabels(d, false);
  const apps = appContainers(d);
  const outAnn: Record<string, string> = {
    "sidecar.istio.io/rewriteAppHTTPProbers": "false",
    "istio.io/rev": d.revision || "default",
  };
  addDefaultContainerAnnotations(d, outAnn);
  const imageSetting = annotationOr(m, "sidecar.istio.io/proxyImage", val(values, "global.proxy.image"));
  const args = agentArgs(d, "sidecar");
  const proxy: JsonObject = {
    name: "istio-proxy",
    image: imageSetting.includes("/") ? imageSetting : d.proxyImage,
    ports: [{ containerPort: 15020, protocol: "TCP", name: "mesh-metrics" }],
    args,
    lifecycle: { postStart: { exec: { command: ["pilot-agent", "wait", "--url=http://localhost:15020/healthz/ready"] } } },
    env: [
      env("ISTIO_META_GENERATOR", "grpc"),
      env("OUTPUT_CERTS", "/var/lib/istio/data"),
      env("PILOT_CERT_PROVIDER", text(val(values, "global.pilotCertProvider"))),
      env("CA_ADDR", caAddress(d)),
      fieldEnv("POD_NAME", "metadata.name"), fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("INSTANCE_IP", "status.podIP"),
      fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"), fieldEnv("HOST_IP", "status.hostIP"),
      proxyConfigEnv(d),
      env("ISTIO_META_POD_PORTS", podPortsJson(d)),
      env("ISTIO_META_APP_CONTAINERS", apps.join(",")),
      env("ISTIO_META_CLUSTER_ID", text(val(values, "global.multiCluster.clusterName")) || "Kubernetes"),
      fieldEnv("ISTIO_META_NODE_NAME", "spec.nodeName"),
      ...identityEnv(d),
      ...meshIdEnv(d),
      ...proxyMetadataEnv(d),
      env("ISTIO_META_DNS_CAPTURE", "false"),
      env("DISABLE_ENVOY", "true"),
    ],
    readinessProbe: {
      httpGet: { path: "/healthz/ready", port: 15020 },
      initialDelaySeconds: Number(text(val(values, "global.proxy.readinessInitialDelaySeconds"))) || 0,
      periodSeconds: Number(text(val(values, "global.proxy.readinessPeriodSeconds"))) || 0,
      timeoutSeconds: 3,
      failureThreshold: Number(text(val(values, "global.proxy.readinessFailureThreshold"))) || 0,
    },
    volumeMounts: [
      { name: "workload-socket", mountPath: "/var/run/secrets/workload-spiffe-uds" },
      { name: "workload-certs", mountPath: "/var/run/secrets/workload-spiffe-credentials" },
      ...(text(val(values, "global.pilotCertProvider")) === "istiod" ? [{ mountPath: "/var/run/secrets/istio", name: "istiod-ca-cert" }] : []),
      { mountPath: "/var/lib/istio/data", name: "istio-data" },
      { mountPath: "/etc/istio/proxy", name: "istio-xds" },
      { mountPath: "/var/run/secrets/tokens", name: "istio-token" },
      { name: "istio-podinfo", mountPath: "/etc/istio/pod" },
    ],
  };
  const pullPolicy = text(val(values, "global.imagePullPolicy"));
  if (pullPolicy !== "") proxy.imagePullPolicy = pullPolicy;
  const res = proxyResources(d);
  if (res) proxy.resources = res;
  const appPatches = apps.map((name) => ({
    name,
    env: [env("GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT", "true"), env("GRPC_XDS_BOOTSTRAP", "/etc/istio/proxy/grpc-bootstrap.json")],
    volumeMounts: [
      { mountPath: "/var/lib/istio/data", name: "istio-data" },
      { mountPath: "/etc/istio/proxy", name: "istio-xds" },
      { mountPath: "/var/run/secrets/workload-spiffe-credentials", name: "workload-certs" },
    ],
  }));
  const volumes: JsonObject[] = [
    { name: "workload-socket", emptyDir: null },
    { name: "workload-certs", emptyDir: null },
    { emptyDir: { medium: "Memory" }, name: "istio-xds" },
    { name: "istio-data", emptyDir: {} },
    podinfoVolume(),
    tokenVolume(d),
  ];
  if (text(val(values, "global.pilotCertProvider")) === "istiod") volumes.push(caCertVolume(d));
  const spec: JsonObject = { containers: [proxy, ...appPatches], volumes };
  const secrets = imagePullSecrets(d);
  if (secrets) spec.imagePullSecrets = secrets;
  return {
    metadata: {
      labels: { "service.istio.io/canonical-name": canon.name, "service.istio.io/canonical-revision": canon.revision },
      annotations: outAnn,
    },
    spec,
  };
}
