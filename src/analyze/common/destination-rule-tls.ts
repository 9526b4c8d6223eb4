/**
 * The client-side TLS settings a DestinationRule gives traffic to one service port (and subset), merged as
 * Istio does: a matching `portLevelSettings` entry replaces the rule-level `tls` (an entry without `tls`
 * means none); a subset's own `trafficPolicy.tls` overrides, and a matching port entry of the subset
 * replaces again. Port entries match the service port number.
 */
import type { Resource } from "../../model/mesh-model.js";

type Obj = Record<string, any>;
type Path = (string | number)[];

export interface TlsChoice {
  /** DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL, or undefined when no TLS is set (auto mTLS decides). */
  mode: string | undefined;
  /** Field path of the deciding `tls.mode` (or of the settings that left it unset). */
  path: Path;
  /** Whether the subset's own traffic policy decided. */
  fromSubset: boolean;
}

function fromPolicy(policy: Obj | undefined, base: Path, port: number, inherited: TlsChoice | undefined, subset: boolean): TlsChoice | undefined {
  if (!policy || typeof policy !== "object") return inherited;
  let out = inherited;
  if (policy.tls) out = { mode: policy.tls.mode ?? "DISABLE", path: [...base, "tls", "mode"], fromSubset: subset };
  const settings: Obj[] = Array.isArray(policy.portLevelSettings) ? policy.portLevelSettings : [];
  const i = settings.findIndex((s) => s?.port?.number === port);
  if (i >= 0) {
    const s = settings[i]!;
    out = s.tls ? { mode: s.tls.mode ?? "DISABLE", path: [...base, "portLevelSettings", i, "tls", "mode"], fromSubset: subset } : { mode: undefined, path: [...base, "portLevelSettings", i, "port", "number"], fromSubset: subset };
  }
  return out;
}

/** The TLS choice for `port` (service port) and optional subset name. */
export function tlsFor(dr: Resource, port: number, subset?: string): TlsChoice {
  const spec = (dr.object.spec ?? {}) as Obj;
  let choice = fromPolicy(spec.trafficPolicy, ["spec", "trafficPolicy"], port, undefined, false);
  if (subset !== undefined) {
    const subsets: Obj[] = Array.isArray(spec.subsets) ? spec.subsets : [];
    const j = subsets.findIndex((s) => s?.name === subset);
    if (j >= 0) choice = fromPolicy(subsets[j]!.trafficPolicy, ["spec", "subsets", j, "trafficPolicy"], port, choice, true);
  }
  return choice ?? { mode: undefined, path: ["spec", "host"], fromSubset: false };
}
