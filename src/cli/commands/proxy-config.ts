/** meshc proxy-config: the Envoy config of one proxy as istioctl proxy-config prints it. */
import { Argument, Option, type Command } from "commander";
import type { CliContext } from "../context.js";

export const PROXY_CONFIG_TYPES = ["listeners", "routes", "clusters", "endpoints", "secrets", "bootstrap", "all"] as const;
export type ProxyConfigType = (typeof PROXY_CONFIG_TYPES)[number];
/** Singular forms and istioctl's short aliases. */
export const PROXY_CONFIG_ALIASES: Record<string, ProxyConfigType> = {
  listener: "listeners", l: "listeners", route: "routes", r: "routes", cluster: "clusters", c: "clusters",
  endpoint: "endpoints", ep: "endpoints", eds: "endpoints", secret: "secrets", s: "secrets", b: "bootstrap",
};

/** Where the Envoy config comes from; shared with `meshc simulate`. */
export interface ProxySourceFlags {
  file?: string;
  flavor: "auto" | "stock" | "istio";
}

interface Flags extends ProxySourceFlags {
  output: "short" | "json" | "yaml";
  port?: string;
  address?: string;
  type?: string;
  name?: string;
  fqdn?: string;
  subset?: string;
  direction?: string;
  cluster?: string;
  status?: string;
  brief?: boolean;
  now?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("proxy-config")
    .alias("pc")
    .description("Print the Envoy listeners, routes, clusters, endpoints, secrets or bootstrap of one proxy, as istioctl proxy-config does")
    .addArgument(new Argument("<type>", "what to print").choices([...PROXY_CONFIG_TYPES, ...Object.keys(PROXY_CONFIG_ALIASES)]))
    .argument("[workload]", "<name>.<namespace> of the workload (optional with -f)")
    .argument("[paths...]", "Istio YAML (files, folders, - for stdin) to compile the workload's proxy from (or read a config dump with -f)")
    .option("-f, --file <config_dump>", "an Envoy admin config dump (JSON, as `kubectl exec … curl localhost:15000/config_dump`); - for stdin")
    .addOption(new Option("--flavor <flavor>", "accepted extension types: auto = istio-proxy's as well, stock = upstream Envoy only").choices(["auto", "stock", "istio"]).default("auto"))
    .addOption(new Option("-o, --output <format>", "output format").choices(["short", "json", "yaml"]).default("short"))
    .option("--port <port>", "listeners/endpoints: only this port; clusters: only this service port")
    .option("--address <address>", "listeners: only this bind address; endpoints: only this ip:port")
    .option("--type <type>", "listeners: only HTTP, TCP, HTTP+TCP or UNKNOWN")
    .option("--name <name>", "routes: only this route configuration")
    .option("--fqdn <fqdn>", "clusters: only names containing this FQDN")
    .option("--subset <subset>", "clusters: only this subset")
    .option("--direction <direction>", "clusters: inbound or outbound")
    .option("--cluster <cluster>", "endpoints: only this cluster")
    .option("--status <status>", "endpoints: only this health status (HEALTHY, UNHEALTHY, ...)")
    .option("--brief", "listeners and routes: one row per listener / route configuration (istioctl --verbose=false)")
    .option("--now <time>", "secrets: judge certificate validity at this time (ISO 8601; default: now)")
    .addHelpText(
      "after",
      `
Examples:
  meshc proxy-config listeners -f config_dump.json                 one row per filter chain
  meshc pc routes -f config_dump.json --name 9080                  one route configuration
  meshc pc clusters -f config_dump.json --fqdn reviews --direction outbound
  meshc pc endpoints -f config_dump.json --cluster "outbound|9080||reviews.default.svc.cluster.local"
  meshc pc all -f config_dump.json -o json                         the whole dump, re-printed
  kubectl exec deploy/reviews -c istio-proxy -- curl -s localhost:15000/config_dump | meshc pc secrets -f -

The dump is parsed strictly (unknown fields and @types are errors). JSON/YAML output uses Envoy's
field names (snake_case, as the admin API prints them). Exit codes: 0 ok, 64 usage, 65 unreadable dump.`,
    )
    .action(async (type: string, workload: string | undefined, paths: string[], flags: Flags) => {
      const { runProxyConfig } = await import("./proxy-config-run.js");
      ctx.exitCode = await runProxyConfig(PROXY_CONFIG_ALIASES[type] ?? (type as ProxyConfigType), workload, paths, flags, ctx.io);
    });
}

export type { Flags as ProxyConfigFlags };
