import { defineAnalyzer } from "../../define.js";

/** Gateway API CRDs Istio needs at a minimum bundle version. */
const MINIMUM: Readonly<Record<string, string>> = {
  "grpcroutes.gateway.networking.k8s.io": "1.1.0",
  "backendtlspolicies.gateway.networking.k8s.io": "1.4.0",
  "tlsroutes.gateway.networking.k8s.io": "1.5.0",
  "tcproutes.gateway.networking.k8s.io": "1.6.0",
};

const BUNDLE_VERSION = "gateway.networking.k8s.io/bundle-version";

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string;
  meta: string;
}

/** A loose semantic version (`v1.4.1`, `1.4`, `1.5.0-rc.1+build`), as Masterminds' semver reads it. */
export function parseSemVer(text: string): SemVer | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? "", meta: m[5] ?? "" };
}

function render(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ""}${v.meta ? `+${v.meta}` : ""}`;
}

function lessThan(a: SemVer, b: SemVer): boolean {
  return a.major !== b.major ? a.major < b.major : a.minor !== b.minor ? a.minor < b.minor : a.patch < b.patch;
}

export default defineAnalyzer({
  meta: {
    name: "k8sgateway.CRDVersionAnalyzer",
    description: "Flags Gateway API CRDs installed at a bundle version older than Istio needs, whose resources Istio then ignores.",
    inputs: ["CustomResourceDefinition"],
    codes: ["IST0176"],
  },
  run(ctx) {
    for (const crd of ctx.model.list("CustomResourceDefinition")) {
      const minimum = MINIMUM[crd.name];
      if (!minimum) continue;
      const annotation = crd.object.metadata.annotations?.[BUNDLE_VERSION];
      if (typeof annotation !== "string") continue;
      const installed = parseSemVer(annotation);
      if (!installed) continue;
      if (lessThan(installed, parseSemVer(minimum)!)) ctx.report("IST0176", crd, [crd.name, render(installed), minimum]);
    }
  },
});
