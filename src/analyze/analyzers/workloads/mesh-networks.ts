/** meshnetworks.MeshNetworksAnalyzer: mesh network endpoints that name a service registry nobody provides. */
import { defineAnalyzer, meshNetworksTarget } from "../../define.js";

/** Registries istiod always has. */
const BUILTIN_REGISTRIES = ["Mock", "Kubernetes", "External"];

export default defineAnalyzer({
  meta: {
    name: "meshnetworks.MeshNetworksAnalyzer",
    description: "Checks that every registry a mesh network draws endpoints from is a built-in one or a remote cluster with a multi-cluster secret.",
    inputs: ["MeshNetworks", "Secret"],
    codes: ["IST0126"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    const known = new Set(BUILTIN_REGISTRIES);
    for (const secret of model.list("Secret")) {
      if (secret.object.metadata.labels?.["istio/multiCluster"] !== "true") continue;
      // Only `data` counts: `stringData` is merged into it by the API server, which files never pass through.
      const data = secret.object.data;
      if (data !== null && typeof data === "object") for (const k of Object.keys(data)) known.add(k);
    }
    for (const [network, spec] of Object.entries(model.meshNetworks.networks)) {
      for (const endpoint of spec?.endpoints ?? []) {
        const registry = endpoint?.fromRegistry;
        if (typeof registry === "string" && registry !== "" && !known.has(registry)) ctx.report("IST0126", meshNetworksTarget(model), [registry, network]);
      }
    }
  },
});
