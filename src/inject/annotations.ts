/**
 * Validation of the pod annotations the injector honours (inject.md 6). Each failure is reported as
 * Istio words it: `invalid value '<v>' for annotation '<name>': <reason>`.
 */
import { isQuantity } from "./quantity.js";

function parsePort(s: string): boolean {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return false;
  return Number(t) <= 65535;
}

function validatePortList(reason: string, v: string): string | undefined {
  const t = v.trim();
  if (t === "") return undefined;
  for (const p of t.split(",")) if (!parsePort(p)) return `${reason} invalid: port number ${JSON.stringify(p.trim())} is not valid`;
  return undefined;
}

function validateCidr(c: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(c);
  if (!m) return false;
  const ip = m[1]!;
  const bits = Number(m[2]);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split(".").every((o) => Number(o) <= 255 && !(o.length > 1 && o.startsWith("0"))) && bits <= 32;
  if (/^[0-9a-fA-F:.]+$/.test(ip) && ip.includes(":")) return bits <= 128;
  return false;
}

function validateCidrList(reason: string, v: string, allowStar: boolean): string | undefined {
  if (allowStar && v === "*") return undefined;
  if (v === "") return undefined;
  for (const c of v.split(",")) {
    if (!validateCidr(c)) return `${reason} invalid: ${JSON.stringify(c)} is not a valid CIDR prefix`;
  }
  return undefined;
}

function validateUint32(v: string): string | undefined {
  if (!/^\d+$/.test(v) || Number(v) > 4294967295) return `${JSON.stringify(v)} is not a valid unsigned 32-bit integer`;
  return undefined;
}

function validateInterfaces(v: string): string | undefined {
  for (const i of v.split(",")) if (i.trim() === "" && v !== "") return "interface list contains an empty entry";
  return undefined;
}

const VALIDATORS: Record<string, (v: string) => string | undefined> = {
  "sidecar.istio.io/interceptionMode": (v) => (["REDIRECT", "TPROXY", "NONE"].includes(v) ? undefined : `interceptionMode invalid: ${v}`),
  "status.sidecar.istio.io/port": (v) => (/^\d+$/.test(v.trim()) && Number(v) <= 65535 ? undefined : `excludeInboundPorts invalid: port number ${JSON.stringify(v)} is not valid`),
  "readiness.status.sidecar.istio.io/initialDelaySeconds": validateUint32,
  "readiness.status.sidecar.istio.io/periodSeconds": validateUint32,
  "readiness.status.sidecar.istio.io/failureThreshold": validateUint32,
  "traffic.sidecar.istio.io/includeOutboundIPRanges": (v) => validateCidrList("includeIPRanges", v, true),
  "traffic.sidecar.istio.io/excludeOutboundIPRanges": (v) => validateCidrList("excludeIPRanges", v, false),
  "traffic.sidecar.istio.io/includeInboundPorts": (v) => (v.trim() === "*" ? undefined : validatePortList("includeInboundPorts", v)),
  "traffic.sidecar.istio.io/excludeInboundPorts": (v) => validatePortList("excludeInboundPorts", v),
  "traffic.sidecar.istio.io/excludeOutboundPorts": (v) => validatePortList("excludeOutboundPorts", v),
  "traffic.sidecar.istio.io/includeOutboundPorts": (v) => (v.trim() === "*" ? undefined : validatePortList("includeOutboundPorts", v)),
  "traffic.sidecar.istio.io/excludeInterfaces": validateInterfaces,
  "traffic.sidecar.istio.io/kubevirtInterfaces": validateInterfaces,
  "istio.io/reroute-virtual-interfaces": validateInterfaces,
  "prometheus.istio.io/merge-metrics": (v) => (parseGoBool(v) === undefined ? `${JSON.stringify(v)} is not a boolean` : undefined),
  "sidecar.istio.io/proxyCPU": validateQuantity,
  "sidecar.istio.io/proxyMemory": validateQuantity,
  "sidecar.istio.io/proxyCPULimit": validateQuantity,
  "sidecar.istio.io/proxyMemoryLimit": validateQuantity,
  "sidecar.istio.io/userVolume": validateJsonObject,
  "sidecar.istio.io/userVolumeMount": validateJsonObject,
};

function validateQuantity(v: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return "quantity contains control characters";
  return isQuantity(v) ? undefined : `${JSON.stringify(v)} is not a valid Kubernetes quantity`;
}

function validateJsonObject(v: string): string | undefined {
  try {
    const x = JSON.parse(v) as unknown;
    if (typeof x !== "object" || x === null || Array.isArray(x)) return "expected a JSON object";
  } catch (e) {
    return `invalid JSON: ${(e as Error).message}`;
  }
  return undefined;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** Returns Istio-worded errors for invalid annotations (empty when all are valid). */
export function validateAnnotations(annotations: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const name of Object.keys(annotations).sort()) {
    const check = VALIDATORS[name];
    if (!check) continue;
    const value = annotations[name]!;
    const reason = check(value);
    if (reason !== undefined) errors.push(`invalid value '${value}' for annotation '${name}': ${reason}`);
  }
  return errors;
}
