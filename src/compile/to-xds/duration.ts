/**
 * Durations of generated resources ("10s", "0s", "2.5s"), parsed once per distinct text: a sidecar
 * of a large mesh has tens of thousands of them and only a handful of distinct values. Returns a
 * fresh object each time (messages never share mutable parts).
 */
import { duration } from "./bootstrap-static.js";

type Duration = ReturnType<typeof duration>;

const parsed = new Map<string, Duration>();

export function durationOf(text: string): Duration {
  let d = parsed.get(text);
  if (!d) {
    d = duration(text);
    if (parsed.size < 4096) parsed.set(text, d);
  }
  return { ...d };
}
