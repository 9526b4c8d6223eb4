/**
 * The only table of analysis message codes: Istio's IST codes (code, name, level, Go-format template,
 * argument names) exactly as istioctl prints them, and meshc's own MSH codes. Reports carry a code and
 * arguments; the text is rendered from the template here and nowhere else.
 */
import type { Level } from "../diagnostic.js";

export interface MessageType {
  code: string;
  name: string;
  level: Level;
  /** Go fmt template: %s, %v, %d, %q. */
  template: string;
  args: readonly string[];
}

const IST: MessageType[] = [
  { code: "IST0001", name: "InternalError", level: "Error", template: "Internal error: %v", args: ["detail"] },
  { code: "IST0002", name: "Deprecated", level: "Warning", template: "Deprecated: %s", args: ["detail"] },
  { code: "IST0101", name: "ReferencedResourceNotFound", level: "Error", template: "Referenced %s not found: %q", args: ["reftype", "refval"] },
  { code: "IST0102", name: "NamespaceNotInjected", level: "Info", template: "The namespace is not enabled for Istio injection. Run 'kubectl label namespace %s istio-injection=enabled' to enable it, or 'kubectl label namespace %s istio-injection=disabled' to explicitly mark it as not needing injection.", args: ["namespace", "namespace2"] },
  { code: "IST0103", name: "PodMissingProxy", level: "Warning", template: "The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.", args: ["podName"] },
  { code: "IST0106", name: "SchemaValidationError", level: "Error", template: "Schema validation error: %v", args: ["err"] },
  { code: "IST0107", name: "MisplacedAnnotation", level: "Warning", template: "Misplaced annotation: %s can only be applied to %s", args: ["annotation", "kind"] },
  { code: "IST0108", name: "UnknownAnnotation", level: "Warning", template: "Unknown annotation: %s", args: ["annotation"] },
  { code: "IST0109", name: "ConflictingMeshGatewayVirtualServiceHosts", level: "Error", template: "The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.", args: ["virtualServices", "host"] },
  { code: "IST0110", name: "ConflictingSidecarWorkloadSelectors", level: "Error", template: "The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.", args: ["conflictingSidecars", "namespace", "workloadPod"] },
  { code: "IST0111", name: "MultipleSidecarsWithoutWorkloadSelectors", level: "Error", template: "The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.", args: ["conflictingSidecars", "namespace"] },
  { code: "IST0112", name: "VirtualServiceDestinationPortSelectorRequired", level: "Error", template: "This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate.", args: ["destHost", "destPorts"] },
  { code: "IST0116", name: "DeploymentAssociatedToMultipleServices", level: "Warning", template: "This deployment %s is associated with multiple services using port %d but different protocols: %v", args: ["deployment", "port", "services"] },
  { code: "IST0118", name: "PortNameIsNotUnderNamingConvention", level: "Info", template: "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port.", args: ["portName", "port", "targetPort"] },
  { code: "IST0123", name: "NamespaceMultipleInjectionLabels", level: "Warning", template: "The namespace has more than one type of injection labels %v, which may lead to undefined behavior. Make sure only one injection label exists.", args: ["labels"] },
  { code: "IST0125", name: "InvalidAnnotation", level: "Warning", template: "Invalid annotation %s: %s", args: ["annotation", "problem"] },
  { code: "IST0126", name: "UnknownMeshNetworksServiceRegistry", level: "Error", template: "Unknown service registry %s in network %s", args: ["serviceregistry", "network"] },
  { code: "IST0127", name: "NoMatchingWorkloadsFound", level: "Warning", template: "No matching workloads for this resource with the following labels: %s", args: ["labels"] },
  { code: "IST0128", name: "NoServerCertificateVerificationDestinationLevel", level: "Warning", template: "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s", args: ["destinationrule", "namespace", "mode", "host"] },
  { code: "IST0129", name: "NoServerCertificateVerificationPortLevel", level: "Warning", template: "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s", args: ["destinationrule", "namespace", "mode", "host", "port"] },
  { code: "IST0130", name: "VirtualServiceUnreachableRule", level: "Warning", template: "VirtualService rule %v not used (%s).", args: ["ruleno", "reason"] },
  { code: "IST0131", name: "VirtualServiceIneffectiveMatch", level: "Info", template: "VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).", args: ["ruleno", "matchno", "dupno"] },
  { code: "IST0132", name: "VirtualServiceHostNotFoundInGateway", level: "Warning", template: "one or more host %v defined in VirtualService %s not found in Gateway %s.", args: ["host", "virtualservice", "gateway"] },
  { code: "IST0133", name: "SchemaWarning", level: "Warning", template: "Schema validation warning: %v", args: ["err"] },
  { code: "IST0134", name: "ServiceEntryAddressesRequired", level: "Warning", template: "ServiceEntry addresses are required for this protocol.", args: [] },
  { code: "IST0135", name: "DeprecatedAnnotation", level: "Info", template: "Annotation %q has been deprecated%s and may not work in future Istio versions.", args: ["annotation", "extra"] },
  { code: "IST0136", name: "AlphaAnnotation", level: "Info", template: "Annotation %q is part of an alpha-phase feature and may be incompletely supported.", args: ["annotation"] },
  { code: "IST0137", name: "DeploymentConflictingPorts", level: "Warning", template: "This deployment %s is associated with multiple services %v using targetPort %q but different ports: %v.", args: ["deployment", "services", "targetPort", "ports"] },
  { code: "IST0138", name: "GatewayDuplicateCertificate", level: "Warning", template: "Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections.", args: ["gateways"] },
  { code: "IST0139", name: "InvalidWebhook", level: "Error", template: "%v", args: ["error"] },
  { code: "IST0140", name: "IngressRouteRulesNotAffected", level: "Warning", template: "Subset in virtual service %s has no effect on ingress gateway %s requests", args: ["virtualservicesubset", "virtualservice"] },
  { code: "IST0141", name: "InsufficientPermissions", level: "Error", template: "Missing required permission to create resource %v (%v)", args: ["resource", "error"] },
  { code: "IST0142", name: "UnsupportedKubernetesVersion", level: "Error", template: "The Kubernetes Version %q is lower than the minimum version: %v", args: ["version", "minimumVersion"] },
  { code: "IST0143", name: "LocalhostListener", level: "Error", template: "Port %v is exposed in a Service but listens on localhost. It will not be exposed to other pods.", args: ["port"] },
  { code: "IST0144", name: "InvalidApplicationUID", level: "Warning", template: "User ID (UID) 1337 is reserved for the sidecar proxy.", args: [] },
  { code: "IST0145", name: "ConflictingGateways", level: "Error", template: "Conflict with gateways %s (workload selector %s, port %s, hosts %v).", args: ["gateway", "selector", "portnumber", "hosts"] },
  { code: "IST0146", name: "ImageAutoWithoutInjectionWarning", level: "Warning", template: "%s %s contains `image: auto` but does not match any Istio injection webhook selectors.", args: ["resourceType", "resourceName"] },
  { code: "IST0147", name: "ImageAutoWithoutInjectionError", level: "Error", template: "%s %s contains `image: auto` but does not match any Istio injection webhook selectors.", args: ["resourceType", "resourceName"] },
  { code: "IST0148", name: "NamespaceInjectionEnabledByDefault", level: "Info", template: "is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.", args: [] },
  { code: "IST0149", name: "JwtClaimBasedRoutingWithoutRequestAuthN", level: "Error", template: "The virtual service uses the JWT claim based routing (key: %s) but found no request authentication for the gateway (%s) pod (%s). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.", args: ["key", "gateway", "pod"] },
  { code: "IST0150", name: "ExternalNameServiceTypeInvalidPortName", level: "Warning", template: "Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly", args: [] },
  { code: "IST0151", name: "EnvoyFilterUsesRelativeOperation", level: "Warning", template: "This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.", args: [] },
  { code: "IST0152", name: "EnvoyFilterUsesReplaceOperationIncorrectly", level: "Error", template: "The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.", args: [] },
  { code: "IST0153", name: "EnvoyFilterUsesAddOperationIncorrectly", level: "Error", template: "The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.", args: [] },
  { code: "IST0154", name: "EnvoyFilterUsesRemoveOperationIncorrectly", level: "Error", template: "The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.", args: [] },
  { code: "IST0155", name: "EnvoyFilterUsesRelativeOperationWithProxyVersion", level: "Warning", template: "This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.", args: [] },
  { code: "IST0156", name: "UnsupportedGatewayAPIVersion", level: "Error", template: "The Gateway API CRD version %v is lower than the minimum version: %v", args: ["version", "minimumVersion"] },
  { code: "IST0172", name: "FutureUnsupportedGatewayAPIVersion", level: "Warning", template: "The Gateway API CRD version %v is lower than the minimum version: %v", args: ["version", "minimumVersion"] },
  { code: "IST0157", name: "InvalidTelemetryProvider", level: "Warning", template: "The Telemetry %v in namespace %q with empty providers will be ignored.", args: ["name", "namespace"] },
  { code: "IST0158", name: "PodsIstioProxyImageMismatchInNamespace", level: "Warning", template: "The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: %v). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.", args: ["podNames"] },
  { code: "IST0159", name: "ConflictingTelemetryWorkloadSelectors", level: "Error", template: "The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.", args: ["conflictingTelemetries", "namespace", "workloadPod"] },
  { code: "IST0160", name: "MultipleTelemetriesWithoutWorkloadSelectors", level: "Error", template: "The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior.", args: ["conflictingTelemetries", "namespace"] },
  { code: "IST0161", name: "InvalidGatewayCredential", level: "Error", template: "The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work as expected.", args: ["gatewayName", "gatewayNamespace"] },
  { code: "IST0162", name: "GatewayPortNotDefinedOnService", level: "Warning", template: "The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available.", args: ["port", "selector"] },
  { code: "IST0163", name: "InvalidExternalControlPlaneConfig", level: "Warning", template: "The hostname (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster %s. Traffic may not flow properly.", args: ["hostname", "webhook", "msg"] },
  { code: "IST0164", name: "ExternalControlPlaneAddressIsNotAHostname", level: "Info", template: "The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.", args: ["hostname", "webhook"] },
  { code: "IST0165", name: "ReferencedInternalGateway", level: "Warning", template: "Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s.", args: ["virtualservice", "gateway"] },
  { code: "IST0166", name: "IneffectiveSelector", level: "Warning", template: "Ineffective selector on Kubernetes Gateway %s. Use the TargetRef field instead.", args: ["gateway"] },
  { code: "IST0167", name: "IneffectivePolicy", level: "Warning", template: "The policy has no impact: %s.", args: ["reason"] },
  { code: "IST0168", name: "UnknownUpgradeCompatibility", level: "Warning", template: "The configuration %q changed in release %s, but compatibility cannot be automatically detected: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.", args: ["field", "release", "info", "compatVersion"] },
  { code: "IST0169", name: "UpdateIncompatibility", level: "Warning", template: "The configuration %q changed in release %s: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.", args: ["field", "release", "info", "compatVersion"] },
  { code: "IST0170", name: "MultiClusterInconsistentService", level: "Warning", template: "The service %v in namespace %q is inconsistent across clusters %q, which can lead to undefined behaviors. The inconsistent behaviors are: %v.", args: ["serviceName", "namespace", "clusters", "error"] },
  { code: "IST0171", name: "NegativeConditionStatus", level: "Warning", template: "A condition with a negative status is present: type=%s, reason=%s, message=%s.", args: ["conditionType", "reason", "message"] },
  { code: "IST0173", name: "DestinationRuleSubsetNotSelectPods", level: "Error", template: "The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).", args: ["subset"] },
  { code: "IST0174", name: "UnknownDestinationRuleHost", level: "Warning", template: "The host %s defined in the DestinationRule does not match any services in the mesh.", args: ["host"] },
  { code: "IST0175", name: "JwksUriFetchUnrestricted", level: "Warning", template: "BLOCKED_CIDRS_IN_JWKS_URIS is not configured but %d RequestAuthentication resource(s) exist (%s). Consider configuring it to restrict JWKS URI fetches to trusted networks.", args: ["count", "names"] },
  { code: "IST0176", name: "GatewayAPICRDVersionBelowMinimum", level: "Warning", template: "Gateway API CRD %q is at version %q but Istio requires at least %q; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.", args: ["crd", "installedVersion", "minimumVersion"] },
  { code: "IST0177", name: "ConflictingServiceEntryProtocol", level: "Warning", template: "Multiple ServiceEntries (%s) define the same host %q and port %d with conflicting protocols (%s).", args: ["serviceEntryNames", "host", "port", "protocols"] },
];

/** meshc's own checks (istioctl has no equivalent). */
const MSH: MessageType[] = [
  { code: "MSH0001", name: "ConflictingMtlsModes", level: "Error", template: "TLS mode %s for %s conflicts with %s, which requires mutual TLS on %s: the server refuses these requests; use ISTIO_MUTUAL or remove the tls setting", args: ["tlsMode", "destination", "peerAuthentication", "workload"] },
  { code: "MSH0002", name: "UnreachablePortMtls", level: "Warning", template: "Port %d of PeerAuthentication %s is set to %s while the workload mode is %s: %s", args: ["port", "peerAuthentication", "portMode", "workloadMode", "consequence"] },
  { code: "MSH0003", name: "RouteWeightsNotHundred", level: "Warning", template: "The destination weights of route %s add up to %d, not 100: Istio before 1.15 rejects this VirtualService; later versions treat weights as relative, so traffic splits %s", args: ["route", "sum", "split"] },
  { code: "MSH0004", name: "DestinationPortNotExposed", level: "Error", template: "Destination port %d is not a port of %s (its ports: %s): there is no cluster for it, so requests on this route fail with 503", args: ["port", "host", "ports"] },
  { code: "MSH0005", name: "DuplicateDestinationRule", level: "Warning", template: "Host %s is also configured by DestinationRule %s, which Istio applies first (older, or first by name): when merging it ignores this rule's %s; combine them into one DestinationRule", args: ["host", "winner", "ignored"] },
  { code: "MSH0006", name: "SubsetSelectsNoWorkload", level: "Warning", template: "Subset %q selects no workload of host %s: its labels %s only match %s; requests routed to this subset fail with 503", args: ["subset", "host", "labels", "matchedElsewhere"] },
];

export const MESSAGES: ReadonlyMap<string, MessageType> = new Map([...IST, ...MSH].map((m) => [m.code, m]));

export function messageType(code: string): MessageType {
  const m = MESSAGES.get(code);
  if (!m) throw new Error(`unknown analysis message code ${code}`);
  return m;
}
