/** injection.ImageAnalyzer: pods whose sidecar image differs from the one the injector would inject today. */
import { load } from "js-yaml";
import type { MeshModel, Resource } from "../../../model/mesh-model.js";
import { defineAnalyzer } from "../../define.js";
import { INJECTOR_CONFIGMAP, injectorConfigMapName, injectorValues } from "../../common/injector-config.js";

type Obj = Record<string, any>;

/** The image the injector ConfigMap's values produce: `global.proxy.image` if it has a `/`, else hub/image:tag. */
function expectedImage(cm: Resource): string {
  const global = injectorValues(cm)?.global ?? {};
  const image = String(global.proxy?.image ?? "");
  return image.includes("/") ? image : `${global.hub ?? ""}/${image}:${global.tag ?? ""}`;
}

const imageTypeOf = (config: Obj | undefined): string => {
  const t = config?.image?.imageType;
  return typeof t === "string" ? t : "";
};

/** The image type (variant) in effect for a pod: mesh default, then ProxyConfigs, then the pod's annotation. */
function imageTypeResolver(model: MeshModel): (pod: Resource) => string {
  const root = model.meshConfig.rootNamespace || "istio-system";
  let rootConfig: Obj | undefined;
  const byNamespace = new Map<string, Obj>();
  const bySelector = new Map<string, Obj>();
  for (const pc of model.list("ProxyConfig")) {
    const spec = (pc.object.spec ?? {}) as Obj;
    if (pc.namespace === root) rootConfig = spec;
    else if (spec.selector === undefined || spec.selector === null) byNamespace.set(pc.namespace ?? "", spec);
    else bySelector.set(pc.namespace ? `${pc.namespace}/${pc.name}` : pc.name, spec);
  }
  const meshType = imageTypeOf(model.meshConfig.defaultConfig as Obj);
  return (pod) => {
    const ns = pod.namespace ?? "";
    const labels = pod.object.metadata.labels ?? {};
    let variant = meshType;
    for (const candidate of [rootConfig, byNamespace.get(ns)]) if (imageTypeOf(candidate)) variant = imageTypeOf(candidate);
    for (const [fullName, spec] of bySelector) {
      // Quirk kept from Istio: the ProxyConfig's full name need only start with the pod's namespace.
      if (!fullName.startsWith(ns)) continue;
      const match = Object.entries((spec.selector?.matchLabels ?? {}) as Record<string, string>).every(([k, v]) => labels[k] === v);
      if (match && imageTypeOf(spec)) variant = imageTypeOf(spec);
    }
    const annotation = pod.object.metadata.annotations?.["proxy.istio.io/config"];
    if (annotation !== undefined) {
      try {
        const t = imageTypeOf(load(annotation) as Obj | undefined);
        if (t) variant = t;
      } catch {
        // an unparsable annotation is ignored here (the annotation analyzer reports it)
      }
    }
    return variant === "default" ? "" : variant;
  };
}

export default defineAnalyzer({
  meta: {
    name: "injection.ImageAnalyzer",
    description: "Lists, per injected namespace, the pods whose sidecar image is not the one the current injector configuration would inject.",
    inputs: ["Namespace", "Pod", "ConfigMap", "ProxyConfig", "MeshConfig"],
    codes: ["IST0158"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const { model } = ctx;
    const images = new Map<string, string>();
    for (const cm of model.list("ConfigMap")) if (cm.name.startsWith(INJECTOR_CONFIGMAP)) images.set(cm.name, expectedImage(cm));
    if (images.size === 0) return;

    const revisions = new Map<string, string>();
    const namespaces = new Map<string, Resource>();
    for (const ns of model.list("Namespace")) {
      const labels = ns.object.metadata.labels ?? {};
      namespaces.set(ns.name, ns);
      if (labels["istio.io/rev"] !== undefined) revisions.set(ns.name, labels["istio.io/rev"]);
      else if (labels["istio-injection"] === "enabled") revisions.set(ns.name, "default");
    }

    const imageType = imageTypeResolver(model);
    const mismatched = new Map<string, string[]>();
    for (const pod of model.list("Pod")) {
      const ns = pod.namespace ?? "";
      const revision = revisions.get(ns);
      if (revision === undefined) continue;
      if (pod.object.metadata.annotations?.["sidecar.istio.io/proxyImage"]) continue;
      const expected = images.get(injectorConfigMapName(revision));
      if (expected === undefined) continue;
      const spec = (pod.object.spec ?? {}) as Obj;
      const proxies = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((c: Obj) => c?.name === "istio-proxy") as Obj[];
      if (proxies.length === 0) continue;
      const variant = imageType(pod);
      const accepted = variant ? [expected, `${expected}-${variant}`] : [expected];
      if (proxies.some((c) => !accepted.includes(c.image))) mismatched.set(ns, [...(mismatched.get(ns) ?? []), pod.name]);
    }
    for (const [ns, pods] of mismatched) {
      const target = namespaces.get(ns);
      if (target) ctx.report("IST0158", target, [[...pods].sort()]);
    }
  },
});
