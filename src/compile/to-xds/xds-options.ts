/** What the mechanical IR → Envoy stage needs to know besides the IR. */
import type { Flavor } from "../envoy/index.js";

export interface XdsOptions {
  flavor: Flavor;
  /** istio flavor: metadata exchange filters. */
  metadataExchange: boolean;
  /** istio flavor: the istio.alpn HTTP filter on outbound. */
  alpnFilter: boolean;
  /** istio flavor: istio.stats filters. */
  stats: boolean;
}

export function istioFilters(o: XdsOptions): boolean {
  return o.flavor === "istio";
}
