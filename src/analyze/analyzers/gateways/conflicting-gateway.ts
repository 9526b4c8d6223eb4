import { defineAnalyzer } from "../../define.js";
import { podIndex } from "../../common/pod-index.js";
import { stringMap, firstSelectorKey, renderSelector, selectorMatches, type LabelMap } from "../../common/selector.js";
import { fullName } from "../../common/full-name.js";
import type { Workload } from "../../../model/mesh-model.js";
import { arr, byteCompare, specOf } from "./fields.js";

/** Per (selector, port): for each Gateway, its server's hosts, each with the server's bind. */
interface Entry {
  selectorText: string;
  selector: LabelMap;
  port: string;
  gateways: Map<string, Map<string, string>>;
}

/**
 * Istio's CheckDuplicates: the hosts already known with the same bind; when there are none, the hosts are
 * added to the known ones (Quirk kept: this mutates the table and makes later checks order-dependent).
 */
function duplicates(hosts: readonly string[], bind: string, known: Map<string, string>): string[] {
  const dup = hosts.filter((h) => known.has(h) && known.get(h) === bind);
  if (dup.length === 0) for (const h of hosts) known.set(h, bind);
  return dup;
}

export default defineAnalyzer({
  meta: {
    name: "gateway.ConflictingGatewayAnalyzer",
    description: "Finds Gateways on the same workload and port that declare the same host, which makes the listener ambiguous.",
    inputs: ["Gateway", "Pod"],
    codes: ["IST0101", "IST0145"],
    istioctlNeedsCluster: true,
  },
  run(ctx) {
    const gateways = ctx.model.list("Gateway");
    const pods = podIndex(ctx.model);
    const table = new Map<string, Entry>();
    for (const gw of gateways) {
      const selector = stringMap(specOf(gw).selector);
      const selectorText = renderSelector(selector);
      for (const server of arr(specOf(gw).servers)) {
        const port = String(Number(server?.port?.number ?? 0) | 0);
        const key = `${selectorText}~${port}`;
        let entry = table.get(key);
        if (!entry) table.set(key, (entry = { selectorText, selector, port, gateways: new Map() }));
        const hostBind = new Map<string, string>();
        for (const h of arr(server?.hosts)) hostBind.set(String(h), server?.bind ?? "");
        entry.gateways.set(fullName(gw), hostBind);
      }
    }

    for (const gw of gateways) {
      const name = fullName(gw);
      const selector = stringMap(specOf(gw).selector);
      const s = renderSelector(selector);
      let selected: Workload[] | undefined;
      const same = [...table.values()].filter(
        (e) =>
          e.selectorText === s ||
          ((e.selectorText.includes(s) || s.includes(e.selectorText)) && (selected ??= pods.select(selector)).some((p) => selectorMatches(e.selector, p.labels))),
      );
      if (s !== "" && same.length === 0) {
        ctx.report("IST0101", gw, ["selector", s], { path: ["spec", "selector", firstSelectorKey(selector) ?? ""] });
        continue;
      }
      for (const server of arr(specOf(gw).servers)) {
        const port = String(Number(server?.port?.number ?? 0) | 0);
        const hosts = arr(server?.hosts).map(String);
        const conflicting: string[] = [];
        for (const e of same) {
          if (e.port !== port) continue;
          for (const [other, known] of e.gateways) {
            if (other !== name && duplicates(hosts, server?.bind ?? "", known).length > 0) conflicting.push(other);
          }
        }
        if (conflicting.length > 0) ctx.report("IST0145", gw, [conflicting.sort(byteCompare).join(","), s, port, hosts.join(",")]);
      }
    }
  },
});
