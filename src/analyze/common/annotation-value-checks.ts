/**
 * The sidecar injector's value checks for pod annotations (Istio's pkg/kube/inject/validate.go), with
 * the error texts Go produces, for IST0125 (InvalidAnnotation). `checkAnnotationValue` returns the
 * problem text, or undefined when the value is fine or the annotation has no check.
 */
import { load } from "js-yaml";
import { goQuote } from "../go-format.js";

type Check = (value: string) => string | undefined;

/** strconv.ParseUint(s, 10, bits). */
function parseUint(s: string, bits: 16 | 32): string | undefined {
  if (!/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`;
  if (BigInt(s) >= 1n << BigInt(bits)) return `strconv.ParseUint: parsing ${goQuote(s)}: value out of range`;
  return undefined;
}

function parsePort(s: string): string | undefined {
  const err = parseUint(s.trim(), 16);
  return err && `failed parsing port '${s}': ${err}`;
}

function portList(parameter: string): Check {
  return (value) => {
    const trimmed = value.trim();
    if (trimmed === "") return undefined;
    for (const p of trimmed.split(",")) {
      const err = parsePort(p);
      if (err) return `${parameter} invalid: failed parsing port '${p}': ${err}`;
    }
    return undefined;
  };
}

/** net/netip.ParsePrefix, with its error texts for the common failures. */
function parsePrefix(s: string): string | undefined {
  const at = `netip.ParsePrefix(${goQuote(s)})`;
  const slash = s.lastIndexOf("/");
  if (slash < 0) return `${at}: no '/'`;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  const v4ok = v4 !== null && v4.slice(1).every((o) => Number(o) <= 255 && !(o.length > 1 && o.startsWith("0")));
  const v6ok = !v4 && ip.includes(":") && /^[0-9a-fA-F:.]+$/.test(ip) && (ip.match(/::/g) ?? []).length <= 1;
  if (!v4ok && !v6ok) return `${at}: ParseAddr(${goQuote(ip)}): unable to parse IP`;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return `${at}: bad bits after slash: ${goQuote(bits)}`;
  if (Number(bits) > (v4ok ? 32 : 128)) return `${at}: prefix length out of range`;
  return undefined;
}

function cidrList(parameter: string, allowStar: boolean): Check {
  return (value) => {
    if ((allowStar && value === "*") || value === "") return undefined;
    for (const cidr of value.split(",")) {
      const err = parsePrefix(cidr);
      if (err) return `${parameter} invalid: failed parsing cidr '${cidr}': ${err}`;
    }
    return undefined;
  };
}

const uint32: Check = (v) => parseUint(v, 32);

const goBool: Check = (v) => (["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"].includes(v) ? undefined : `strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`);

/** Kubernetes resource.ParseQuantity's format check. */
const quantity: Check = (v) =>
  /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$/.test(v) ? undefined : "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const interfaces: Check = (v) => (v.split(",").some((i) => i.trim() === "") && v !== "" ? `interface list ${goQuote(v)} has an empty entry` : undefined);

const proxyConfig: Check = (v) => {
  try {
    const parsed = load(v) as unknown;
    if (parsed !== undefined && parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) return "failed to convert to apply proxy config: not a ProxyConfig object";
  } catch (e) {
    return `failed to convert to apply proxy config: ${(e as Error).message.split("\n")[0]}`;
  }
  return undefined;
};

const CHECKS: Record<string, Check> = {
  "sidecar.istio.io/interceptionMode": (v) => (["REDIRECT", "TPROXY", "NONE"].includes(v) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`),
  "status.sidecar.istio.io/port": (v) => {
    const err = parsePort(v);
    return err && `excludeInboundPorts invalid: ${err}`;
  },
  "readiness.status.sidecar.istio.io/initialDelaySeconds": uint32,
  "readiness.status.sidecar.istio.io/periodSeconds": uint32,
  "readiness.status.sidecar.istio.io/failureThreshold": uint32,
  "traffic.sidecar.istio.io/includeOutboundIPRanges": cidrList("includeIPRanges", true),
  "traffic.sidecar.istio.io/excludeOutboundIPRanges": cidrList("excludeIPRanges", false),
  "traffic.sidecar.istio.io/includeInboundPorts": (v) => (v === "*" ? undefined : portList("includeInboundPorts")(v)),
  "traffic.sidecar.istio.io/excludeInboundPorts": portList("excludeInboundPorts"),
  "traffic.sidecar.istio.io/excludeOutboundPorts": portList("excludeOutboundPorts"),
  "traffic.sidecar.istio.io/excludeInterfaces": interfaces,
  "traffic.sidecar.istio.io/kubevirtInterfaces": interfaces,
  "istio.io/reroute-virtual-interfaces": interfaces,
  "prometheus.istio.io/merge-metrics": goBool,
  "proxy.istio.io/config": proxyConfig,
  "sidecar.istio.io/proxyCPU": quantity,
  "sidecar.istio.io/proxyCPULimit": quantity,
  "sidecar.istio.io/proxyMemory": quantity,
  "sidecar.istio.io/proxyMemoryLimit": quantity,
};

export function checkAnnotationValue(name: string, value: string): string | undefined {
  return CHECKS[name]?.(value);
}
