/** The workloads analyzers (one per file in this folder), in istioctl's registration order. */
import type { Analyzer } from "../../define.js";
import alphaAnnotations from "./alpha-annotations.js";
import applicationUid from "./application-uid.js";
import deploymentMultiService from "./deployment-multi-service.js";
import deprecation from "./deprecation.js";
import externalControlPlane from "./external-control-plane.js";
import injection from "./injection.js";
import injectionImage from "./injection-image.js";
import injectionImageAuto from "./injection-image-auto.js";
import k8sAnnotations from "./k8s-annotations.js";
import meshNetworks from "./mesh-networks.js";
import multiClusterService from "./multi-cluster-service.js";
import servicePortName from "./service-port-name.js";
import webhook from "./webhook.js";

export const WORKLOAD_ANALYZERS: Analyzer[] = [
  k8sAnnotations,
  deploymentMultiService,
  applicationUid,
  deprecation,
  injection,
  injectionImage,
  injectionImageAuto,
  meshNetworks,
  servicePortName,
  webhook,
  externalControlPlane,
  multiClusterService,
  alphaAnnotations,
];
