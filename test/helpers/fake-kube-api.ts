/**
 * A loopback fake of the Kubernetes API server's read endpoints, for tests of the cluster source and
 * of every command that reads a cluster (analyze, compile --cluster, ...).
 *
 *   const api = await startFakeKubeApi({ objects: [svc, vs], forbidden: ["Secret"] });
 *   const kubeconfig = await writeKubeconfig({ server: api.url, token: api.token });
 *   ... loadCluster({ kubeconfig: kubeconfig.path, kinds, env: {} }) ...
 *   assert.deepEqual(api.listedKinds(), ["Service", "VirtualService"]);
 *   await api.close(); await kubeconfig.remove();
 *
 * or, in one go: `const fake = await startFakeCluster({ objects }); ... await fake.close();`
 *
 * It serves, from fixture objects given in code (GET only):
 *   /api/v1/<plural>                                   list, all namespaces (or a cluster-scoped kind)
 *   /api/v1/namespaces/<ns>/<plural>                   list in one namespace
 *   /apis/<group>/<version>/<plural>                   the same for named groups
 *   /apis/<group>/<version>/namespaces/<ns>/<plural>
 *   .../<plural>/<name>                                get one object
 * with `limit`/`continue` pagination, items without apiVersion/kind (as the real server sends them),
 * sorted by namespace and name. A kind is served at every version KINDS lists for it (the fake does
 * no conversion: an object is served as given, whatever version was asked), unless `unservedKinds` or
 * `unservedVersions` says otherwise; unknown paths answer 404 "404 page not found" as the real
 * server does for unserved group/versions. Every request is recorded in `requests`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { KINDS, splitApiVersion, type KindInfo } from "../../src/model/kinds.js";

/** A fixture object: anything with apiVersion, kind and metadata.name (namespace for namespaced kinds). */
export interface FakeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** What the server understood of one request. */
export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  /** The Authorization header as received. */
  authorization: string | undefined;
  /** Set when the path is a resource path of a kind the fake knows (even when answered 403/404). */
  kind?: string;
  group?: string;
  version?: string;
  /** The namespace of a namespaced path; undefined for all-namespaces and cluster-scoped paths. */
  namespace?: string;
  /** The object name of a get; undefined for a list. */
  name?: string;
  /** The status code answered. */
  status: number;
}

/** A canned answer from the `respond` hook. */
export type FakeReply =
  | { status: number; body?: unknown }
  /** Accept the request and never answer (for timeout tests). */
  | { hang: true }
  /** Answer normally, but only after this many milliseconds (for concurrency tests). */
  | { delayMs: number };

export interface FakeKubeApiOptions {
  objects?: readonly FakeObject[];
  /** Kinds whose requests answer 403 Forbidden (RBAC says no). */
  forbidden?: readonly string[];
  /** Kinds none of whose versions is served (CRD not installed): every version answers 404. */
  unservedKinds?: readonly string[];
  /** apiVersions ("networking.istio.io/v1", "v1") that answer 404 for every kind. */
  unservedVersions?: readonly string[];
  /** Bearer token every request must carry (401 otherwise). Default "fake-token"; false: no check. */
  token?: string | false;
  /** Largest page the server returns, whatever `limit` asks (real servers honour limit; this forces pages). */
  maxPageSize?: number;
  /**
   * Serve https with a built-in self-signed certificate for 127.0.0.1/localhost (test-only key);
   * FakeKubeApi.caData is then its certificate for the kubeconfig's certificate-authority-data.
   */
  tls?: boolean;
  /** Kinds beyond src/model/kinds.ts's KINDS to serve. */
  extraKinds?: readonly KindInfo[];
  /**
   * Runs first for every request the fake can parse; return a reply to override the normal answer
   * (e.g. 500s, 401 for one kind, a hang), or undefined to carry on.
   */
  respond?: (request: FakeRequest) => FakeReply | undefined;
}

export interface FakeKubeApi {
  /** `http://127.0.0.1:<port>` (https with the tls option) */
  readonly url: string;
  /** With tls: the server certificate, base64 PEM (kubeconfig certificate-authority-data). */
  readonly caData: string | undefined;
  /** The token requests must carry, or undefined when not checked. */
  readonly token: string | undefined;
  /** Every request, in arrival order. */
  readonly requests: readonly FakeRequest[];
  /** The objects served; replace or edit between requests as a test needs. */
  objects: FakeObject[];
  /** The most requests the server was answering at the same moment. */
  readonly maxInFlight: number;
  /** Distinct kinds requested (list or get), sorted. */
  listedKinds(): string[];
  /** Requests for one kind. */
  requestsFor(kind: string): FakeRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = "fake-token";

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const token = options.token === false ? undefined : options.token ?? DEFAULT_TOKEN;
  const kinds = [...KINDS, ...(options.extraKinds ?? [])];
  const byGroupPlural = new Map<string, KindInfo>(kinds.map((k) => [`${k.group}/${k.plural}`, k]));
  const requests: FakeRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;

  const api: FakeKubeApi = {
    url: "",
    caData: options.tls ? Buffer.from(FAKE_TLS.cert).toString("base64") : undefined,
    token,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    objects: [...(options.objects ?? [])],
    listedKinds: () => [...new Set(requests.flatMap((r) => (r.kind ? [r.kind] : [])))].sort(),
    requestsFor: (kind) => requests.filter((r) => r.kind === kind),
    clearRequests: () => void requests.splice(0),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);

    const url = new URL(req.url ?? "/", "http://fake");
    const request: FakeRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, status: 0 };
    requests.push(request);
    const target = parsePath(url.pathname, byGroupPlural);
    if (target) Object.assign(request, target.request);

    const override = options.respond?.(request);
    if (!override) return serve(req, res, url, request, target);
    if ("hang" in override) {
      request.status = -1;
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
    } else if ("delayMs" in override) {
      setTimeout(() => {
        if (!res.destroyed) serve(req, res, url, request, target);
      }, override.delayMs);
    } else {
      sendTo(res, request, override.status, override.body ?? status(override.status, "overridden by the test"));
    }
  };
  const server = options.tls ? https.createServer({ key: FAKE_TLS.key, cert: FAKE_TLS.cert }, handler) : http.createServer(handler);

  /** The normal answer: auth, routing, RBAC, then the objects. */
  const serve = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, request: FakeRequest, target: ParsedPath | undefined): void => {
    const send = (code: number, body: unknown) => sendTo(res, request, code, body);
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      send(401, status(401, "Unauthorized", "Unauthorized"));
      return;
    }
    if (request.method !== "GET") {
      send(405, status(405, `method ${request.method} not supported by the fake`, "MethodNotAllowed"));
      return;
    }
    if (!target || !target.info) {
      send(404, "404 page not found\n");
      return;
    }
    const { info } = target;
    const apiVersion = info.group === "" ? target.version : `${info.group}/${target.version}`;
    const served =
      info.versions.includes(target.version) &&
      !(options.unservedKinds ?? []).includes(info.kind) &&
      !(options.unservedVersions ?? []).includes(apiVersion) &&
      // cluster-scoped kinds have no namespaced path
      (info.namespaced || request.namespace === undefined);
    if (!served) {
      send(404, "404 page not found\n");
      return;
    }
    if ((options.forbidden ?? []).includes(info.kind)) {
      const where = request.namespace !== undefined ? ` in the namespace "${request.namespace}"` : " at the cluster scope";
      send(403, {
        ...status(403, `${info.plural} is forbidden: User "fake" cannot ${request.name ? "get" : "list"} resource "${info.plural}" in API group "${info.group}"${where}`, "Forbidden"),
        details: { group: info.group, kind: info.plural },
      });
      return;
    }

    const matching = api.objects
      .filter((o) => o.kind === info.kind && splitApiVersion(o.apiVersion).group === info.group)
      .filter((o) => request.namespace === undefined || (o.metadata.namespace ?? "default") === request.namespace)
      .sort((a, b) => key(a).localeCompare(key(b)));

    if (request.name !== undefined) {
      const found = matching.find((o) => o.metadata.name === request.name);
      if (found) send(200, { ...found, apiVersion });
      else send(404, { ...status(404, `${info.plural} "${request.name}" not found`, "NotFound"), details: { name: request.name, group: info.group, kind: info.plural } });
      return;
    }

    let offset = 0;
    const cont = url.searchParams.get("continue");
    if (cont) {
      const parsed = Number(Buffer.from(cont, "base64url").toString("utf8"));
      if (!Number.isInteger(parsed) || parsed < 0) {
        send(400, status(400, "continue key is not valid", "BadRequest"));
        return;
      }
      offset = parsed;
    }
    const limitParam = Number(url.searchParams.get("limit") ?? "0");
    let pageSize = Number.isInteger(limitParam) && limitParam > 0 ? limitParam : Infinity;
    if (options.maxPageSize !== undefined) pageSize = Math.min(pageSize, options.maxPageSize);
    const page = matching.slice(offset, offset + pageSize);
    const end = offset + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: "1000" };
    if (end < matching.length) {
      metadata.continue = Buffer.from(String(end)).toString("base64url");
      metadata.remainingItemCount = matching.length - end;
    }
    send(200, {
      kind: `${info.kind}List`,
      apiVersion,
      metadata,
      // list items come without apiVersion and kind, as from a real server
      items: page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  (api as { url: string }).url = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return api;
}

/**
 * Self-signed, for 127.0.0.1 and localhost, valid 2020–2120. A test-only key: never trust it anywhere.
 */
export const FAKE_TLS = {
  cert: `-----BEGIN CERTIFICATE-----
MIIBbzCCARWgAwIBAgIUL24nPfmJfz6tyUnEvCTjZKtyPhkwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTbWVzaGMtZmFrZS1rdWJlLWFwaTAgFw0yMDAxMDEwMDAwMDBa
GA8yMTIwMDEwMTAwMDAwMFowHjEcMBoGA1UEAwwTbWVzaGMtZmFrZS1rdWJlLWFw
aTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABB/wMhNveXGVrJXRp0DqoIlQxnGp
XFtzCOD7DdtUYMF94Xzx2ecsH9O6nKOStcFXdRvukpI4Xjue7gHBWkPGyc+jLzAt
MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0gAMEUCIQDx6OMh6joDJuQPgfTXyKZfFL6ghV92SyHNbCtdiM99
fAIgebL0iGAz5gO+KpTD3TRXXTlRZi95v16u2KM7jYJg4ZY=
-----END CERTIFICATE-----
`,
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglTVriscSLF73lb+0
CIQXGI/jlLOIdGit5DnXJzLWPXKhRANCAAQf8DITb3lxlayV0adA6qCJUMZxqVxb
cwjg+w3bVGDBfeF88dnnLB/TupyjkrXBV3Ub7pKSOF47nu4BwVpDxsnP
-----END PRIVATE KEY-----
`,
} as const;

function sendTo(res: http.ServerResponse, request: FakeRequest, code: number, body: unknown): void {
  request.status = code;
  if (typeof body === "string") {
    res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(body);
  } else {
    res.writeHead(code, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

function key(o: FakeObject): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

function status(code: number, message: string, reason?: string) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, ...(reason ? { reason } : {}), code };
}

interface ParsedPath {
  info: KindInfo | undefined;
  version: string;
  request: Pick<FakeRequest, "kind" | "group" | "version" | "namespace" | "name">;
}

function parsePath(pathname: string, byGroupPlural: Map<string, KindInfo>): ParsedPath | undefined {
  const segs = pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (segs[0] === "api" && segs.length >= 3) {
    group = "";
    rest = segs.slice(1);
  } else if (segs[0] === "apis" && segs.length >= 4) {
    group = segs[1]!;
    rest = segs.slice(2);
  } else return undefined;
  const [version, ...r] = rest as [string, ...string[]];
  let namespace: string | undefined;
  let plural: string;
  let name: string | undefined;
  if (r.length >= 3 && r[0] === "namespaces") {
    // namespaces/<ns>/<plural>[/<name>]
    if (r.length > 4) return undefined;
    namespace = r[1];
    plural = r[2]!;
    name = r[3];
  } else if (r.length === 1 || r.length === 2) {
    plural = r[0]!;
    name = r[1];
  } else return undefined;
  const info = byGroupPlural.get(`${group}/${plural}`);
  return {
    info,
    version,
    request: { ...(info ? { kind: info.kind } : {}), group, version, ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// kubeconfig

export interface KubeconfigContext {
  name: string;
  /** The context's default namespace. */
  namespace?: string;
  /** Default: the `server` option. */
  server?: string;
  /** Bearer token of the context's user; default: the `token` option; null: a user with no credentials. */
  token?: string | null;
  /** Extra cluster fields (e.g. `{"insecure-skip-tls-verify": true}`). */
  cluster?: Record<string, unknown>;
}

export interface KubeconfigOptions {
  /** The API server URL (e.g. FakeKubeApi.url). */
  server: string;
  /** Bearer token for every user. Default "fake-token". */
  token?: string;
  /** certificate-authority-data for every cluster (FakeKubeApi.caData for a tls fake). */
  caData?: string;
  /** Default: one context named "fake" with no namespace. Each gets its own cluster and user entry. */
  contexts?: readonly KubeconfigContext[];
  /** Default: the first context; null writes no current-context. */
  currentContext?: string | null;
  /** Directory to write into; default: a new temporary directory (removed by remove()). */
  dir?: string;
  /** File name inside dir; default "config". */
  fileName?: string;
}

export interface KubeconfigFile {
  path: string;
  dir: string;
  /** Deletes the file, and the directory when it was created here. */
  remove(): Promise<void>;
}

/** Build the kubeconfig document (a plain object, as kubectl writes it). */
export function kubeconfigDocument(options: KubeconfigOptions): Record<string, unknown> {
  const contexts = options.contexts ?? [{ name: "fake" }];
  const current = options.currentContext === undefined ? contexts[0]?.name : options.currentContext;
  return {
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: {
        server: c.server ?? options.server,
        ...(options.caData !== undefined ? { "certificate-authority-data": options.caData } : {}),
        ...c.cluster,
      },
    })),
    users: contexts.map((c) => {
      const token = c.token === undefined ? options.token ?? DEFAULT_TOKEN : c.token;
      return { name: `${c.name}-user`, user: token === null ? {} : { token } };
    }),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace !== undefined ? { namespace: c.namespace } : {}) },
    })),
    ...(current !== null && current !== undefined ? { "current-context": current } : {}),
  };
}

/** Write a real kubeconfig (YAML) file. */
export async function writeKubeconfig(options: KubeconfigOptions): Promise<KubeconfigFile> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), "meshc-kubeconfig-")));
  const file = path.join(dir, options.fileName ?? "config");
  await writeFile(file, stringify(kubeconfigDocument(options)), { mode: 0o600 });
  return {
    path: file,
    dir,
    remove: () => (ownDir ? rm(dir, { recursive: true, force: true }) : rm(file, { force: true })),
  };
}

export interface FakeCluster {
  api: FakeKubeApi;
  kubeconfig: KubeconfigFile;
  close(): Promise<void>;
}

/** Start a fake API server and write a kubeconfig pointing at it (token matching). */
export async function startFakeCluster(
  options: FakeKubeApiOptions & { contexts?: readonly KubeconfigContext[]; currentContext?: string | null } = {},
): Promise<FakeCluster> {
  const { contexts, currentContext, ...apiOptions } = options;
  const api = await startFakeKubeApi(apiOptions);
  const kubeconfig = await writeKubeconfig({
    server: api.url,
    ...(api.token !== undefined ? { token: api.token } : {}),
    ...(api.caData !== undefined ? { caData: api.caData } : {}),
    ...(contexts ? { contexts } : {}),
    ...(currentContext !== undefined ? { currentContext } : {}),
  });
  return {
    api,
    kubeconfig,
    close: async () => {
      await api.close();
      await kubeconfig.remove();
    },
  };
}
