/**
 * Mesh networks (Istio's `meshNetworks` setting): which registries and CIDRs make up each network and
 * the gateways that reach it. Empty unless the user supplies them.
 */

export interface MeshNetworkEndpoint {
  fromRegistry?: string;
  fromCidr?: string;
}

export interface MeshNetwork {
  endpoints?: MeshNetworkEndpoint[];
  gateways?: Record<string, unknown>[];
}

export interface MeshNetworks {
  networks: Record<string, MeshNetwork>;
}

export function emptyMeshNetworks(): MeshNetworks {
  return { networks: {} };
}

/** Mesh networks from a parsed YAML/JSON document (`{networks: {...}}`); anything else counts as none. */
export function meshNetworksFrom(value: unknown): MeshNetworks {
  const networks = value !== null && typeof value === "object" ? (value as { networks?: unknown }).networks : undefined;
  return networks !== null && typeof networks === "object" && !Array.isArray(networks) ? { networks: networks as Record<string, MeshNetwork> } : emptyMeshNetworks();
}
