/**
 * The cluster source: list the kinds meshc needs from a live Kubernetes API server.
 *
 * `@kubernetes/client-node` is imported lazily, inside loadCluster (it costs ~0.6 s and 80 MB), and
 * is used only for what it does well: reading kubeconfig files and turning a context's user into
 * request credentials (tokens, client certificates, exec and auth-provider plugins, proxies). The
 * list calls themselves are plain GETs over node:http(s), because meshc already knows each kind's
 * group, versions and plural and needs no discovery round trips.
 *
 * The cluster source and src/cli are the only modules that may read the environment; even here the
 * environment comes in through ClusterOptions.env.
 */
import http from "node:http";
import https from "node:https";
import type { Diagnostic } from "../diagnostic.js";
import { ClusterError, UsageError } from "../errors.js";
import { apiVersionOf, type KindInfo } from "../model/kinds.js";
import { ANONYMOUS_USER, errorMessage, firstLine, listContexts, loadKubeconfig } from "./kubeconfig.js";
import { LOAD_CODES, locate, type KubeObject, type LoadResult, type LoadedResource, type Origin } from "./source.js";

export interface ClusterOptions {
  /** --kubeconfig: one kubeconfig file; overrides KUBECONFIG and ~/.kube/config. */
  kubeconfig?: string;
  /** --context: the kubeconfig context to use; default: the kubeconfig's current-context. */
  context?: string;
  /** -n: namespace for namespaced kinds; default: the context's namespace, else "default". */
  namespace?: string;
  /** -A: list namespaced kinds across all namespaces (namespace is then ignored). */
  allNamespaces?: boolean;
  /** The kinds to list; nothing else is requested. */
  kinds: readonly KindInfo[];
  /** Environment for KUBECONFIG and HOME (the CLI passes process.env); default: process.env. */
  env?: Record<string, string | undefined>;
  /** Per request: give up when the server is silent this long. Default 30 s. */
  timeoutMs?: number;
  /** Items per list page (limit/continue). Default 500. */
  pageSize?: number;
  /** List calls in flight at once. Default 4. */
  concurrency?: number;
}

export type ClusterLoadResult = LoadResult & {
  /** The kubeconfig context used. */
  context: string;
  /** The server URL of that context. */
  server: string;
  /** Namespace listed: -n, else the context's namespace, else "default"; undefined with allNamespaces. */
  namespace: string | undefined;
  /** Kinds the user may not list (403); the caller reports them. */
  forbidden: KindInfo[];
  /** Kinds no version of which the server serves (404; e.g. the CRD is not installed). */
  missing: KindInfo[];
};

export const DEFAULT_CLUSTER_TIMEOUT_MS = 30_000;
export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_LIST_CONCURRENCY = 4;

export async function loadCluster(options: ClusterOptions): Promise<ClusterLoadResult> {
  const env = options.env ?? process.env;
  const k8s = await import("@kubernetes/client-node");
  const kc = loadKubeconfig(k8s.KubeConfig, options, env);

  const contextName = options.context ?? kc.getCurrentContext();
  const contexts = kc.getContexts();
  if (contexts.length === 0) {
    throw new ClusterError("the kubeconfig defines no contexts", { hint: "pass --kubeconfig <file> with a context, or give files to read instead of a cluster" });
  }
  if (!contextName) {
    throw new UsageError(`the kubeconfig sets no current-context${listContexts(contexts)}`, { hint: "choose one with --context" });
  }
  const context = kc.getContextObject(contextName);
  if (!context) {
    throw new UsageError(`context "${contextName}" is not in the kubeconfig${listContexts(contexts)}`, {
      hint: "pick one of these with --context (kubectl config get-contexts)",
    });
  }
  kc.setCurrentContext(contextName);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new ClusterError(`context "${contextName}" refers to cluster "${context.cluster}", which the kubeconfig does not define`);
  if (!context.user) {
    // A context without a user means anonymous access (as in kubectl). client-node applies the
    // cluster's CA only when there is a user, so give it an empty one.
    kc.users = [...kc.users, { name: ANONYMOUS_USER }];
    kc.contexts = kc.contexts.map((c) => (c.name === contextName ? { ...c, user: ANONYMOUS_USER } : c));
  } else if (!kc.getUser(context.user)) {
    throw new ClusterError(`context "${contextName}" refers to user "${context.user}", which the kubeconfig does not define`);
  }

  const server = cluster.server;
  let protocol: "http:" | "https:";
  try {
    const u = new URL(server);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`unsupported scheme ${u.protocol}`);
    protocol = u.protocol;
  } catch (e) {
    throw new ClusterError(`context "${contextName}": the cluster's server "${server}" is not an http(s) URL (${errorMessage(e)})`);
  }

  const requestOptions: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(requestOptions);
  } catch (e) {
    throw new ClusterError(`cannot set up credentials for context "${contextName}" (user "${context.user}"): ${firstLine(errorMessage(e))}`, {
      hint: "check the user's certificate files, token or exec plugin in the kubeconfig",
      cause: e,
    });
  }

  const namespace = options.allNamespaces ? undefined : options.namespace || context.namespace || "default";
  const client: ListClient = {
    server,
    context: contextName,
    protocol,
    requestOptions,
    timeoutMs: options.timeoutMs ?? DEFAULT_CLUSTER_TIMEOUT_MS,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
  };
  const origin: Origin = { type: "cluster", context: contextName };

  try {
    const outcomes = await mapLimited(options.kinds, options.concurrency ?? DEFAULT_LIST_CONCURRENCY, (info) => listKind(client, info, namespace));
    const result: ClusterLoadResult = { resources: [], diagnostics: [], context: contextName, server, namespace, forbidden: [], missing: [] };
    outcomes.forEach((outcome, i) => {
      const info = options.kinds[i]!;
      if (outcome.status === "forbidden") result.forbidden.push(info);
      else if (outcome.status === "missing") result.missing.push(info);
      else for (const item of outcome.items) addItem(item, info, outcome.version, origin, result);
    });
    return result;
  } finally {
    (requestOptions.agent as http.Agent | undefined)?.destroy?.();
  }
}

// ---------------------------------------------------------------------------------------------
// listing

interface ListClient {
  server: string;
  context: string;
  protocol: "http:" | "https:";
  /** agent, headers and auth from the kubeconfig's user and cluster. */
  requestOptions: https.RequestOptions;
  timeoutMs: number;
  pageSize: number;
}

type ListOutcome =
  | { status: "ok"; version: string; items: unknown[] }
  | { status: "forbidden" }
  | { status: "missing" };

/** `/api/v1[/namespaces/ns]/services`, `/apis/apps/v1[/namespaces/ns]/deployments`. */
export function listPath(info: KindInfo, version: string, namespace: string | undefined): string {
  const base = info.group === "" ? `/api/${version}` : `/apis/${info.group}/${version}`;
  const ns = info.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${info.plural}`;
}

async function listKind(client: ListClient, info: KindInfo, namespace: string | undefined): Promise<ListOutcome> {
  for (const version of info.versions) {
    const base = listPath(info, version, namespace);
    const items: unknown[] = [];
    let token: string | undefined;
    let page = 0;
    do {
      const query = new URLSearchParams({ limit: String(client.pageSize) });
      if (token) query.set("continue", token);
      const res = await get(client, `${base}?${query}`);
      if (page === 0 && res.status === 404) break; // this version is not served: try the next
      if (page === 0 && res.status === 403) return { status: "forbidden" };
      if (res.status !== 200) throw statusError(client, res, `${base}?${query}`, info);
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        throw new ClusterError(`the API server at ${client.server} (context "${client.context}") answered GET ${base} with a body that is not JSON`);
      }
      if (!isObject(body) || !Array.isArray(body.items)) {
        throw new ClusterError(`the API server at ${client.server} (context "${client.context}") answered GET ${base} with something that is not a list`);
      }
      for (const item of body.items) items.push(item);
      const meta = body.metadata;
      token = isObject(meta) && typeof meta.continue === "string" && meta.continue !== "" ? meta.continue : undefined;
      page++;
    } while (token);
    if (page > 0) return { status: "ok", version, items };
  }
  return { status: "missing" };
}

function addItem(item: unknown, info: KindInfo, version: string, origin: Origin, out: ClusterLoadResult): void {
  if (!isObject(item)) return;
  const metadata = isObject(item.metadata) ? { ...item.metadata } : undefined;
  if (!metadata || typeof metadata.name !== "string" || metadata.name === "") {
    const diagnostic: Diagnostic = { code: LOAD_CODES.missingName, level: "Error", message: `${info.kind} from the cluster has no metadata.name; skipped`, origin: locate(origin) };
    out.diagnostics.push(diagnostic);
    return;
  }
  delete metadata.managedFields;
  // List items carry no apiVersion and kind; put them first, as in a manifest.
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = item;
  const object = { apiVersion: apiVersionOf(info, version), kind: info.kind, metadata, ...rest } as KubeObject;
  const resource: LoadedResource = { object, info, version, origin };
  out.resources.push(resource);
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Reply {
  status: number;
  text: string;
}

function get(client: ListClient, pathAndQuery: string): Promise<Reply> {
  const url = new URL(client.server.replace(/\/+$/, "") + pathAndQuery);
  const transport = client.protocol === "http:" ? http : https;
  const { agent, headers, auth } = client.requestOptions;
  return new Promise<Reply>((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: "GET",
        agent,
        auth,
        headers: { ...headers, Accept: "application/json", "User-Agent": "meshc" },
        timeout: client.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => reject(networkError(client, e)));
      },
    );
    req.on("timeout", () => {
      const e = Object.assign(new Error(`no answer within ${client.timeoutMs} ms`), { code: "MESHC_TIMEOUT" });
      req.destroy(e);
    });
    req.on("error", (e) => reject(networkError(client, e)));
    req.end();
  });
}

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

function networkError(client: ListClient, e: unknown): ClusterError {
  const code = isObject(e) && typeof e.code === "string" ? e.code : "";
  const where = `the Kubernetes API server at ${client.server} (context "${client.context}")`;
  let what: string;
  let hint: string;
  if (code === "ECONNREFUSED") {
    what = "connection refused";
    hint = "check that the cluster is running and that the kubeconfig's server address and port are right";
  } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    what = `the host name does not resolve (${code})`;
    hint = "check the server address in the kubeconfig, your DNS, and VPN";
  } else if (code === "MESHC_TIMEOUT" || code === "ETIMEDOUT") {
    what = `no answer within ${client.timeoutMs} ms`;
    hint = "check the network path to the cluster (VPN, firewall, proxy)";
  } else if (TLS_CODES.has(code) || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || /certificate|tls|ssl/i.test(errorMessage(e))) {
    what = `TLS failed: ${firstLine(errorMessage(e))}`;
    hint = "check certificate-authority(-data), tls-server-name and the server URL's scheme in the kubeconfig";
  } else {
    what = `${code ? code + ": " : ""}${firstLine(errorMessage(e))}`;
    hint = "check that the cluster is reachable from here (kubectl cluster-info)";
  }
  return new ClusterError(`cannot reach ${where}: ${what}`, { hint, cause: e });
}

function statusError(client: ListClient, res: Reply, pathAndQuery: string, info: KindInfo): ClusterError {
  const where = `the Kubernetes API server at ${client.server} (context "${client.context}")`;
  let message = "";
  try {
    const body: unknown = JSON.parse(res.text);
    if (isObject(body) && typeof body.message === "string") message = body.message;
  } catch {
    message = firstLine(res.text.trim()).slice(0, 200);
  }
  if (res.status === 401) {
    return new ClusterError(`${where} rejected the credentials (401 Unauthorized)`, {
      hint: "the context's token or client certificate is missing, wrong or expired: log in again (kubectl auth whoami)",
    });
  }
  if (res.status === 410) {
    return new ClusterError(`${where} expired the list of ${info.plural} while paging through it (410 Gone)`, { hint: "retry" });
  }
  const path = pathAndQuery.split("?")[0];
  return new ClusterError(`${where} answered ${res.status} to GET ${path}${message ? `: ${message}` : ""}`);
}

// ---------------------------------------------------------------------------------------------
// small things

/** Map with at most `limit` calls in flight; results in input order; stops starting new calls after a failure. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
