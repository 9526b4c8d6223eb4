/**
 * Where a message points: the line istioctl prints is the field's, when the path ends at a scalar value,
 * else the document's. Looking a position up may re-read the resource's document (./fast-locate.ts first
 * tries a line scan), so the engine asks only for the messages it keeps, each (resource, path) once per run.
 */
import type { Position } from "../diagnostic.js";
import type { Resource } from "../model/mesh-model.js";
import { locate } from "../sources/source.js";
import { fastLocate } from "./fast-locate.js";

type Path = readonly (string | number)[];

/** The path itself when it ends at a scalar value of the resource, else the empty path (the document). */
function pathToLocate(res: Resource, path: Path | undefined): Path {
  if (!path || path.length === 0) return [];
  let v: unknown = res.object;
  for (const seg of path) v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v !== undefined && (v === null || typeof v !== "object") ? path : [];
}

export class Positions {
  private readonly cache = new Map<Resource, Map<string, Position>>();

  /** The position of `path` in `res` (undefined for resources not read from a file). */
  of(res: Resource, path: Path | undefined): Position | undefined {
    if (res.origin.type !== "file") return undefined;
    const target = pathToLocate(res, path);
    const key = JSON.stringify(target);
    let byPath = this.cache.get(res);
    if (!byPath) this.cache.set(res, (byPath = new Map()));
    let pos = byPath.get(key);
    if (!pos) {
      const offset = fastLocate(res.origin, target);
      pos = offset !== undefined ? res.origin.file.position(offset) : locate(res.origin, target);
      byPath.set(key, pos);
    }
    return { ...pos };
  }
}
