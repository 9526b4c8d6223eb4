/**
 * `-o sarif`: SARIF 2.1.0 as GitHub code scanning takes it: one run, a rule per code (help URI, default
 * level), results with repository-relative artifact URIs, regions and partial fingerprints. Messages with no
 * file location (cluster or stdin resources, mesh-wide messages) cannot be code-scanning alerts; they are
 * kept as tool execution notifications of the invocation.
 */
import { createHash } from "node:crypto";
import { sep } from "node:path";
import { pathToFileURL } from "node:url";
import { messageType } from "../../analyze/messages.js";
import { resourceString, type AnalysisMessage } from "../../analyze/run.js";
import type { Level } from "../../diagnostic.js";
import { VERSION } from "../../version.js";
import { documentationUrl, logLine, repoRelativePath, repositoryRoot, type AnalysisReporter } from "./analysis-data.js";

const SARIF_LEVEL: Record<Level, "error" | "warning" | "note"> = { Error: "error", Warning: "warning", Info: "note" };

function ruleFor(code: string) {
  const t = messageType(code);
  const words = t.name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
  return {
    id: code,
    name: t.name,
    shortDescription: { text: words },
    fullDescription: { text: `${words}: ${t.template.replace(/%[-+# 0-9.]*[a-zA-Z]/g, "…")}` },
    helpUri: documentationUrl(code),
    help: { text: `See ${documentationUrl(code)}`, markdown: `[${code} ${t.name}](${documentationUrl(code)})` },
    defaultConfiguration: { level: SARIF_LEVEL[t.level] },
    properties: { tags: [code.startsWith("IST") ? "istio" : "meshc", "service-mesh"] },
  };
}

/** Stable across line moves: code, resource and field path (not the line). */
function fingerprint(m: AnalysisMessage, uri: string): string {
  const key = [m.code, uri, m.resource ? resourceString(m.resource) : "", m.path ?? "", m.message].join("\u0000");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

export const reportSarif: AnalysisReporter = (messages, ctx) => {
  const root = repositoryRoot(ctx.cwd);
  const codes = [...new Set(messages.map((m) => m.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const m of messages) {
    const uri = m.origin ? repoRelativePath(m.origin.file, ctx.cwd, root) : undefined;
    if (!uri || !m.origin) {
      notifications.push({ level: SARIF_LEVEL[m.level], message: { text: logLine(m) }, associatedRule: { id: m.code, index: ruleIndex.get(m.code) } });
      continue;
    }
    const region: Record<string, number> = { startLine: Math.max(1, m.origin.line) };
    if (m.origin.column > 0) region.startColumn = m.origin.column;
    results.push({
      ruleId: m.code,
      ruleIndex: ruleIndex.get(m.code),
      level: SARIF_LEVEL[m.level],
      message: { text: m.resource ? `${m.message} (${resourceString(m.resource)}${m.path ? `, ${m.path}` : ""})` : m.message },
      locations: [
        {
          physicalLocation: { artifactLocation: uri.startsWith("/") ? { uri: pathToFileURL(uri).href } : { uri, uriBaseId: "%SRCROOT%" }, region },
          ...(m.resource ? { logicalLocations: [{ fullyQualifiedName: resourceString(m.resource), kind: "resource" }] } : {}),
        },
      ],
      partialFingerprints: { "meshcFinding/v1": fingerprint(m, uri) },
    });
  }
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "meshc", semanticVersion: VERSION, version: VERSION, informationUri: "https://www.npmjs.com/package/meshc", rules: codes.map(ruleFor) } },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href } },
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
};
