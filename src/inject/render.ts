/**
 * Rendering one named template into a partial Pod (inject.md 7): built-in templates are our own
 * functions, others are Go text/template source rendered to YAML and parsed.
 */
import { InputError } from "../errors.js";
import { compileGoTemplate, TemplateError, type CompiledTemplate } from "./go-template.js";
import type { Json, JsonObject } from "./k8s-codec.js";
import type { InjectSettings, TemplateSource } from "./settings.js";
import type { TemplateData } from "./template-data.js";
import { gatewayTemplate } from "./templates/gateway.js";
import { grpcAgentTemplate, grpcSimpleTemplate } from "./templates/grpc.js";
import { sidecarTemplate } from "./templates/sidecar.js";
import { parseYamlDocument, toPlain } from "./yaml-input.js";

const BUILTINS: Record<string, (d: TemplateData) => JsonObject> = {
  sidecar: sidecarTemplate,
  gateway: gatewayTemplate,
  "grpc-simple": grpcSimpleTemplate,
  "grpc-agent": grpcAgentTemplate,
};

const compiled = new Map<string, CompiledTemplate>();

function goData(d: TemplateData): Json {
  return {
    ObjectMeta: d.meta,
    Spec: d.spec,
    DeploymentMeta: { Name: d.deploymentMeta.name, Namespace: d.deploymentMeta.namespace },
    TypeMeta: { Kind: d.typeMeta.kind, APIVersion: d.typeMeta.apiVersion },
    ProxyConfig: d.proxyConfig,
    MeshConfig: d.meshConfig,
    Values: d.values,
    Revision: d.revision,
    NativeSidecars: d.nativeSidecars,
    ProxyImage: d.proxyImage,
    ProxyInitImage: d.proxyInitImage,
    ProxyUID: d.proxyUID,
    ProxyGID: d.proxyGID,
    InboundTrafficPolicyMode: d.inboundTrafficPolicyMode,
    CompliancePolicy: d.compliancePolicy,
  };
}

/** Parses every Go template up front so syntax errors surface before any output. */
export function checkTemplates(settings: InjectSettings): void {
  for (const [name, src] of Object.entries(settings.templates)) {
    if (src.kind === "go") compile(name, src.text);
  }
}

function compile(name: string, text: string): CompiledTemplate {
  let t = compiled.get(text);
  if (!t) {
    try {
      t = compileGoTemplate(text);
    } catch (e) {
      if (e instanceof TemplateError) throw new InputError(`template "${name}": ${e.message}`);
      throw e;
    }
    compiled.set(text, t);
  }
  return t;
}

export function renderTemplate(name: string, src: TemplateSource, d: TemplateData, where: string): JsonObject {
  if (src.kind === "builtin") {
    const fn = BUILTINS[src.name];
    if (!fn) throw new InputError(`${where}: built-in template "${src.name}" does not exist`);
    return fn(d);
  }
  let text: string;
  try {
    text = compile(name, src.text).render(goData(d));
  } catch (e) {
    if (e instanceof TemplateError) throw new InputError(`${where}: failed to run injection template "${name}": ${e.message}`);
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = toPlain(parseYamlDocument(text));
  } catch (e) {
    throw new InputError(`${where}: template "${name}" did not render valid YAML: ${(e as Error).message}`);
  }
  if (parsed === null) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError(`${where}: template "${name}" must render a Pod mapping`);
  }
  return parsed as JsonObject;
}
