/** meshc simulate: send a synthetic request through a proxy's Envoy config and say where it goes. */
import { Option, type Command } from "commander";
import { collect, type CliContext } from "../context.js";
import type { ProxySourceFlags } from "./proxy-config.js";

interface Flags extends ProxySourceFlags {
  url?: string;
  header?: string[];
  method?: string;
  tls?: boolean;
  mtls?: boolean;
  sni?: string;
  alpn?: string;
  protocol?: "http" | "http2" | "tcp";
  inbound?: boolean;
  port?: string;
  address?: string;
  istio?: boolean;
  principal?: string;
  source?: string;
  output: "text" | "json" | "yaml";
  color?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("simulate")
    .description("Send a synthetic request through a proxy's Envoy config: which listener, filter chain, route and cluster it hits, with the policies applied, or why it fails")
    .argument("[workload]", "<name>.<namespace> of the workload (optional with -f)")
    .argument("[paths...]", "Istio YAML (files, folders, - for stdin) to compile the workload's proxy from (or read a config dump with -f)")
    .option("-f, --file <config_dump>", "an Envoy admin config dump (JSON); - for stdin")
    .addOption(new Option("--flavor <flavor>", "accepted extension types: auto = istio-proxy's as well, stock = upstream Envoy only").choices(["auto", "stock", "istio"]).default("auto"))
    .option("-u, --url <url>", "the request: http://host[:port]/path?query (https:// = TLS, h2c:// = HTTP/2, tcp://host:port = raw TCP)")
    .option("-H, --header <header>", "a request header 'Name: value' (repeatable)", collect)
    .option("-X, --method <method>", "HTTP method (default GET)")
    .option("--tls", "one-way TLS from the client (as https://)")
    .option("--mtls", "Istio mutual TLS from the client (as a sidecar sends)")
    .option("--sni <name>", "TLS server name (default for --tls: the host)")
    .option("--alpn <protocol>", "ALPN offered in the TLS handshake (default from the protocol)")
    .addOption(new Option("--protocol <protocol>", "override the protocol the URL implies").choices(["http", "http2", "tcp"]))
    .option("--inbound", "the call arrives at the workload (virtualInbound, port 15006 capture) instead of leaving it")
    .option("--port <port>", "destination port (default: the URL's)")
    .option("--address <ip>", "destination IP (default: the URL's host if it is an IP, else 1.3.3.7: any address without its own listener)")
    .option("--principal <spiffe>", "the caller's identity (spiffe://<trust domain>/ns/<ns>/sa/<sa>): evaluate the chain's RBAC (AuthorizationPolicy); implies --mtls on --inbound")
    .option("--source <workload>", "the calling workload <name>.<namespace> of the input (its service account's principal and its IP): evaluate RBAC; implies --mtls on --inbound")
    .option("--istio", "match routes as Istio's simulator does: path only, ignoring headers, query parameters and methods")
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json", "yaml"]).default("text"))
    .option("--color", "force colour")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Examples:
  meshc simulate -f dump.json --url http://reviews:9080/reviews/1
  meshc simulate -f dump.json --url http://reviews:9080/ -H 'end-user: jason' -X POST
  meshc simulate -f dump.json --url https://example.com/ --port 8443       through a gateway's TLS listener
  meshc simulate -f dump.json --url http://x/ --inbound --port 9080 --mtls  what the workload accepts
  meshc simulate -f dump.json --url tcp://10.96.0.1:443 -o json
  meshc simulate posts-v1.blog-app fixtures/blog-app --inbound --port 9080 --url http://posts.blog-app:9080/api/posts --source frontend.blog-app
                                                         is the caller allowed (AuthorizationPolicy)?

Exit codes: 0 the request is routed, 79 it fails (no listener, no route, mTLS required, RBAC denied...), 64 usage, 65 bad dump.`,
    )
    .action(async (workload: string | undefined, paths: string[], flags: Flags) => {
      const { runSimulate } = await import("./simulate-run.js");
      ctx.exitCode = await runSimulate(workload, paths, flags, ctx.io);
    });
}

export type { Flags as SimulateFlags };
