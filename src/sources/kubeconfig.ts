/**
 * Kubeconfig reading for the cluster source: which files (--kubeconfig, KUBECONFIG, ~/.kube/config),
 * merged as kubectl merges them. Types only from @kubernetes/client-node: the caller passes the class,
 * so importing this module loads nothing heavy.
 */
import path from "node:path";
import fs from "node:fs";
import type { Cluster, Context, KubeConfig, User } from "@kubernetes/client-node";
import { ClusterError } from "../errors.js";

export type KubeConfigClass = new () => KubeConfig;

export const ANONYMOUS_USER = "meshc:anonymous";

/** --kubeconfig, else KUBECONFIG (merged as kubectl merges), else ~/.kube/config. */
export function loadKubeconfig(KubeConfigCtor: KubeConfigClass, options: { kubeconfig?: string }, env: Record<string, string | undefined>): KubeConfig {
  let files: string[];
  if (options.kubeconfig) {
    if (!fs.existsSync(options.kubeconfig)) throw new ClusterError(`kubeconfig file ${options.kubeconfig} does not exist`, { hint: "check the --kubeconfig path" });
    files = [options.kubeconfig];
  } else if (env.KUBECONFIG) {
    // kubectl skips entries that do not exist.
    files = env.KUBECONFIG.split(path.delimiter).filter((f) => f !== "" && fs.existsSync(f));
    if (files.length === 0) {
      throw new ClusterError(`no kubeconfig found: none of the files in KUBECONFIG (${env.KUBECONFIG}) exists`, {
        hint: "fix KUBECONFIG, pass --kubeconfig, or analyze files instead of a cluster",
      });
    }
  } else {
    const home = homeDir(env);
    const file = home ? path.join(home, ".kube", "config") : undefined;
    if (!file || !fs.existsSync(file)) {
      throw new ClusterError(`no kubeconfig found (KUBECONFIG is not set and ${file ?? "~/.kube/config"} does not exist)`, {
        hint: "pass --kubeconfig <file>, set KUBECONFIG, or give files to read instead of a cluster",
      });
    }
    files = [file];
  }

  // kubectl's merge: the first file to define a cluster, user or context name wins, and the first
  // non-empty current-context wins. client-node's mergeConfig throws on duplicates instead.
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = "";
  for (const file of files) {
    const one = new KubeConfigCtor();
    try {
      const text = fs.readFileSync(file, "utf8");
      if (text.trim() === "") continue; // kubectl reads an empty file as an empty config
      one.loadFromString(text, { onInvalidEntry: "filter" });
      // as loadFromFile: certificate and key paths are relative to the file
      one.makePathsAbsolute(path.dirname(file));
    } catch (e) {
      throw new ClusterError(`cannot read kubeconfig ${file}: ${firstLine(errorMessage(e))}`, { cause: e });
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, forPlainHttp(c));
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const kc = new KubeConfigCtor();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return kc;
}

/**
 * client-node refuses an http:// server unless insecure-skip-tls-verify is set; kubectl does not
 * (`kubectl proxy` serves plain http). TLS verification means nothing without TLS, so say so.
 */
function forPlainHttp(cluster: Cluster): Cluster {
  return cluster.server.startsWith("http:") && !cluster.skipTLSVerify ? { ...cluster, skipTLSVerify: true } : cluster;
}

function homeDir(env: Record<string, string | undefined>): string | undefined {
  if (env.HOME) return env.HOME;
  if (process.platform === "win32") {
    if (env.USERPROFILE) return env.USERPROFILE;
    if (env.HOMEDRIVE && env.HOMEPATH) return env.HOMEDRIVE + env.HOMEPATH;
  }
  return undefined;
}

export function listContexts(contexts: readonly Context[]): string {
  return `; available contexts: ${contexts.map((c) => c.name).join(", ")}`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return i < 0 ? s : s.slice(0, i);
}
