/**
 * Generates the typed Envoy v3 API used by the compiler into src/gen/envoy/ (git-ignored):
 *
 *   - ts-proto types and binary codecs for the closure of the Envoy protos meshc emits or reads
 *     (resources, the stock extensions istiod uses, admin config dumps, DiscoveryResponse), plus
 *     the Istio-only extension schemas of src/envoy-protos/istio/;
 *   - `_registry.ts`: full message name → ts-proto codec, with a type map for typed helpers;
 *   - `_descriptors.ts`: the gzipped FileDescriptorSet, read by src/compile/envoy at run time to
 *     write and strictly parse canonical proto3 JSON with @bufbuild/protobuf.
 *
 * Protos come from the npm package @grpc/grpc-js-xds (deps/envoy-api, deps/xds, deps/googleapis,
 * deps/protoc-gen-validate); `buf` from @bufbuild/buf drives ts-proto, with no network and no protoc.
 * The bundled validate.proto lacks StringRules.ignore_empty, which one Envoy file uses, so a patched
 * copy lives in a temporary workspace under os.tmpdir() that is removed afterwards.
 *
 * Run: `node --import tsx build/gen-envoy.ts` (prints one summary line), or import
 * generateEnvoyTypes(root) from the build script.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type DescriptorProto } from "@bufbuild/protobuf/wkt";

const run = promisify(execFile);

/** The Envoy API files meshc needs; their imports are pulled in by buf. Paths are relative to deps/. */
export const ENVOY_TARGETS: readonly string[] = [
  // resources, bootstrap, discovery and admin
  "envoy-api/envoy/config/bootstrap/v3/bootstrap.proto",
  "envoy-api/envoy/config/listener/v3/listener.proto",
  "envoy-api/envoy/config/route/v3/route.proto",
  "envoy-api/envoy/config/cluster/v3/cluster.proto",
  "envoy-api/envoy/config/endpoint/v3/endpoint.proto",
  "envoy-api/envoy/extensions/transport_sockets/tls/v3/tls.proto",
  "envoy-api/envoy/extensions/transport_sockets/tls/v3/secret.proto",
  "envoy-api/envoy/service/discovery/v3/discovery.proto",
  "envoy-api/envoy/admin/v3/config_dump.proto",
  "envoy-api/envoy/admin/v3/config_dump_shared.proto",
  // stats sinks and tracers
  "envoy-api/envoy/config/metrics/v3/metrics_service.proto",
  "envoy-api/envoy/config/metrics/v3/stats.proto",
  "envoy-api/envoy/config/trace/v3/datadog.proto",
  "envoy-api/envoy/config/trace/v3/opentelemetry.proto",
  "envoy-api/envoy/config/trace/v3/zipkin.proto",
  "envoy-api/envoy/extensions/tracers/opentelemetry/resource_detectors/v3/environment_resource_detector.proto",
  // access loggers
  "envoy-api/envoy/extensions/access_loggers/file/v3/file.proto",
  "envoy-api/envoy/extensions/access_loggers/stream/v3/stream.proto",
  "envoy-api/envoy/extensions/access_loggers/grpc/v3/als.proto",
  // HTTP filters
  "envoy-api/envoy/extensions/filters/http/router/v3/router.proto",
  "envoy-api/envoy/extensions/filters/http/rbac/v3/rbac.proto",
  "envoy-api/envoy/extensions/filters/http/jwt_authn/v3/config.proto",
  "envoy-api/envoy/extensions/filters/http/ext_authz/v3/ext_authz.proto",
  "envoy-api/envoy/extensions/filters/http/ext_proc/v3/ext_proc.proto",
  "envoy-api/envoy/extensions/filters/http/fault/v3/fault.proto",
  "envoy-api/envoy/extensions/filters/http/cors/v3/cors.proto",
  "envoy-api/envoy/extensions/filters/http/grpc_stats/v3/config.proto",
  "envoy-api/envoy/extensions/filters/http/grpc_web/v3/grpc_web.proto",
  "envoy-api/envoy/extensions/filters/http/compressor/v3/compressor.proto",
  "envoy-api/envoy/extensions/filters/http/header_mutation/v3/header_mutation.proto",
  "envoy-api/envoy/extensions/filters/http/lua/v3/lua.proto",
  "envoy-api/envoy/extensions/filters/http/wasm/v3/wasm.proto",
  "envoy-api/envoy/extensions/filters/http/set_filter_state/v3/set_filter_state.proto",
  "envoy-api/envoy/extensions/filters/http/stateful_session/v3/stateful_session.proto",
  "envoy-api/envoy/extensions/filters/http/dynamic_forward_proxy/v3/dynamic_forward_proxy.proto",
  // network filters
  "envoy-api/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy-api/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto",
  "envoy-api/envoy/extensions/filters/network/rbac/v3/rbac.proto",
  "envoy-api/envoy/extensions/filters/network/ext_authz/v3/ext_authz.proto",
  "envoy-api/envoy/extensions/filters/network/mongo_proxy/v3/mongo_proxy.proto",
  "envoy-api/envoy/extensions/filters/network/redis_proxy/v3/redis_proxy.proto",
  "envoy-api/envoy/extensions/filters/network/set_filter_state/v3/set_filter_state.proto",
  "envoy-api/envoy/extensions/filters/network/sni_dynamic_forward_proxy/v3/sni_dynamic_forward_proxy.proto",
  // listener filters
  "envoy-api/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto",
  "envoy-api/envoy/extensions/filters/listener/original_dst/v3/original_dst.proto",
  "envoy-api/envoy/extensions/filters/listener/http_inspector/v3/http_inspector.proto",
  "envoy-api/envoy/extensions/filters/listener/original_src/v3/original_src.proto",
  "envoy-api/envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol.proto",
  // transport sockets, upstreams, clusters and the rest istiod emits
  "envoy-api/envoy/extensions/transport_sockets/raw_buffer/v3/raw_buffer.proto",
  "envoy-api/envoy/extensions/transport_sockets/internal_upstream/v3/internal_upstream.proto",
  "envoy-api/envoy/extensions/transport_sockets/proxy_protocol/v3/upstream_proxy_protocol.proto",
  "envoy-api/envoy/extensions/transport_sockets/quic/v3/quic_transport.proto",
  "envoy-api/envoy/extensions/upstreams/http/v3/http_protocol_options.proto",
  "envoy-api/envoy/extensions/clusters/dynamic_forward_proxy/v3/cluster.proto",
  "envoy-api/envoy/extensions/load_balancing_policies/round_robin/v3/round_robin.proto",
  "envoy-api/envoy/extensions/network/dns_resolver/cares/v3/cares_dns_resolver.proto",
  "envoy-api/envoy/extensions/request_id/uuid/v3/uuid.proto",
  "envoy-api/envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.proto",
  "envoy-api/envoy/extensions/retry/priority/previous_priorities/v3/previous_priorities_config.proto",
  "envoy-api/envoy/extensions/http/header_formatters/preserve_case/v3/preserve_case.proto",
  "envoy-api/envoy/extensions/bootstrap/internal_listener/v3/internal_listener.proto",
  "envoy-api/envoy/extensions/resource_monitors/downstream_connections/v3/downstream_connections.proto",
  "envoy-api/envoy/extensions/compression/brotli/compressor/v3/brotli.proto",
  "envoy-api/envoy/extensions/compression/gzip/compressor/v3/gzip.proto",
  "envoy-api/envoy/extensions/compression/zstd/compressor/v3/zstd.proto",
  // TypedStruct (both generations) and the well-known types that can be packed in an Any
  "xds/udpa/type/v1/typed_struct.proto",
  "xds/xds/type/v3/typed_struct.proto",
  "google/protobuf/wrappers.proto",
  "google/protobuf/struct.proto",
  "google/protobuf/duration.proto",
  "google/protobuf/timestamp.proto",
  "google/protobuf/empty.proto",
  "google/protobuf/any.proto",
];

/** ts-proto options; why each is chosen is in src/compile/envoy/index.ts. */
const TS_PROTO_OPTIONS = [
  "esModuleInterop=true",
  "importSuffix=.js",
  "useOptionals=all",
  "useDate=false",
  "unrecognizedEnum=false",
  "outputJsonMethods=false",
  "outputPartialMethods=false",
  "outputServices=false",
  "outputClientImpl=false",
  "exportCommonSymbols=false",
  "annotateFilesWithVersion=false",
];

const ISTIO_MODULE = "meshc"; // workspace folder name for src/envoy-protos

/** Regenerates src/gen/envoy under `root` (the repository root). Prints nothing; throws on failure. */
export async function generateEnvoyTypes(root: string): Promise<void> {
  await generate(root);
}

interface GenerateStats { files: number; bytes: number; ms: number }

async function generate(root: string): Promise<GenerateStats> {
  const t0 = performance.now();
  const req = createRequire(join(root, "package.json"));
  const pkgDir = (name: string): string => dirname(req.resolve(`${name}/package.json`));
  const deps = join(pkgDir("@grpc/grpc-js-xds"), "deps");
  const bufCli = join(pkgDir("@bufbuild/buf"), "bin", "buf");
  const tsProtoPlugin = join(pkgDir("ts-proto"), "protoc-gen-ts_proto");
  const outDir = join(root, "src", "gen", "envoy");
  const istioDir = join(root, "src", "envoy-protos", "istio");

  const work = await mkdtemp(join(tmpdir(), "meshc-gen-envoy-"));
  try {
    // A buf workspace: one module per proto root, validate.proto patched in a copy.
    for (const [name, target] of [["envoy-api", "envoy-api"], ["xds", "xds"], ["googleapis", "googleapis"]] as const) {
      await symlink(join(deps, target), join(work, name), "junction");
    }
    await mkdir(join(work, "pgv", "validate"), { recursive: true });
    const validate = await readFile(join(deps, "protoc-gen-validate", "validate", "validate.proto"), "utf8");
    await writeFile(join(work, "pgv", "validate", "validate.proto"), patchValidate(validate));
    await symlink(dirname(istioDir), join(work, ISTIO_MODULE), "junction");
    const istioTargets = (await readdir(istioDir)).filter((f) => f.endsWith(".proto")).sort()
      .map((f) => `${ISTIO_MODULE}/istio/${f}`);

    const modules = ["envoy-api", "xds", "googleapis", "pgv", ISTIO_MODULE];
    await writeFile(join(work, "buf.yaml"), JSON.stringify({ version: "v2", modules: modules.map((path) => ({ path })) }));
    await writeFile(join(work, "buf.gen.yaml"), JSON.stringify({
      version: "v2",
      plugins: [{
        local: [process.execPath, tsProtoPlugin],
        out: "out",
        strategy: "all",
        include_imports: true,
        include_wkt: true,
        opt: TS_PROTO_OPTIONS,
      }],
    }));

    // Well-known types ship inside buf and are generated when imported (include_wkt); listing
    // them in ENVOY_TARGETS makes the run fail if one stops being generated.
    const paths = [...ENVOY_TARGETS.filter((p) => !p.startsWith("google/protobuf/")), ...istioTargets];
    const wkt = ENVOY_TARGETS.filter((p) => p.startsWith("google/protobuf/"));
    const pathArgs = paths.flatMap((p) => ["--path", p]);
    const buf = (args: string[]) => run(process.execPath, [bufCli, ...args], { cwd: work, maxBuffer: 64 << 20 })
      .catch((err: { stderr?: string; message: string }) => {
        throw new Error(`gen-envoy: buf ${args[0]} failed:\n${err.stderr || err.message}`);
      });
    await Promise.all([
      buf(["generate", ...pathArgs]),
      buf(["build", ...pathArgs, "--exclude-source-info", "-o", "image.binpb"]),
    ]);

    const out = join(work, "out");
    const image = await readFile(join(work, "image.binpb"));
    const set = fromBinary(FileDescriptorSetSchema, image);
    const generated = await listTs(out);

    // Keep only the TS files reachable from the targets (drops annotation-only files such as
    // validate.proto and descriptor.proto, which no message type uses).
    const tsOf = (proto: string) => proto.replace(/\.proto$/, ".ts");
    const rootTs = [
      ...paths.map((p) => tsOf(p.slice(p.indexOf("/") + 1))),
      ...wkt.map(tsOf),
    ];
    const keep = await reachable(out, rootTs, generated);
    for (const f of generated) if (!keep.has(f)) await rm(join(out, f));
    await removeEmptyDirs(out);

    const registry = buildRegistry(set.file.filter((f) => keep.has(tsOf(f.name))), out);
    await writeFile(join(out, "_registry.ts"), await registry);
    // Files without generated TS (validate, descriptor.proto, annotations) stay as imports, emptied,
    // so the run-time registry knows exactly the types that have codecs.
    for (const file of set.file) {
      if (keep.has(tsOf(file.name))) continue;
      file.messageType = [];
      file.enumType = [];
      file.extension = [];
      file.service = [];
      file.options = undefined;
    }
    await writeFile(join(out, "_descriptors.ts"), descriptorsModule(toBinary(FileDescriptorSetSchema, set)));

    // Copy next to the target, then swap, so a failed run leaves the previous output in place.
    const staging = `${outDir}.partial-${process.pid}`;
    await mkdir(dirname(outDir), { recursive: true });
    await rm(staging, { recursive: true, force: true });
    await cp(out, staging, { recursive: true });
    await rm(outDir, { recursive: true, force: true });
    await rename(staging, outDir);
    const files = await listTs(outDir);
    let bytes = 0;
    for (const f of files) bytes += (await stat(join(outDir, f))).size;
    return { files: files.length, bytes, ms: performance.now() - t0 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Adds `optional bool ignore_empty = 26;` to validate.StringRules unless it is already there. */
export function patchValidate(text: string): string {
  const start = text.indexOf("message StringRules {");
  if (start < 0) throw new Error("gen-envoy: validate.proto has no StringRules message");
  const anchor = "optional bool strict = 25 [default = true];";
  const at = text.indexOf(anchor, start);
  const end = text.indexOf("\n}", start);
  if (/\bignore_empty\b/.test(text.slice(start, end))) return text;
  if (at < 0 || at > end) throw new Error("gen-envoy: cannot find where to add StringRules.ignore_empty");
  const cut = at + anchor.length;
  return `${text.slice(0, cut)}\n  // added by meshc's gen-envoy (present upstream, missing in this copy)\n  optional bool ignore_empty = 26;${text.slice(cut)}`;
}

async function listTs(dir: string, prefix = ""): Promise<string[]> {
  const result: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) result.push(...await listTs(dir, rel));
    else if (entry.name.endsWith(".ts")) result.push(rel);
  }
  return result.sort();
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let empty = true;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && await removeEmptyDirs(join(dir, entry.name))) await rm(join(dir, entry.name), { recursive: true });
    else empty = false;
  }
  return empty;
}

async function reachable(dir: string, roots: string[], all: string[]): Promise<Set<string>> {
  const known = new Set(all);
  const seen = new Set<string>();
  const queue = roots.filter((r) => {
    if (!known.has(r)) throw new Error(`gen-envoy: ts-proto produced no ${r}`);
    return true;
  });
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(join(dir, file), "utf8");
    for (const m of text.matchAll(/from "(\.{1,2}\/[^"]+)\.js";/g)) {
      const target = relative(dir, resolve(dir, dirname(file), `${m[1]}.ts`)).split(sep).join("/");
      if (known.has(target)) queue.push(target);
    }
  }
  return seen;
}

interface RegistryEntry { fullName: string; tsName: string; module: number }

async function buildRegistry(files: ReturnType<typeof fromBinary<typeof FileDescriptorSetSchema>>["file"], out: string): Promise<string> {
  const modules: string[] = [];
  const entries: RegistryEntry[] = [];
  const istio: string[] = [];
  const missing: string[] = [];
  for (const file of files) {
    const ts = file.name.replace(/\.proto$/, ".ts");
    const text = await readFile(join(out, ts), "utf8");
    const module = modules.push(ts.replace(/\.ts$/, ".js")) - 1;
    const visit = (msg: DescriptorProto, scope: string, tsScope: string) => {
      if (msg.options?.mapEntry) return;
      const fullName = `${scope}.${msg.name}`;
      const tsName = tsScope ? `${tsScope}_${msg.name}` : msg.name;
      if (!text.includes(`export const ${tsName}: MessageFns<`)) missing.push(`${fullName} (${tsName} in ${ts})`);
      entries.push({ fullName, tsName, module });
      if (file.name.startsWith("istio/")) istio.push(fullName);
      for (const nested of msg.nestedType) visit(nested, fullName, tsName);
    };
    for (const msg of file.messageType) visit(msg, file.package, "");
  }
  if (missing.length > 0) throw new Error(`gen-envoy: ts-proto exports not found for:\n  ${missing.join("\n  ")}`);
  entries.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
  const lines = [
    "// Code generated by build/gen-envoy.ts. DO NOT EDIT.",
    "// Every message type of src/gen/envoy by full protobuf name: its ts-proto type and binary codec.",
    "",
    ...modules.map((m, i) => `import * as m${i} from "./${m}";`),
    "",
    "/** Full protobuf message name → ts-proto interface. */",
    "export interface EnvoyMessages {",
    ...entries.map((e) => `  ${JSON.stringify(e.fullName)}: m${e.module}.${e.tsName};`),
    "}",
    "",
    "/** The part of a ts-proto message object used by the JSON codec. */",
    "export interface MessageCodec<T> {",
    "  encode(message: T): { finish(): Uint8Array };",
    "  decode(input: Uint8Array): T;",
    "}",
    "",
    "export const messageCodecs: { readonly [K in keyof EnvoyMessages]: MessageCodec<EnvoyMessages[K]> } = {",
    ...entries.map((e) => `  ${JSON.stringify(e.fullName)}: m${e.module}.${e.tsName},`),
    "};",
    "",
    "/** Messages defined by meshc's own protos for istio-proxy-only extensions (src/envoy-protos/istio). */",
    `export const istioOnlyMessages: readonly string[] = ${JSON.stringify(istio.sort())};`,
    "",
  ];
  return lines.join("\n");
}

function descriptorsModule(image: Uint8Array): string {
  const packed = gzipSync(image, { level: 9 }).toString("base64");
  return [
    "// Code generated by build/gen-envoy.ts. DO NOT EDIT.",
    "// google.protobuf.FileDescriptorSet (no source info) of every file in src/gen/envoy and its imports,",
    "// gzipped and base64-encoded; Istio-only files are the ones named istio/*.",
    `export const FILE_DESCRIPTOR_SET_GZ_BASE64 =\n  "${packed}";`,
    "",
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  generate(root).then(
    ({ files, bytes, ms }) => {
      const where = relative(process.cwd(), join(root, "src", "gen", "envoy")) || ".";
      process.stdout.write(`gen-envoy: ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${where} (${(ms / 1000).toFixed(1)} s)\n`);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
