/**
 * The sidecar injector's ConfigMap (`istio-sidecar-injector[-<rev>]`) as the injection analyzers read it:
 * its name for a revision, and the Helm values stored as JSON in `data.values`.
 */
import type { Resource } from "../../model/mesh-model.js";

export const INJECTOR_CONFIGMAP = "istio-sidecar-injector";

/** `istio-sidecar-injector` for the default revision (empty or `default`), else `istio-sidecar-injector-<rev>`. */
export function injectorConfigMapName(revision: string | undefined): string {
  return !revision || revision === "default" ? INJECTOR_CONFIGMAP : `${INJECTOR_CONFIGMAP}-${revision}`;
}

/** The parsed `data.values` JSON of an injector ConfigMap (undefined when absent or not JSON). */
export function injectorValues(configMap: Resource): Record<string, any> | undefined {
  const text = (configMap.object.data as Record<string, unknown> | undefined)?.values;
  if (typeof text !== "string") return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}
