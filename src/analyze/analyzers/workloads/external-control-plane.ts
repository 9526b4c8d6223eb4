/** externalcontrolplane.ExternalControlPlaneAnalyzer: Istio webhooks without a usable address for an external istiod. */
import { isIP } from "node:net";
import type { Resource } from "../../../model/mesh-model.js";
import { defineAnalyzer } from "../../define.js";

type Obj = Record<string, any>;

/**
 * The host of a URL as Go's url.Parse and URL.Hostname see it, or null when Go would refuse the URL
 * (control characters, bad %-escapes, a leading colon, a non-numeric port).
 */
function goUrlHostname(raw: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw) || /%(?![0-9a-fA-F]{2})/.test(raw)) return null;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  if (!scheme) {
    if (raw.startsWith(":") || /^[^/?#]*:/.test(raw)) return null; // "missing protocol scheme" / colon in first segment
    return "";
  }
  const rest = raw.slice(scheme[0].length);
  if (!rest.startsWith("//")) return "";
  const authority = rest.slice(2).split(/[/?#]/)[0]!;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) {
    const end = hostPort.indexOf("]");
    if (end < 0) return null;
    const port = hostPort.slice(end + 1);
    if (port !== "" && !/^:[0-9]*$/.test(port)) return null;
    return hostPort.slice(1, end);
  }
  const colon = hostPort.indexOf(":");
  if (colon < 0) return hostPort;
  if (!/^[0-9]*$/.test(hostPort.slice(colon + 1))) return null;
  return hostPort.slice(0, colon);
}

function isIstioWebhookConfig(config: Resource): boolean {
  if (config.id === "ValidatingWebhookConfiguration") return config.name === "istiod-default-validator" || config.name.startsWith("istio-validator");
  return config.name.startsWith("istio-sidecar-injector");
}

export default defineAnalyzer({
  meta: {
    name: "externalcontrolplane.ExternalControlPlaneAnalyzer",
    description: "Checks that Istio's validation and injection webhooks reach the control plane through a well-formed host name rather than a blank or raw IP address.",
    inputs: ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"],
    codes: ["IST0163", "IST0164"],
  },
  run(ctx) {
    const configs = [...ctx.model.list("ValidatingWebhookConfiguration"), ...ctx.model.list("MutatingWebhookConfiguration")].filter(isIstioWebhookConfig);
    for (const config of configs) {
      const webhooks = (Array.isArray(config.object.webhooks) ? config.object.webhooks : []) as Obj[];
      for (const hook of webhooks) {
        const name = String(hook?.name ?? "");
        const client = (hook?.clientConfig ?? {}) as Obj;
        if (client.url !== undefined && client.url !== null) {
          const url = String(client.url);
          if (url === "") continue;
          const host = goUrlHostname(url);
          if (host === null) ctx.report("IST0163", config, [url, name, "was provided in an invalid format"]);
          else if (isIP(host) !== 0) ctx.report("IST0164", config, [url, name]);
        } else if (client.service === undefined || client.service === null) {
          ctx.report("IST0163", config, ["", name, "is blank"]);
        }
      }
    }
  },
});
