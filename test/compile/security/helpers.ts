/** Shared by the security tests: models from YAML or fixtures, strict JSON round trips. */
import assert from "node:assert/strict";
import { toEnvoyJsonVerified, type Filter, type HttpFilter, type JsonObject } from "../../../src/compile/envoy/index.js";
import { applyMeshConfig, defaultMeshConfig } from "../../../src/model/mesh-config.js";
import { buildModel, type MeshModel, type Workload } from "../../../src/model/mesh-model.js";
import { parseSourceText } from "../../../src/sources/documents.js";
import { loadFiles } from "../../../src/sources/load.js";

export function modelOf(yaml: string, mesh: Record<string, unknown> = {}): MeshModel {
  const { resources, diagnostics } = parseSourceText("test.yaml", yaml);
  const errors = diagnostics.filter((d) => d.level === "Error");
  if (errors.length > 0) throw new Error(`bad test YAML: ${errors.map((d) => d.message).join("; ")}`);
  return buildModel(resources, { meshConfig: applyMeshConfig(defaultMeshConfig(), mesh) });
}

export async function fixtureModel(dir: string): Promise<MeshModel> {
  const { resources } = await loadFiles([dir]);
  return buildModel(resources);
}

export function workload(model: MeshModel, id: string): Workload {
  const w = model.workloads.find((x) => x.id === id);
  if (!w) throw new Error(`no workload ${id}; have ${model.workloads.map((x) => x.id).join(", ")}`);
  return w;
}

/** Strict stock round trip of an HTTP filter; returns its JSON. */
export function httpFilterJson(f: HttpFilter): JsonObject {
  const json = toEnvoyJsonVerified("envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter", f, { flavor: "stock" });
  assert.match(String((json.typed_config as JsonObject)["@type"]), /^type\.googleapis\.com\/envoy\./);
  return json;
}

export function networkFilterJson(f: Filter): JsonObject {
  const json = toEnvoyJsonVerified("envoy.config.listener.v3.Filter", f, { flavor: "stock" });
  assert.match(String((json.typed_config as JsonObject)["@type"]), /^type\.googleapis\.com\/envoy\./);
  return json;
}

/** A workload-like target. */
export const target = (namespace: string, labels: Record<string, string> = {}) => ({ namespace, labels });
