/** The dynamic forward proxy (ALLOW_ANY_DYNAMIC_DNS): the HTTP filter and the cluster share one DNS cache. */
import { anyOf, Cluster_DnsLookupFamily, ENVOY_TYPES, type HttpFilter } from "../../envoy/index.js";
import type { DnsCacheConfig } from "../../../gen/envoy/envoy/extensions/common/dynamic_forward_proxy/v3/dns_cache.js";
import type { DynamicDnsIR } from "../../ir.js";

export function dnsCacheConfig(d: DynamicDnsIR | undefined): DnsCacheConfig {
  return { name: d?.cacheName ?? "", dnsLookupFamily: d?.v4Only === false ? Cluster_DnsLookupFamily.V6_ONLY : Cluster_DnsLookupFamily.V4_ONLY };
}

export function dynamicForwardProxyFilter(d: DynamicDnsIR): HttpFilter {
  return { name: "envoy.filters.http.dynamic_forward_proxy", typedConfig: anyOf(ENVOY_TYPES.httpDynamicForwardProxy, { dnsCacheConfig: dnsCacheConfig(d) }) };
}
