/**
 * Small stand-in analyzers for the CLI tests (the real ones live in src/analyze/analyzers/ and have their
 * own tests): one Error, one Warning and one Info code, one mesh-wide message, and one that reads Namespaces.
 */
import { defineAnalyzer, meshConfigTarget, type Analyzer } from "../../src/analyze/define.js";

type Obj = Record<string, any>;

/** IST0101 for a route destination subset that no DestinationRule for that host defines. */
export const subsetAnalyzer = defineAnalyzer({
  meta: { name: "fake.SubsetAnalyzer", description: "Checks that routed-to subsets are defined.", inputs: ["VirtualService", "DestinationRule"], codes: ["IST0101"] },
  run(ctx) {
    const defined = new Set<string>();
    for (const dr of ctx.model.list("DestinationRule")) {
      const spec = (dr.object.spec ?? {}) as Obj;
      for (const s of spec.subsets ?? []) defined.add(`${ctx.model.resolveHost(spec.host, dr.namespace)}+${s.name}`);
    }
    for (const vs of ctx.model.list("VirtualService")) {
      ((vs.object.spec as Obj)?.http ?? []).forEach((h: Obj, i: number) =>
        (h.route ?? []).forEach((r: Obj, j: number) => {
          const d = r.destination ?? {};
          if (d.subset && !defined.has(`${ctx.model.resolveHost(d.host, vs.namespace)}+${d.subset}`)) {
            ctx.report("IST0101", vs, ["host+subset in destinationrule", `${d.host}+${d.subset}`], { path: ["spec", "http", i, "route", j, "destination", "subset"] });
          }
        }),
      );
    }
  },
});

/** IST0108 (Warning) for sidecar.istio.io/bogus annotations. */
export const annotationAnalyzer = defineAnalyzer({
  meta: { name: "fake.AnnotationAnalyzer", description: "Flags a made-up annotation.", inputs: ["VirtualService"], codes: ["IST0108"] },
  run(ctx) {
    for (const vs of ctx.model.list("VirtualService")) {
      if (vs.object.metadata.annotations?.["sidecar.istio.io/bogus"] !== undefined) ctx.report("IST0108", vs, ["sidecar.istio.io/bogus"], { path: ["metadata", "annotations", "sidecar.istio.io/bogus"] });
    }
  },
});

/** IST0102 (Info) for Namespace objects without an injection label. */
export const namespaceAnalyzer = defineAnalyzer({
  meta: { name: "fake.InjectionAnalyzer", description: "Namespaces not enabled for injection.", inputs: ["Namespace"], codes: ["IST0102"], istioctlNeedsCluster: true },
  run(ctx) {
    for (const ns of ctx.model.list("Namespace")) {
      if (!ns.object.metadata.labels?.["istio-injection"]) ctx.report("IST0102", ns, [ns.name, ns.name]);
    }
  },
});

/** IST0002 (Warning) on the mesh config when it sets `deprecatedField`. */
export const meshAnalyzer = defineAnalyzer({
  meta: { name: "fake.MeshAnalyzer", description: "A deprecated mesh config field.", inputs: ["MeshConfig"], codes: ["IST0002"] },
  run(ctx) {
    if (ctx.model.meshConfig.deprecatedField !== undefined) ctx.report("IST0002", meshConfigTarget(ctx.model), ["deprecatedField is deprecated"]);
  },
});

/** Reads Secrets (for RBAC tests); reports nothing. */
export const secretAnalyzer = defineAnalyzer({
  meta: { name: "fake.SecretAnalyzer", description: "Reads Secrets and reports nothing.", inputs: ["Secret", "Gateway"], codes: ["IST0161"] },
  run() {},
});

/** Not in the default set. */
export const offAnalyzer = defineAnalyzer({
  meta: { name: "fake.OffAnalyzer", description: "Off unless named; reports every VirtualService.", inputs: ["VirtualService"], codes: ["IST0002"], defaultOff: true },
  run(ctx) {
    for (const vs of ctx.model.list("VirtualService")) ctx.report("IST0002", vs, ["off analyzer"]);
  },
});

export const FAKE_ANALYZERS: Analyzer[] = [subsetAnalyzer, annotationAnalyzer, namespaceAnalyzer, meshAnalyzer, secretAnalyzer, offAnalyzer];
