/**
 * serviceentry.Analyzer (istioctl's ProtocolAddressesAnalyzer): a ServiceEntry with TCP (or unset
 * protocol) ports and no addresses cannot be told apart by IP (IST0134), unless the proxies' DNS capture
 * allocates addresses automatically.
 */
import { defineAnalyzer } from "../../define.js";
import type { MeshConfig } from "../../../model/mesh-config.js";

type Obj = Record<string, any>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

/** DNS capture with address auto-allocation, from the mesh's default proxy metadata. */
export function autoAllocatesAddresses(mesh: MeshConfig): boolean {
  const md = obj(mesh.defaultConfig?.proxyMetadata);
  return md.ISTIO_META_DNS_CAPTURE === "true" && (md.ISTIO_META_DNS_AUTO_ALLOCATE === "true" || md.PILOT_ENABLE_IP_AUTOALLOCATE === "true");
}

export default defineAnalyzer({
  meta: {
    name: "serviceentry.Analyzer",
    description: "Warns about ServiceEntries with TCP ports but no addresses when addresses are not auto-allocated.",
    inputs: ["ServiceEntry", "MeshConfig"],
    codes: ["IST0134"],
  },
  run(ctx) {
    if (autoAllocatesAddresses(ctx.model.meshConfig)) return;
    for (const se of ctx.model.list("ServiceEntry")) {
      if (list(obj(se.object.spec).addresses).length > 0) continue;
      if (list(obj(se.object.status).addresses).length > 0) continue;
      list(obj(se.object.spec).ports).forEach((port, i) => {
        const protocol = obj(port).protocol;
        if (protocol === undefined || protocol === null || protocol === "" || String(protocol).toUpperCase() === "TCP") {
          ctx.report("IST0134", se, [], { path: ["spec", "ports", i, "name"] });
        }
      });
    }
  },
});
