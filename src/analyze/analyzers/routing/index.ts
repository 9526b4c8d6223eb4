/** The routing analyzers (one per file in this folder), in istioctl's registration order. */
import type { Analyzer } from "../../define.js";
import caCertificate from "./ca-certificate.js";
import conflictingMeshGatewayHosts from "./conflicting-mesh-gateway-hosts.js";
import conflictingServiceEntryProtocol from "./conflicting-service-entry-protocol.js";
import destinationHost from "./destination-host.js";
import destinationRule from "./destination-rule.js";
import jwtClaimRoute from "./jwt-claim-route.js";
import { SCHEMA_ANALYZERS } from "./schema-validation.js";
import serviceEntryProtocolAddresses from "./service-entry-protocol-addresses.js";
import sidecarSelector from "./sidecar-selector.js";
import subsetSelectPod from "./subset-select-pod.js";
import virtualServiceGateway from "./virtualservice-gateway.js";

export const ROUTING_ANALYZERS: Analyzer[] = [
  caCertificate,
  subsetSelectPod,
  serviceEntryProtocolAddresses,
  conflictingServiceEntryProtocol,
  sidecarSelector,
  conflictingMeshGatewayHosts,
  destinationHost,
  destinationRule,
  virtualServiceGateway,
  jwtClaimRoute,
  ...SCHEMA_ANALYZERS,
];
