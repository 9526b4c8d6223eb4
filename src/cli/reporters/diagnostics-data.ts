/** Diagnostics as data (json / yaml): one document on stdout, nothing else. */
import type { Diagnostic } from "../../diagnostic.js";

export function diagnosticRecord(d: Diagnostic): Record<string, unknown> {
  return {
    code: d.code,
    level: d.level,
    message: d.message,
    ...(d.resource ? { resource: { ...(d.resource.apiVersion ? { apiVersion: d.resource.apiVersion } : {}), kind: d.resource.kind, ...(d.resource.namespace ? { namespace: d.resource.namespace } : {}), name: d.resource.name } } : {}),
    ...(d.path ? { path: d.path } : {}),
    ...(d.origin ? { file: d.origin.file, line: d.origin.line, column: d.origin.column } : {}),
  };
}

/** JSON, or YAML (the yaml package is imported only then: it costs ~40 ms to load). */
export async function renderData(value: unknown, format: "json" | "yaml"): Promise<string> {
  if (format === "json") return JSON.stringify(value, null, 2) + "\n";
  const { stringify } = await import("yaml");
  return stringify(value);
}
