/**
 * Indexes analyzers share, built once per model on first use: the cache is keyed on the model object
 * (a WeakMap), so nothing outlives the run or leaks from one model into another.
 */
import type { MeshModel } from "../../model/mesh-model.js";

export function perModel<T>(build: (model: MeshModel) => T): (model: MeshModel) => T {
  const cache = new WeakMap<MeshModel, T>();
  return (model) => {
    if (cache.has(model)) return cache.get(model)!;
    const value = build(model);
    cache.set(model, value);
    return value;
  };
}
