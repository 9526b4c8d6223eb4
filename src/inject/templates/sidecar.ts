/**
 * The built-in `sidecar` template (inject.md 8), expressed as a function from template data to the
 * partial Pod Istio's template renders.
 */
import type { Json, JsonObject } from "../k8s-codec.js";
import { interceptionModeOf, proxyMetadataOf } from "../proxy-config.js";
import { annotationOr, annotationsOf, isObj, labelsOf, text, truthy, val, type TemplateData } from "../template-data.js";
import {
  addDefaultContainerAnnotations,
  agentArgs,
  appContainers, caAddress, caCertVolume, canonicalLabels, env, fieldEnv, identityEnv, imagePullSecrets, meshIdEnv,
  podinfoVolume, podPortsJson, proxyConfigEnv, proxyMetadataEnv, proxyResources, resourceEnv, seccomp, statusPortText,
  tokenVolume,
} from "./sidecar-parts.js";

const has = (o: Record<string, string>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** excludeInboundPort helper: append the status port to the exclude list unless present. */
export function excludeInboundPort(statusPort: string, ports: string): string {
  const p = statusPort.trim();
  if (p === "" || p === "0") return ports;
  const items = ports.split(",");
  if (items.includes(p)) return ports;
  const kept = items.map((x) => x.trim()).filter((x) => x !== "");
  kept.push(p);
  return kept.join(",");
}

export function effectiveInterceptionMode(d: TemplateData): string {
  return annotationOr(d.meta, "sidecar.istio.io/interceptionMode", interceptionModeOf(d.proxyConfig));
}

export function nativeSidecarOn(d: TemplateData): boolean {
  const a = annotationsOf(d.meta)["sidecar.istio.io/nativeSidecar"];
  if (a === "true") return true;
  if (a === "false") return false;
  return d.nativeSidecars;
}

function imageFor(d: TemplateData, valuesPath: string, computed: string): string {
  const x = annotationOr(d.meta, "sidecar.istio.io/proxyImage", val(d.values, valuesPath));
  return x.includes("/") ? x : computed;
}

function initContainer(d: TemplateData, mode: string, tproxy: boolean, cni: boolean): JsonObject {
  const m = d.meta;
  const ann = annotationsOf(m);
  const excludeInbound = excludeInboundPort(
    statusPortText(d),
    annotationOr(m, "traffic.sidecar.istio.io/excludeInboundPorts", val(d.values, "global.proxy.excludeInboundPorts")),
  );
  const args = [
    "istio-iptables",
    "-p", text(d.meshConfig.proxyListenPort ?? 15001),
    "-z", text(d.meshConfig.proxyInboundListenPort ?? 15006),
    "-u", tproxy ? "1337" : String(d.proxyUID),
    "-m", mode,
    "-i", annotationOr(m, "traffic.sidecar.istio.io/includeOutboundIPRanges", val(d.values, "global.proxy.includeIPRanges")),
    "-x", annotationOr(m, "traffic.sidecar.istio.io/excludeOutboundIPRanges", val(d.values, "global.proxy.excludeIPRanges")),
    "-b", annotationOr(m, "traffic.sidecar.istio.io/includeInboundPorts", val(d.values, "global.proxy.includeInboundPorts")),
    "-d", excludeInbound === "" ? "15090,15021" : `15090,15021,${excludeInbound}`,
  ];
  if (has(ann, "traffic.sidecar.istio.io/includeOutboundPorts") || text(val(d.values, "global.proxy.includeOutboundPorts")) !== "") {
    args.push("-q", annotationOr(m, "traffic.sidecar.istio.io/includeOutboundPorts", val(d.values, "global.proxy.includeOutboundPorts")));
  }
  if (has(ann, "traffic.sidecar.istio.io/excludeOutboundPorts") || text(val(d.values, "global.proxy.excludeOutboundPorts")) !== "") {
    args.push("-o", annotationOr(m, "traffic.sidecar.istio.io/excludeOutboundPorts", val(d.values, "global.proxy.excludeOutboundPorts")));
  }
  if (has(ann, "istio.io/reroute-virtual-interfaces")) args.push("-k", ann["istio.io/reroute-virtual-interfaces"]!);
  else if (has(ann, "traffic.sidecar.istio.io/kubevirtInterfaces")) args.push("-k", ann["traffic.sidecar.istio.io/kubevirtInterfaces"]!);
  if (has(ann, "traffic.sidecar.istio.io/excludeInterfaces")) args.push("-c", ann["traffic.sidecar.istio.io/excludeInterfaces"]!);
  args.push(`--log_output_level=${annotationOr(m, "sidecar.istio.io/agentLogLevel", val(d.values, "global.logging.level"))}`);
  if (truthy(val(d.values, "global.logAsJson"))) args.push("--log_as_json");
  if (cni) args.push("--run-validation", "--skip-rule-apply");
  else if (truthy(val(d.values, "global.proxy_init.forceApplyIptables"))) args.push("--force-apply");
  if (truthy(val(d.values, "global.nativeNftables"))) args.push("--native-nftables");

  const c: JsonObject = { name: cni ? "istio-validation" : "istio-init", image: imageFor(d, "global.proxy_init.image", d.proxyInitImage), args };
  const pullPolicy = text(val(d.values, "global.imagePullPolicy"));
  if (pullPolicy !== "") c.imagePullPolicy = pullPolicy;
  const md = proxyMetadataEnv(d);
  if (md.length > 0) c.env = md;
  const res = proxyResources(d);
  if (res) c.resources = res;
  const privileged = truthy(val(d.values, "global.proxy.privileged"));
  const sc: JsonObject = cni
    ? {
        allowPrivilegeEscalation: privileged, privileged, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true,
        runAsGroup: tproxy ? 1337 : d.proxyGID, runAsUser: tproxy ? 1337 : d.proxyUID, runAsNonRoot: true,
      }
    : {
        allowPrivilegeEscalation: privileged, privileged, capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] },
        readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0,
      };
  const sp = seccomp(d);
  if (sp !== undefined) sc.seccompProfile = sp;
  c.securityContext = sc;
  return c;
}

function proxyContainer(d: TemplateData, mode: string, tproxy: boolean, native: boolean, hold: boolean): JsonObject {
  const m = d.meta;
  const ann = annotationsOf(m);
  const values = d.values;
  const args = agentArgs(d, "sidecar");
  if (truthy(val(values, "global.proxy.outlierLogPath"))) args.push(`--outlierLogPath=${text(val(values, "global.proxy.outlierLogPath"))}`);

  const c: JsonObject = { name: "istio-proxy", image: imageFor(d, "global.proxy.image", d.proxyImage) };
  if (native) c.restartPolicy = "Always";
  c.ports = [{ containerPort: 15090, protocol: "TCP", name: "http-envoy-prom" }];
  c.args = args;
  const statusText = statusPortText(d);
  const lifecycle = val(values, "global.proxy.lifecycle");
  if (truthy(lifecycle)) c.lifecycle = lifecycle as Json;
  else if (hold) c.lifecycle = { postStart: { exec: { command: ["pilot-agent", "wait"] } } };
  else if (native) c.lifecycle = { preStop: { exec: { command: ["pilot-agent", "request", `--debug-port=${statusText}`, "POST", "drain"] } } };

  const e: JsonObject[] = [];
  if (d.inboundTrafficPolicyMode === "localhost") e.push(env("REWRITE_PROBE_LEGACY_LOCALHOST_DESTINATION", "true"));
  e.push(env("PILOT_CERT_PROVIDER", text(val(values, "global.pilotCertProvider"))));
  e.push(env("CA_ADDR", caAddress(d)));
  e.push(fieldEnv("POD_NAME", "metadata.name"), fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("INSTANCE_IP", "status.podIP"));
  e.push(fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"), fieldEnv("HOST_IP", "status.hostIP"));
  e.push(resourceEnv("ISTIO_CPU_LIMIT", "limits.cpu"));
  e.push(proxyConfigEnv(d));
  e.push(env("ISTIO_META_POD_PORTS", podPortsJson(d)));
  e.push(env("ISTIO_META_APP_CONTAINERS", appContainers(d).join(",")));
  e.push(resourceEnv("GOMEMLIMIT", "limits.memory"));
  if (d.compliancePolicy !== "") {
    e.push(env("COMPLIANCE_POLICY", d.compliancePolicy));
    if (d.compliancePolicy === "fips-140-3") e.push(env("GODEBUG", "fips140=only"));
  }
  e.push(env("ISTIO_META_CLUSTER_ID", text(val(values, "global.multiCluster.clusterName")) || "Kubernetes"));
  e.push(fieldEnv("ISTIO_META_NODE_NAME", "spec.nodeName"));
  e.push(env("ISTIO_META_INTERCEPTION_MODE", ann["sidecar.istio.io/interceptionMode"] || interceptionModeOf(d.proxyConfig)));
  e.push(...identityEnv(d));
  if (has(ann, "sidecar.istio.io/bootstrapOverride")) e.push(env("ISTIO_BOOTSTRAP_OVERRIDE", "/etc/istio/custom-bootstrap/custom_bootstrap.json"));
  e.push(...meshIdEnv(d));
  if (text(val(values, "global.proxy.tracer")) === "datadog" && has(ann, "apm.datadoghq.com/env")) {
    try {
      const dd = JSON.parse(ann["apm.datadoghq.com/env"]!) as Record<string, unknown>;
      for (const k of Object.keys(dd).sort()) e.push(env(k, String(dd[k])));
    } catch {
      /* validated elsewhere */
    }
  }
  const otel = otelAttributes(d);
  if (otel !== undefined) e.push(env("OTEL_RESOURCE_ATTRIBUTES", otel));
  e.push(...proxyMetadataEnv(d));
  c.env = e;
  const pullPolicy = text(val(values, "global.imagePullPolicy"));
  if (pullPolicy !== "") c.imagePullPolicy = pullPolicy;

  if (statusText !== "0") {
    if (truthy(val(values, "global.proxy.startupProbe.enabled"))) {
      c.startupProbe = {
        httpGet: { path: "/healthz/ready", port: 15021 }, periodSeconds: 1, timeoutSeconds: 3,
        failureThreshold: Number(text(val(values, "global.proxy.startupProbe.failureThreshold"))) || 0,
      };
    }
    const num = (annName: string, path: string): number => Number(annotationOr(m, annName, val(values, path))) || 0;
    c.readinessProbe = {
      httpGet: { path: "/healthz/ready", port: 15021 },
      initialDelaySeconds: num("readiness.status.sidecar.istio.io/initialDelaySeconds", "global.proxy.readinessInitialDelaySeconds"),
      periodSeconds: num("readiness.status.sidecar.istio.io/periodSeconds", "global.proxy.readinessPeriodSeconds"),
      timeoutSeconds: 3,
      failureThreshold: num("readiness.status.sidecar.istio.io/failureThreshold", "global.proxy.readinessFailureThreshold"),
    };
  }

  const privileged = truthy(val(values, "global.proxy.privileged"));
  const md = proxyMetadataOf(d.proxyConfig);
  let sc: JsonObject;
  if (md.IPTABLES_TRACE_LOGGING === "true") {
    sc = {
      allowPrivilegeEscalation: true, capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] }, privileged: true,
      readOnlyRootFilesystem: true, runAsGroup: d.proxyGID, runAsNonRoot: false, runAsUser: 0,
    };
  } else {
    const bind = annotationOr(m, "sidecar.istio.io/capNetBindService", val(values, "global.proxy.capNetBindService")) === "true";
    const add: string[] = [];
    if (tproxy) add.push("NET_ADMIN");
    if (bind) add.push("NET_BIND_SERVICE");
    const caps: JsonObject = add.length > 0 ? { add, drop: ["ALL"] } : { drop: ["ALL"] };
    sc = { allowPrivilegeEscalation: privileged, capabilities: caps, privileged, readOnlyRootFilesystem: true };
    if (tproxy || bind) Object.assign(sc, { runAsGroup: 1337, runAsNonRoot: false, runAsUser: 0 });
    else Object.assign(sc, { runAsGroup: d.proxyGID, runAsNonRoot: true, runAsUser: d.proxyUID });
    const sp = seccomp(d);
    if (sp !== undefined) sc.seccompProfile = sp;
  }
  c.securityContext = sc;
  const res = proxyResources(d);
  if (res) c.resources = res;
  c.volumeMounts = proxyMounts(d);
  return c;
}

function proxyMounts(d: TemplateData): JsonObject[] {
  const ann = annotationsOf(d.meta);
  const mounts: JsonObject[] = [
    { name: "workload-socket", mountPath: "/var/run/secrets/workload-spiffe-uds" },
    { name: "credential-socket", mountPath: "/var/run/secrets/credential-uds" },
  ];
  if (text(val(d.values, "global.caName")) === "GkeWorkloadCertificate") {
    mounts.push({ name: "gke-workload-certificate", mountPath: "/var/run/secrets/workload-spiffe-credentials", readOnly: true });
  } else mounts.push({ name: "workload-certs", mountPath: "/var/run/secrets/workload-spiffe-credentials" });
  if (text(val(d.values, "global.pilotCertProvider")) === "istiod") {
    mounts.push({ mountPath: "/var/run/secrets/istio", name: "istiod-ca-cert" });
    mounts.push({ mountPath: "/var/run/secrets/istio/crl", name: "istio-ca-crl" });
  }
  mounts.push({ mountPath: "/var/lib/istio/data", name: "istio-data" });
  if (has(ann, "sidecar.istio.io/bootstrapOverride")) mounts.push({ mountPath: "/etc/istio/custom-bootstrap", name: "custom-bootstrap-volume" });
  mounts.push({ mountPath: "/etc/istio/proxy", name: "istio-envoy" });
  mounts.push({ mountPath: "/var/run/secrets/tokens", name: "istio-token" });
  if (truthy(val(d.values, "global.mountMtlsCerts"))) mounts.push({ mountPath: "/etc/certs/", name: "istio-certs", readOnly: true });
  mounts.push({ name: "istio-podinfo", mountPath: "/etc/istio/pod" });
  mounts.push(...userEntries(ann["sidecar.istio.io/userVolumeMount"]));
  return mounts;
}

/** Entries of a JSON-object annotation (userVolume / userVolumeMount), sorted by key. */
export function userEntries(json: string | undefined): JsonObject[] {
  if (json === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!isObj(parsed)) return [];
  return Object.keys(parsed)
    .sort()
    .map((k) => ({ name: k, ...(isObj(parsed[k]) ? (parsed[k] as JsonObject) : {}) }));
}

function sidecarVolumes(d: TemplateData): JsonObject[] {
  const ann = annotationsOf(d.meta);
  const vols: JsonObject[] = [
    { name: "workload-socket", emptyDir: null },
    { name: "credential-socket", emptyDir: null },
  ];
  if (text(val(d.values, "global.caName")) === "GkeWorkloadCertificate") {
    vols.push({ name: "gke-workload-certificate", csi: { driver: "workloadcertificates.security.cloud.google.com" } });
  } else vols.push({ name: "workload-certs", emptyDir: null });
  if (has(ann, "sidecar.istio.io/bootstrapOverride")) {
    vols.push({ name: "custom-bootstrap-volume", configMap: { name: ann["sidecar.istio.io/bootstrapOverride"]! } });
  }
  vols.push({ emptyDir: { medium: "Memory" }, name: "istio-envoy" });
  vols.push({ name: "istio-data", emptyDir: {} });
  vols.push(podinfoVolume());
  vols.push(tokenVolume(d));
  if (text(val(d.values, "global.pilotCertProvider")) === "istiod") vols.push(caCertVolume(d));
  vols.push({ name: "istio-ca-crl", configMap: { name: text(val(d.values, "pilot.crlConfigMapName")) || "istio-ca-crl", optional: true } });
  if (truthy(val(d.values, "global.mountMtlsCerts"))) {
    const sa = text(d.spec.serviceAccountName);
    vols.push({ name: "istio-certs", secret: { optional: true, secretName: sa === "" ? "istio.default" : `istio.${sa}` } });
  }
  vols.push(...userEntries(ann["sidecar.istio.io/userVolume"]));
  return vols;
}

/** OTEL_RESOURCE_ATTRIBUTES (inject.md 8.4.1), or undefined when not configured. */
function otelAttributes(d: TemplateData): string | undefined {
  const providers = Array.isArray(d.meshConfig.extensionProviders) ? d.meshConfig.extensionProviders : [];
  const on = providers.some((p) => isObj(p) && isObj(p.opentelemetry) && p.opentelemetry.serviceAttributeEnrichment === "OTEL_SEMANTIC_CONVENTIONS");
  if (!on) return undefined;
  const ann = annotationsOf(d.meta);
  const labels = labelsOf(d.meta);
  const parts: string[] = [];
  const ns = ann["resource.opentelemetry.io/service.namespace"] || d.deploymentMeta.namespace;
  if (ns) parts.push(`service.namespace=${ns}`);
  let version = ann["resource.opentelemetry.io/service.version"] || labels["app.kubernetes.io/version"] || "";
  const containers = Array.isArray(d.spec.containers) ? d.spec.containers : [];
  if (!version && containers.length === 1 && isObj(containers[0])) {
    const image = text(containers[0].image);
    const [ref, digest] = image.split("@") as [string, string | undefined];
    const slash = ref.lastIndexOf("/");
    const colon = ref.lastIndexOf(":");
    const tag = colon > slash ? ref.slice(colon + 1) : "";
    version = tag && digest ? `${tag}@${digest}` : digest || tag;
  }
  if (version) parts.push(`service.version=${version}`);
  const first = isObj(containers[0]) ? text(containers[0].name) : "";
  const instance = ann["resource.opentelemetry.io/service.instance.id"] || `${d.deploymentMeta.namespace}.$(POD_NAME).${first}`;
  parts.push(`service.instance.id=${instance}`);
  return parts.join(",");
}

function cniAnnotations(d: TemplateData, mode: string, out: Record<string, string>): void {
  const m = d.meta;
  const ann = annotationsOf(m);
  if (text(val(d.values, "pilot.cni.provider")) === "multus") {
    const cur = ann["k8s.v1.cni.cncf.io/networks"] ?? "";
    out["k8s.v1.cni.cncf.io/networks"] = appendMultusNetwork(cur, "istio-cni");
  }
  out["sidecar.istio.io/interceptionMode"] = mode;
  const inc = annotationOr(m, "traffic.sidecar.istio.io/includeOutboundIPRanges", val(d.values, "global.proxy.includeIPRanges"));
  if (inc !== "") out["traffic.sidecar.istio.io/includeOutboundIPRanges"] = inc;
  const exc = annotationOr(m, "traffic.sidecar.istio.io/excludeOutboundIPRanges", val(d.values, "global.proxy.excludeIPRanges"));
  if (exc !== "") out["traffic.sidecar.istio.io/excludeOutboundIPRanges"] = exc;
  out["traffic.sidecar.istio.io/includeInboundPorts"] = annotationOr(m, "traffic.sidecar.istio.io/includeInboundPorts", val(d.values, "global.proxy.includeInboundPorts"));
  out["traffic.sidecar.istio.io/excludeInboundPorts"] = excludeInboundPort(
    statusPortText(d),
    annotationOr(m, "traffic.sidecar.istio.io/excludeInboundPorts", val(d.values, "global.proxy.excludeInboundPorts")),
  );
  for (const [a, v] of [["includeOutboundPorts", "global.proxy.includeOutboundPorts"], ["excludeOutboundPorts", "global.proxy.excludeOutboundPorts"]] as const) {
    const name = `traffic.sidecar.istio.io/${a}`;
    if (has(ann, name) || text(val(d.values, v)) !== "") out[name] = annotationOr(m, name, val(d.values, v));
  }
  for (const name of ["traffic.sidecar.istio.io/kubevirtInterfaces", "istio.io/reroute-virtual-interfaces", "traffic.sidecar.istio.io/excludeInterfaces"]) {
    if (ann[name]) out[name] = ann[name]!;
  }
}

/** appendMultusNetwork: add `<ns>/istio-cni` to a Multus networks annotation (inject.md 8.2). */
export function appendMultusNetwork(existing: string, network: string): string {
  if (existing === "") return `default/${network}`;
  if (existing.includes("]")) {
    try {
      const list = JSON.parse(existing) as unknown[];
      if (Array.isArray(list) && list.some((x) => isObj(x) && x.name === network && x.namespace === "default")) return existing;
    } catch {
      /* fall through: textual insertion like Istio */
    }
    const i = existing.lastIndexOf("]");
    return `${existing.slice(0, i)}, {"name": "${network}", "namespace": "default"}${existing.slice(i)}`;
  }
  if (existing.split(",").some((x) => x.trim() === `default/${network}`)) return existing;
  return `${existing}, default/${network}`;
}

/** Renders the sidecar template. */
export function sidecarTemplate(d: TemplateData): JsonObject {
  const mode = effectiveInterceptionMode(d);
  const tproxy = mode === "TPROXY";
  const native = nativeSidecarOn(d);
  const cni = truthy(val(d.values, "pilot.cni.enabled"));
  const hold = (d.proxyConfig.holdApplicationUntilProxyStarts === true || truthy(val(d.values, "global.proxy.holdApplicationUntilProxyStarts"))) && !native;
  const labels = labelsOf(d.meta);

  const outLabels: Record<string, string> = { "security.istio.io/tlsMode": labels["security.istio.io/tlsMode"] || "istio" };
  if (proxyMetadataOf(d.proxyConfig).ISTIO_META_ENABLE_HBONE === "true") {
    outLabels["networking.istio.io/tunnel"] = labels["networking.istio.io/tunnel"] || "http";
  }
  const canon = canonicalLabels(d, true);
  outLabels["service.istio.io/canonical-name"] = canon.name;
  outLabels["service.istio.io/canonical-revision"] = canon.revision;

  const outAnn: Record<string, string> = { "istio.io/rev": d.revision || "default" };
  addDefaultContainerAnnotations(d, outAnn);
  if (cni) cniAnnotations(d, mode, outAnn);

  const init: JsonObject[] = [];
  if (!(mode === "NONE" && !native) && mode !== "NONE") init.push(initContainer(d, mode, tproxy, cni));
  const proxy = proxyContainer(d, mode, tproxy, native, hold);
  const spec: JsonObject = {};
  if (native) {
    spec.initContainers = [...init, proxy];
    spec.containers = [];
  } else {
    spec.initContainers = init;
    spec.containers = [proxy];
  }
  spec.volumes = sidecarVolumes(d);
  const secrets = imagePullSecrets(d);
  if (secrets) spec.imagePullSecrets = secrets;
  return { metadata: { labels: outLabels, annotations: outAnn }, spec };
}
