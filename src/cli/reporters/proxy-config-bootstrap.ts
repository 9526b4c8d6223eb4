/** `proxy-config bootstrap -o short`: a summary of the bootstrap (meshc's own; istioctl prints only JSON/YAML). */
import type { Bootstrap } from "../../compile/envoy/index.js";
import { renderTable } from "./proxy-config-table.js";

export function bootstrapSummary(b: Bootstrap): Array<[string, string]> {
  const node = b.node;
  const meta = (node?.metadata ?? {}) as Record<string, unknown>;
  const v = node?.userAgentBuildVersion?.version;
  const admin = b.admin?.address?.socketAddress;
  const ads = b.dynamicResources?.adsConfig;
  const rows: Array<[string, string]> = [
    ["NODE ID", node?.id ?? ""],
    ["CLUSTER", node?.cluster ?? ""],
    ["ISTIO VERSION", typeof meta.ISTIO_VERSION === "string" ? meta.ISTIO_VERSION : ""],
    ["ENVOY VERSION", v === undefined ? "" : `${v.majorNumber ?? 0}.${v.minorNumber ?? 0}.${v.patch ?? 0}`],
    ["ADMIN", admin === undefined ? "" : `${admin.address ?? ""}:${admin.portValue ?? 0}`],
    ["STATIC LISTENERS", (b.staticResources?.listeners ?? []).map((l) => l.name ?? "").join(", ")],
    ["STATIC CLUSTERS", (b.staticResources?.clusters ?? []).map((c) => c.name ?? "").join(", ")],
    ["ADS CLUSTER", ads?.grpcServices?.[0]?.envoyGrpc?.clusterName ?? ""],
  ];
  return rows;
}

export function renderBootstrapSummary(b: Bootstrap | undefined): string {
  if (b === undefined) return "No bootstrap found.\n";
  return renderTable(["FIELD", "VALUE"], bootstrapSummary(b), 5);
}
