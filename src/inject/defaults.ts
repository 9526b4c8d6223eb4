/**
 * Istio's built-in injection settings, as data: the injector values of a default install and the
 * mesh / proxy-config defaults that matter to injection (inject.md 5.1, 5.3).
 */
import { PROXY_CONFIG_DEFAULTS } from "../model/proxy-config-fields.js";
import type { JsonObject } from "./k8s-codec.js";

/** Injector values of a default installation (hub and tag are Istio's test values). */
export function defaultValues(): JsonObject {
  return {
    gateways: { seccompProfile: {}, securityContext: {} },
    global: {
      caAddress: "",
      caName: "",
      hub: "docker.io/istio",
      imagePullPolicy: "",
      imagePullSecrets: [],
      istioNamespace: "istio-system",
      logAsJson: false,
      logging: { level: "default:info" },
      meshID: "",
      mountMtlsCerts: false,
      multiCluster: { clusterName: "" },
      nativeNftables: false,
      network: "",
      pilotCertProvider: "istiod",
      proxy: {
        autoInject: "enabled",
        clusterDomain: "cluster.local",
        componentLogLevel: "misc:error",
        excludeIPRanges: "",
        excludeInboundPorts: "",
        excludeOutboundPorts: "",
        image: "proxyv2",
        includeIPRanges: "*",
        includeInboundPorts: "*",
        includeOutboundPorts: "",
        logLevel: "warning",
        outlierLogPath: "",
        privileged: false,
        readinessFailureThreshold: 4,
        readinessInitialDelaySeconds: 0,
        readinessPeriodSeconds: 15,
        resources: {
          limits: { cpu: "2000m", memory: "1024Mi" },
          requests: { cpu: "100m", memory: "128Mi" },
        },
        seccompProfile: {},
        startupProbe: { enabled: true, failureThreshold: 600 },
        statusPort: 15020,
        tracer: "none",
      },
      proxy_init: { forceApplyIptables: false, image: "proxyv2" },
      sds: { token: { aud: "istio-ca" } },
      sts: { servicePort: 0 },
      tag: "latest",
      variant: "",
    },
    pilot: { cni: { enabled: false, provider: "default" }, env: {} },
    revision: "",
    sidecarInjectorWebhook: {
      defaultTemplates: [],
      injectedAnnotations: {},
      rewriteAppHTTPProbe: true,
      templates: {},
    },
  };
}

/** Proxy-config defaults (meshconfig.ProxyConfig as Istio fills it in). */
export const DEFAULT_PROXY_CONFIG: JsonObject = { ...PROXY_CONFIG_DEFAULTS };

/** Mesh-config defaults that injection reads. */
export function defaultMeshConfig(): JsonObject {
  return {
    proxyListenPort: 15001,
    proxyInboundListenPort: 15006,
    trustDomain: "cluster.local",
    enablePrometheusMerge: true,
    inboundTrafficPolicy: { mode: "PASSTHROUGH" },
    rootNamespace: "istio-system",
    defaultConfig: { ...DEFAULT_PROXY_CONFIG },
    defaultProviders: { metrics: ["prometheus"] },
    extensionProviders: [
      { name: "prometheus", prometheus: {} },
      { name: "stackdriver", stackdriver: {} },
      { name: "envoy", envoyFileAccessLog: { path: "/dev/stdout" } },
    ],
  };
}
