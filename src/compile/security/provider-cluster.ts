/**
 * Mesh extension providers (MeshConfig `extensionProviders`) name a service as `<namespace>/<host>`
 * or `<host>`; istiod resolves it to the outbound cluster `outbound|<port>||<host>`
 * (`pilot/pkg/model` `LookupCluster`). Shared by ext_authz, access logging and tracing.
 */
import type { MeshModel } from "../../model/mesh-model.js";
import { outboundClusterName as outboundName } from "../names.js";

export type ClusterLookup = { ok: true; hostname: string; cluster: string } | { ok: false; error: string };

/** `outbound|<port>||<host>` (built by names.ts). */
export function outboundClusterName(host: string, port: number): string {
  return outboundName(port, undefined, host);
}

export function lookupCluster(model: MeshModel, service: unknown, port: unknown): ClusterLookup {
  if (typeof service !== "string" || service === "") return { ok: false, error: "service must not be empty" };
  const p = typeof port === "number" ? port : Number(port);
  if (!Number.isInteger(p) || p < 1 || p > 65535) return { ok: false, error: `port must be in the range [1, 65535], found: ${String(port)}` };
  const parts = service.split("/");
  if (parts.length === 2) {
    const [ns, host] = parts as [string, string];
    const svc = model.servicesForHost(host).find((s) => s.namespace === ns);
    if (svc) return { ok: true, hostname: svc.host, cluster: outboundClusterName(svc.host, p) };
  } else {
    const namespaces = [...new Set(model.servicesForHost(service).map((s) => s.namespace ?? ""))];
    if (namespaces.length === 1) return { ok: true, hostname: service, cluster: outboundClusterName(service, p) };
    if (namespaces.length > 1) return { ok: false, error: `found ${service} in multiple namespaces [${namespaces.join(" ")}], specify the namespace explicitly in the format of <Namespace>/<Hostname>` };
  }
  return { ok: false, error: `could not find service ${service} in Istio service registry` };
}

/** The mesh config extension provider of this name, if any. */
export function extensionProvider(model: MeshModel, name: string): Record<string, any> | undefined {
  return (model.meshConfig.extensionProviders ?? []).find((p) => (p as { name?: unknown }).name === name) as Record<string, any> | undefined;
}
