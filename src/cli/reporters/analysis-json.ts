/** `-o json`: an array of istioctl's objects (tab-indented, keys sorted, <>& escaped as Go does) plus file/line/column/path. */
import { messageRecord, type AnalysisReporter } from "./analysis-data.js";

export const reportJson: AnalysisReporter = (messages) => {
  if (messages.length === 0) return "[]\n";
  const text = JSON.stringify(messages.map(messageRecord), null, "\t");
  return text.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) + "\n";
};
