/**
 * How a policy (AuthorizationPolicy, RequestAuthentication, PeerAuthentication, Telemetry, WasmPlugin)
 * picks the workloads it applies to: the checks of Istio's webhook on `selector`, `targetRef` and
 * `targetRefs` that the schema and its CEL checks do not already make.
 */
import type { SemanticIssue } from "./types.js";

type Path = (string | number)[];

/** Kinds a policy may attach to, by API group ("" is the core group). */
const TARGET_KINDS: ReadonlyArray<{ group: string; kind: string }> = [
  { group: "", kind: "Service" },
  { group: "networking.istio.io", kind: "ServiceEntry" },
  { group: "gateway.networking.k8s.io", kind: "Gateway" },
  { group: "gateway.networking.k8s.io", kind: "GatewayClass" },
];

/** A selector that is present but has no labels: Istio accepts it and applies the policy to every workload in the namespace. */
export function checkSelector(spec: any): SemanticIssue[] {
  const sel = spec?.selector;
  if (sel === undefined || sel === null) return [];
  const labels = sel.matchLabels;
  if (labels && typeof labels === "object" && Object.keys(labels).length > 0) return [];
  return [
    {
      path: ["spec", "selector"],
      level: "warning",
      message: "selector has no labels, so the policy applies to every workload in the namespace: add matchLabels, or remove selector if that is intended",
    },
  ];
}

function checkTargetRef(ref: any, path: Path): SemanticIssue[] {
  if (!ref || typeof ref !== "object") return [];
  const group = ref.group === undefined || ref.group === "core" ? "" : String(ref.group);
  const kind = String(ref.kind ?? "");
  if (TARGET_KINDS.some((t) => t.group === group && t.kind === kind)) return [];
  const allowed = TARGET_KINDS.map((t) => (t.group ? `${t.group}/${t.kind}` : t.kind)).join(", ");
  const shown = group ? `${group}/${kind}` : kind;
  return [{ path: [...path, "kind"], level: "error", message: `a policy cannot attach to ${shown}: targetRef must name one of ${allowed}` }];
}

/** targetRef and every targetRefs entry must name a kind a policy can attach to. */
export function checkTargetRefs(spec: any): SemanticIssue[] {
  const issues = checkTargetRef(spec?.targetRef, ["spec", "targetRef"]);
  const refs: unknown[] = Array.isArray(spec?.targetRefs) ? spec.targetRefs : [];
  refs.forEach((r, i) => issues.push(...checkTargetRef(r, ["spec", "targetRefs", i])));
  return issues;
}

/** Both of the above: what every policy kind runs first. */
export function checkPolicyScope(spec: any): SemanticIssue[] {
  return [...checkSelector(spec), ...checkTargetRefs(spec)];
}
