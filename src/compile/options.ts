/**
 * CompileOptions: everything the compiler reads besides the model. No environment, no files: the
 * proxy's identity, the flavor of the output, the pilot feature flags and the way short hosts in
 * Istio config are expanded are all explicit here.
 */
import type { Flavor } from "./envoy/index.js";
import type { MeshModel, Workload } from "../model/mesh-model.js";
import { parseLocality } from "./to-ir/locality.js";
import { PLACEHOLDER_POD_IP, DEFAULT_ISTIO_VERSION, nodeTypeOf } from "./to-xds/bootstrap-workload.js";

/** The proxy the configuration is for (what istiod learns from the node metadata). */
export interface ProxyIdentity {
  /** `<name>.<namespace>`. */
  id: string;
  namespace: string;
  labels: Record<string, string>;
  /** Instance IPs; the first is the primary address. */
  ips: string[];
  serviceAccount: string;
  /** "router": a gateway (compiled from the Gateways that select it). */
  type: "sidecar" | "router";
  /** Workload name for endpoint metadata (default: the id's name part). */
  workloadName?: string;
  istioVersion?: string;
  /** The proxy's locality (locality load balancing). */
  locality?: { region?: string; zone?: string; subZone?: string };
  /** Node metadata keys (CLUSTER_ID, DNS_CAPTURE...). */
  metadata?: Record<string, string>;
}

/** Pilot feature flags meshc models (by Istio's environment variable names, defaults in brackets). */
export interface CompileFeatures {
  /** PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER [false]. */
  headlessFilterChainListener: boolean;
  /** ENABLE_TLS_ON_SIDECAR_INGRESS [false]. */
  tlsOnSidecarIngress: boolean;
  /** PILOT_ENABLE_METADATA_EXCHANGE [true] (istio flavor only). */
  metadataExchange: boolean;
  /** PILOT_ENABLE_ALPN_FILTER [true] (istio flavor only). */
  alpnFilter: boolean;
}

export interface CompileOptions {
  proxy: ProxyIdentity;
  /** "stock" (default): only upstream Envoy extensions; "istio": plus istio-proxy's filters. */
  flavor: Flavor;
  features: CompileFeatures;
  /**
   * Domain suffix for expanding short hosts written in Istio config (`reviews` in `default` →
   * `reviews.default.svc.<suffix>`); "" expands to `reviews.default` (Istio's test harness). Default:
   * the model's domain suffix.
   */
  configDomainSuffix?: string;
  /** Emit `istio.stats` filters (a Prometheus metrics provider is configured); istio flavor only. */
  stats?: boolean;
}

export const DEFAULT_FEATURES: CompileFeatures = { headlessFilterChainListener: false, tlsOnSidecarIngress: false, metadataExchange: true, alpnFilter: true };

/** The proxy identity of a workload of the model. */
export function proxyForWorkload(workload: Workload, ip?: string): ProxyIdentity {
  const locality = parseLocality(workload.labels["istio-locality"] ?? workload.labels["topology.istio.io/locality"]);
  return {
    ...(locality ? { locality } : {}),
    id: workload.id,
    namespace: workload.namespace,
    labels: { ...workload.labels },
    ips: [ip ?? workload.address ?? PLACEHOLDER_POD_IP],
    serviceAccount: workload.serviceAccount,
    type: nodeTypeOf(workload),
    workloadName: workload.name,
    istioVersion: DEFAULT_ISTIO_VERSION,
  };
}

/** Options for a workload with every default filled in. */
export function compileOptionsFor(model: MeshModel, workload: Workload, over: Partial<Omit<CompileOptions, "proxy">> & { ip?: string } = {}): CompileOptions {
  const { ip, ...rest } = over;
  return { proxy: proxyForWorkload(workload, ip), flavor: "stock", features: { ...DEFAULT_FEATURES }, configDomainSuffix: model.domainSuffix, ...rest };
}
