/** The gateways analyzers (one per file in this folder), plus the policy and telemetry checks of this area. */
import type { Analyzer } from "../../define.js";
import authorizationPolicies from "./authorization-policies.js";
import blockedCidrs from "./blocked-cidrs.js";
import certificate from "./certificate.js";
import conditions from "./conditions.js";
import conflictingGateway from "./conflicting-gateway.js";
import envoyPatch from "./envoy-patch.js";
import ingressGatewayPort from "./ingress-gateway-port.js";
import k8sgatewayCrdVersion from "./k8sgateway-crd-version.js";
import k8sgatewaySelector from "./k8sgateway-selector.js";
import secret from "./secret.js";
import telemetryDefaultSelector from "./telemetry-default-selector.js";
import telemetryLightstep from "./telemetry-lightstep.js";
import telemetryProvider from "./telemetry-provider.js";
import telemetrySelector from "./telemetry-selector.js";

export const GATEWAY_ANALYZERS: Analyzer[] = [
  authorizationPolicies,
  blockedCidrs,
  conditions,
  envoyPatch,
  certificate,
  conflictingGateway,
  ingressGatewayPort,
  secret,
  k8sgatewayCrdVersion,
  k8sgatewaySelector,
  telemetryDefaultSelector,
  telemetryLightstep,
  telemetryProvider,
  telemetrySelector,
];
