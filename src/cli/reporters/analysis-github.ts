/**
 * `-o github`: GitHub Actions workflow commands, `::error file=…,line=…,col=…,title=…::message`, errors first
 * (Warning → warning, Info → notice). Escaped as GitHub's toolkit does: % CR LF in the message, and also
 * : and , in property values. File paths are relative to the repository root.
 */
import { resourceString } from "../../analyze/run.js";
import type { Level } from "../../diagnostic.js";
import { repoRelativePath, repositoryRoot, type AnalysisReporter } from "./analysis-data.js";

const COMMAND: Record<Level, string> = { Error: "error", Warning: "warning", Info: "notice" };
const ORDER: Record<Level, number> = { Error: 0, Warning: 1, Info: 2 };

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export const reportGithub: AnalysisReporter = (messages, ctx) => {
  const root = repositoryRoot(ctx.cwd);
  const sorted = [...messages].sort((a, b) => ORDER[a.level] - ORDER[b.level]);
  return sorted
    .map((m) => {
      const props: string[] = [];
      const file = m.origin ? repoRelativePath(m.origin.file, ctx.cwd, root) : undefined;
      if (file && m.origin) {
        props.push(`file=${escapeProperty(file)}`);
        if (m.origin.line > 0) props.push(`line=${m.origin.line}`);
        if (m.origin.column > 0) props.push(`col=${m.origin.column}`);
      }
      props.push(`title=${escapeProperty(`${m.code}${m.resource ? ` ${resourceString(m.resource)}` : ""}`)}`);
      return `::${COMMAND[m.level]} ${props.join(",")}::${escapeData(m.message)}\n`;
    })
    .join("");
};
