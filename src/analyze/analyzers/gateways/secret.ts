import { X509Certificate } from "node:crypto";
import { defineAnalyzer } from "../../define.js";
import { parseShortOrFullName } from "../../common/full-name.js";
import { podIndex } from "../../common/pod-index.js";
import { stringMap, firstSelectorKey, renderSelector } from "../../common/selector.js";
import type { Resource } from "../../../model/mesh-model.js";
import { arr, specOf } from "./fields.js";

/** A Secret data value, base64-decoded ("" when absent or not a string). */
function dataValue(secret: Resource, key: string): Buffer {
  const data = secret.object.data as Record<string, unknown> | undefined;
  const v = data?.[key];
  return typeof v === "string" ? Buffer.from(v, "base64") : Buffer.alloc(0);
}

/** The DER bytes of the first PEM block in `text`, if there is one. */
function firstPemBlock(text: string): Buffer | undefined {
  const m = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2]!
    .split(/\r?\n/)
    .filter((l) => !l.includes(":"))
    .join("");
  return Buffer.from(body, "base64");
}

/** Whether the certificate's first PEM block is an X.509 certificate valid right now. */
function certificateUsable(pem: Buffer, now: number): boolean {
  const der = firstPemBlock(pem.toString("latin1"));
  if (!der || der.length === 0) return false;
  try {
    const cert = new X509Certificate(der);
    return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
  } catch {
    return false;
  }
}

/** A Secret a gateway can serve: a cert/key pair (`cert`/`key`, else `tls.crt`/`tls.key`) with a current certificate. */
export function secretUsable(secret: Resource, now = Date.now()): boolean {
  let cert = dataValue(secret, "cert");
  let key = dataValue(secret, "key");
  if (cert.length === 0 || key.length === 0) {
    cert = dataValue(secret, "tls.crt");
    key = dataValue(secret, "tls.key");
  }
  if (cert.length === 0 || key.length === 0) return false;
  return certificateUsable(cert, now);
}

export default defineAnalyzer({
  meta: {
    name: "gateway.SecretAnalyzer",
    description: "Checks that each Gateway TLS credentialName names a usable Secret in the namespace of the gateway workload.",
    inputs: ["Gateway", "Pod", "Secret"],
    codes: ["IST0101", "IST0161"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const pods = podIndex(ctx.model);
    // Manifests rarely carry certificates: with no Secret in the input at all, a missing one proves nothing.
    const secretsKnown = ctx.model.list("Secret").length > 0;
    for (const gw of ctx.model.list("Gateway")) {
      const selector = stringMap(specOf(gw).selector);
      const pod = pods.first(selector);
      // Quirk kept: a matching Pod without a namespace counts as no Pod (istioctl tests on an empty namespace).
      if (!pod || !pod.resource.namespace) {
        ctx.report("IST0101", gw, ["selector", renderSelector(selector)], { path: ["spec", "selector", firstSelectorKey(selector) ?? ""] });
        continue;
      }
      const workloadNs = pod.resource.namespace;
      arr(specOf(gw).servers).forEach((server, i) => {
        const credential = server?.tls?.credentialName;
        if (typeof credential !== "string" || credential === "") return;
        const ref = parseShortOrFullName(credential, workloadNs);
        const secret = ctx.model.get("Secret", ref.namespace, ref.name);
        const path = ["spec", "servers", i, "tls", "credentialName"];
        if (!secret) {
          if (secretsKnown) ctx.report("IST0101", gw, ["credentialName", credential], { path });
        }
        else if (!secretUsable(secret)) ctx.report("IST0161", gw, [gw.name, workloadNs], { path });
      });
    }
  },
});
