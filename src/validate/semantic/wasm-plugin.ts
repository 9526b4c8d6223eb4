/**
 * WasmPlugin: the validation webhook's rules beyond the schema. The CEL checks already cover the URL
 * scheme and "value only with valueFrom INLINE"; the schema covers sha256, name lengths and port range.
 * Here: the lists the CRD keys by a field (env by name, match ports by number) must not repeat a key,
 * and settings that only apply to OCI images are flagged when the module is not one.
 */
import { requestUriScheme } from "../cel/security.js";
import { checkPolicyScope } from "./policy-scope.js";
import type { SemanticIssue, SemanticRule } from "./types.js";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Each key once: returns the indexes of entries whose key was already seen. */
function repeats(items: unknown[], key: (x: any) => unknown): number[] {
  const seen = new Set<unknown>();
  const out: number[] = [];
  items.forEach((x, i) => {
    const k = key(x);
    if (k === undefined) return;
    if (seen.has(k)) out.push(i);
    seen.add(k);
  });
  return out;
}

/** Istio reads an address without a scheme ("registry/image:tag") as an OCI image. */
function isOciImage(url: string): boolean {
  const scheme = requestUriScheme(url);
  return scheme === undefined || scheme === "" || scheme === "oci";
}

export const rule: SemanticRule = (spec) => {
  const issues: SemanticIssue[] = [...checkPolicyScope(spec)];

  if (typeof spec?.url !== "string" || spec.url === "") {
    issues.push({ path: ["spec", "url"], level: "error", message: "url is required: the address of the Wasm module (oci://, https://, http:// or file://)" });
  } else if (!isOciImage(spec.url)) {
    for (const k of ["imagePullPolicy", "imagePullSecret"]) {
      if (spec[k] !== undefined) {
        issues.push({ path: ["spec", k], level: "warning", message: `${k} only applies to OCI images (oci:// or a registry reference), so it is ignored for "${spec.url}"` });
      }
    }
  }

  const env = list(spec?.vmConfig?.env);
  for (const i of repeats(env, (e) => e?.name)) {
    issues.push({ path: ["spec", "vmConfig", "env", i, "name"], level: "error", message: `environment variable "${(env[i] as any).name}" is listed twice: keep one entry per name` });
  }

  list(spec?.match).forEach((sel: any, i) => {
    const ports = list(sel?.ports);
    for (const j of repeats(ports, (p) => p?.number)) {
      issues.push({ path: ["spec", "match", i, "ports", j, "number"], level: "error", message: `port ${(ports[j] as any).number} is listed twice in this match: keep one entry per port` });
    }
  });
  return issues;
};
