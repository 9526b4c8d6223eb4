/**
 * The built-in `gateway` template (inject.md 9): a router istio-proxy container, canonical labels,
 * an unprivileged-port sysctl, no init container.
 */
import type { JsonObject } from "../k8s-codec.js";
import { interceptionModeOf } from "../proxy-config.js";
import { annotationOr, isObj, text, truthy, val, type TemplateData } from "../template-data.js";
import {
  addDefaultContainerAnnotations,
  agentArgs,
  appContainers, caAddress, caCertVolume, canonicalLabels, env, fieldEnv, identityEnv, imagePullSecrets, meshIdEnv,
  podinfoVolume, podPortsJson, proxyConfigEnv, proxyMetadataEnv, resourceEnv, tokenVolume,
} from "./sidecar-parts.js";

export function gatewayTemplate(d: TemplateData): JsonObject {
  const m = d.meta;
  const values = d.values;
  const canon = canonicalLabels(d, false);
  const outAnn: Record<string, string> = { "istio.io/rev": d.revision || "default" };
  const apps = appContainers(d);
  addDefaultContainerAnnotations(d, outAnn);
  const imageSetting = annotationOr(m, "sidecar.istio.io/proxyImage", val(values, "global.proxy.image"));
  const args = agentArgs(d, "router");
  const c: JsonObject = {
    name: "istio-proxy",
    image: imageSetting.includes("/") ? imageSetting : d.proxyImage,
    ports: [{ containerPort: 15090, protocol: "TCP", name: "http-envoy-prom" }],
    args,
  };
  const lifecycle = val(values, "global.proxy.lifecycle");
  if (truthy(lifecycle)) c.lifecycle = lifecycle as JsonObject;
  c.env = [
    env("PILOT_CERT_PROVIDER", text(val(values, "global.pilotCertProvider"))),
    env("CA_ADDR", caAddress(d)),
    fieldEnv("POD_NAME", "metadata.name"), fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("INSTANCE_IP", "status.podIP"),
    fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"), fieldEnv("HOST_IP", "status.hostIP"),
    resourceEnv("ISTIO_CPU_LIMIT", "limits.cpu"),
    proxyConfigEnv(d),
    env("ISTIO_META_POD_PORTS", podPortsJson(d)),
    resourceEnv("GOMEMLIMIT", "limits.memory"),
    env("ISTIO_META_APP_CONTAINERS", apps.join(",")),
    env("ISTIO_META_CLUSTER_ID", text(val(values, "global.multiCluster.clusterName")) || "Kubernetes"),
    fieldEnv("ISTIO_META_NODE_NAME", "spec.nodeName"),
    env("ISTIO_META_INTERCEPTION_MODE", interceptionModeOf(d.proxyConfig)),
    ...identityEnv(d),
    ...meshIdEnv(d),
    ...proxyMetadataEnv(d),
  ];
  const pullPolicy = text(val(values, "global.imagePullPolicy"));
  if (pullPolicy !== "") c.imagePullPolicy = pullPolicy;
  c.readinessProbe = {
    httpGet: { path: "/healthz/ready", port: 15021 },
    initialDelaySeconds: Number(text(val(values, "global.proxy.readinessInitialDelaySeconds"))) || 0,
    periodSeconds: Number(text(val(values, "global.proxy.readinessPeriodSeconds"))) || 0,
    timeoutSeconds: 3,
    failureThreshold: Number(text(val(values, "global.proxy.readinessFailureThreshold"))) || 0,
  };
  c.securityContext = { runAsUser: d.proxyUID, runAsGroup: d.proxyGID };
  const gke = text(val(values, "global.caName")) === "GkeWorkloadCertificate";
  const mounts: JsonObject[] = [
    { name: "workload-socket", mountPath: "/var/run/secrets/workload-spiffe-uds" },
    { name: "credential-socket", mountPath: "/var/run/secrets/credential-uds" },
    gke
      ? { name: "gke-workload-certificate", mountPath: "/var/run/secrets/workload-spiffe-credentials", readOnly: true }
      : { name: "workload-certs", mountPath: "/var/run/secrets/workload-spiffe-credentials" },
  ];
  const istiod = text(val(values, "global.pilotCertProvider")) === "istiod";
  if (istiod) mounts.push({ mountPath: "/var/run/secrets/istio", name: "istiod-ca-cert" });
  mounts.push({ mountPath: "/var/lib/istio/data", name: "istio-data" }, { mountPath: "/etc/istio/proxy", name: "istio-envoy" });
  mounts.push({ mountPath: "/var/run/secrets/tokens", name: "istio-token" });
  if (truthy(val(values, "global.mountMtlsCerts"))) mounts.push({ mountPath: "/etc/certs/", name: "istio-certs", readOnly: true });
  mounts.push({ name: "istio-podinfo", mountPath: "/etc/istio/pod" });
  c.volumeMounts = mounts;

  const volumes: JsonObject[] = [
    { name: "workload-socket", emptyDir: null },
    { emptyDir: {}, name: "credential-socket" },
    gke ? { name: "gke-workload-certificate", csi: { driver: "workloadcertificates.security.cloud.google.com" } } : { emptyDir: {}, name: "workload-certs" },
    { emptyDir: { medium: "Memory" }, name: "istio-envoy" },
    { name: "istio-data", emptyDir: {} },
    podinfoVolume(),
    tokenVolume(d),
  ];
  if (istiod) volumes.push(caCertVolume(d));
  if (truthy(val(values, "global.mountMtlsCerts"))) {
    const sa = text(d.spec.serviceAccountName);
    volumes.push({ name: "istio-certs", secret: { optional: true, secretName: sa === "" ? "istio.default" : `istio.${sa}` } });
  }
  const gwSec = val(values, "gateways.securityContext");
  const spec: JsonObject = {
    securityContext: isObj(gwSec) && Object.keys(gwSec).length > 0 ? gwSec : { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] },
    containers: [c],
    volumes,
  };
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
