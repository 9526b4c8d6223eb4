/**
 * Colour is decided once per stream: --color/--no-color > NO_COLOR > FORCE_COLOR > TERM=dumb > TTY.
 * (chalk alone ignores NO_COLOR.) Machine formats are never coloured: callers pass level 0 for them.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { OutStream } from "./io.js";

export function colorLevel(flag: boolean | undefined, env: Record<string, string | undefined>, stream: OutStream): 0 | 1 {
  if (flag === true) return 1;
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return 1;
  if (env.TERM === "dumb") return 0;
  return stream.isTTY ? 1 : 0;
}

export function makeChalk(level: 0 | 1): ChalkInstance {
  return new Chalk({ level });
}
