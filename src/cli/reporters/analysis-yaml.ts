/** `-o yaml`: the same objects as `-o json`, as a YAML list (single quotes where quoting is needed, as istioctl). */
import { messageRecord, type AnalysisReporter } from "./analysis-data.js";

export const reportYaml: AnalysisReporter = async (messages) => {
  if (messages.length === 0) return "[]\n";
  const { stringify } = await import("yaml");
  return stringify(messages.map(messageRecord), { singleQuote: true, lineWidth: 0 });
};
