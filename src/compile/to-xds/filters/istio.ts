/**
 * istio-proxy-only filters (flavor "istio"): metadata exchange (network, cluster and HTTP),
 * `istio.alpn`, `istio.stats`. Stock Envoy rejects these, so the default flavor never emits them.
 */
import { anyOf, ISTIO_TYPES, TYPE_URLS, typedStruct, type Filter, type HttpFilter } from "../../envoy/index.js";
import type { Filter as ClusterFilter } from "../../../gen/envoy/envoy/config/cluster/v3/filter.js";

export function networkMetadataExchange(): Filter {
  return { name: "istio.metadata_exchange", typedConfig: typedStruct(TYPE_URLS.metadataExchange, { protocol: "istio-peer-exchange", enable_discovery: true }) };
}

export function clusterMetadataExchange(): ClusterFilter {
  return { name: "istio.metadata_exchange", typedConfig: typedStruct(TYPE_URLS.metadataExchange, { protocol: "istio-peer-exchange", enable_discovery: true }) };
}

export function httpPeerMetadata(direction: "inbound" | "outbound"): HttpFilter {
  const value = direction === "outbound" ? { upstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }], upstream_propagation: [{ istio_headers: {} }] } : { downstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }], downstream_propagation: [{ istio_headers: {} }] };
  return { name: "istio.metadata_exchange", typedConfig: typedStruct(TYPE_URLS.peerMetadata, value) };
}

export function alpnFilter(): HttpFilter {
  return {
    name: "istio.alpn",
    typedConfig: anyOf(ISTIO_TYPES.alpn, {
      alpnOverride: [
        { upstreamProtocol: 0, alpnOverride: ["istio-http/1.0", "istio", "http/1.0"] },
        { upstreamProtocol: 1, alpnOverride: ["istio-http/1.1", "istio", "http/1.1"] },
        { upstreamProtocol: 2, alpnOverride: ["istio-h2", "istio", "h2"] },
      ],
    }),
  };
}

export function statsHttpFilter(direction: "inbound" | "outbound"): HttpFilter {
  return { name: "istio.stats", typedConfig: anyOf(ISTIO_TYPES.stats, (direction === "inbound" ? { disableHostHeaderFallback: true } : {}) as never) };
}

export function statsNetworkFilter(direction: "inbound" | "outbound"): Filter {
  return { name: "istio.stats", typedConfig: anyOf(ISTIO_TYPES.stats, (direction === "inbound" ? { disableHostHeaderFallback: true } : {}) as never) };
}
