/** injection.Analyzer: namespaces without (or with conflicting) injection labels, and pods missing their sidecar. */
import { defineAnalyzer } from "../../define.js";
import { INJECTOR_CONFIGMAP, injectorConfigMapName, injectorValues } from "../../common/injector-config.js";

type Obj = Record<string, any>;

const INJECTION = "istio-injection";
const REV = "istio.io/rev";
const DATAPLANE = "istio.io/dataplane-mode";
const INJECT = "sidecar.istio.io/inject";

export default defineAnalyzer({
  meta: {
    name: "injection.Analyzer",
    description: "Flags namespaces whose sidecar-injection labels are missing or contradictory, and pods in injected namespaces that run without a sidecar.",
    inputs: ["Namespace", "Pod", "ConfigMap"],
    codes: ["IST0102", "IST0103", "IST0123", "IST0148"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    const configMaps = model.list("ConfigMap").filter((cm) => cm.name.startsWith(INJECTOR_CONFIGMAP));
    // Quirk kept from Istio: the flag keeps the last value read when a namespace's ConfigMap is missing.
    let enableNamespacesByDefault = false;
    const injected = new Set<string>();

    for (const ns of model.list("Namespace")) {
      if (ns.name === "istio-system") continue;
      const labels = ns.object.metadata.labels ?? {};
      const injection = labels[INJECTION];
      const found: string[] = [];
      if (injection !== undefined) found.push(`${INJECTION}=${injection}`);
      if (injection === undefined || injection === "enabled") {
        if (labels[REV] !== undefined) found.push(`${REV}=${labels[REV]}`);
        if (labels[DATAPLANE] !== undefined) found.push(`${DATAPLANE}=${labels[DATAPLANE]}`);
      }
      if (found.length > 1) ctx.report("IST0123", ns, [found], { path: ["metadata", "name"] });
      if (labels[DATAPLANE] === "ambient") continue;

      const cm = configMaps.find((c) => c.name === injectorConfigMapName(labels[REV]));
      if (cm) enableNamespacesByDefault = injectorValues(cm)?.sidecarInjectorWebhook?.enableNamespacesByDefault === true;

      if (!injection && labels[REV] === undefined) {
        if (enableNamespacesByDefault) ctx.report("IST0148", ns, []);
        else ctx.report("IST0102", ns, [ns.name, ns.name], { path: ["metadata", "name"] });
        continue;
      }
      if (injection === "enabled") injected.add(ns.name);
    }

    for (const pod of model.list("Pod")) {
      if (pod.namespace === undefined || !injected.has(pod.namespace)) continue;
      const meta = pod.object.metadata;
      const inject = meta.labels?.[INJECT] ?? meta.annotations?.[INJECT];
      if (inject !== undefined && inject.toLowerCase() === "false") continue;
      const spec = (pod.object.spec ?? {}) as Obj;
      if (spec.hostNetwork === true) continue;
      const containers = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])] as Obj[];
      const hasProxy = containers.some((c) => c?.name === "istio-proxy" && typeof c.image === "string" && c.image !== "");
      if (!hasProxy) ctx.report("IST0103", pod, [`${pod.namespace}/${pod.name}`]);
    }
  },
});
