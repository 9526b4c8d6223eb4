/** Every Istio kind's schema definition, by kind. */
import type { IstioKindDefinition } from "./define.js";
import { TrafficExtension } from "./extensions/traffic-extension.js";
import { WasmPlugin } from "./extensions/wasm-plugin.js";
import { DestinationRule } from "./networking/destination-rule.js";
import { EnvoyFilter } from "./networking/envoy-filter.js";
import { Gateway } from "./networking/gateway.js";
import { ProxyConfig } from "./networking/proxy-config.js";
import { ServiceEntry } from "./networking/service-entry.js";
import { Sidecar } from "./networking/sidecar.js";
import { VirtualService } from "./networking/virtual-service.js";
import { WorkloadEntry } from "./networking/workload-entry.js";
import { WorkloadGroup } from "./networking/workload-group.js";
import { AuthorizationPolicy } from "./security/authorization-policy.js";
import { PeerAuthentication } from "./security/peer-authentication.js";
import { RequestAuthentication } from "./security/request-authentication.js";
import { Telemetry } from "./telemetry/telemetry.js";

const ALL: IstioKindDefinition[] = [
  VirtualService,
  DestinationRule,
  Gateway,
  ServiceEntry,
  Sidecar,
  WorkloadEntry,
  WorkloadGroup,
  EnvoyFilter,
  ProxyConfig,
  PeerAuthentication,
  AuthorizationPolicy,
  RequestAuthentication,
  Telemetry,
  WasmPlugin,
  TrafficExtension,
];

export const ISTIO_DEFINITIONS: ReadonlyMap<string, IstioKindDefinition> = new Map(ALL.map((d) => [d.kind, d]));
