/** `-o log`: istioctl's lines, `Error [IST0101] (VirtualService ns/name file.yaml:14) text`, level word coloured on a terminal. */
import type { AnalysisMessage } from "../../analyze/run.js";
import type { Level } from "../../diagnostic.js";
import { logLine, type AnalysisReporter } from "./analysis-data.js";

/** istioctl's colours: bold red for Error, yellow for Warning, none for Info. */
const COLOURS: Record<Level, string | undefined> = { Error: "\u001b[1;31m", Warning: "\u001b[33m", Info: undefined };

export function colouredLogLine(m: AnalysisMessage, color: boolean): string {
  const line = logLine(m);
  const start = COLOURS[m.level];
  return color && start ? `${start}${m.level}\u001b[0m${line.slice(m.level.length)}` : line;
}

/** One line per message; no messages: an empty line (as istioctl). */
export const reportLog: AnalysisReporter = (messages, ctx) => messages.map((m) => colouredLogLine(m, ctx.color)).join("\n") + "\n";
