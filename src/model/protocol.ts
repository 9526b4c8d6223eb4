/** A port's protocol as Istio infers it from appProtocol, the port name, or the protocol field. */

export type Protocol = "HTTP" | "HTTP2" | "HTTPS" | "GRPC" | "GRPC-Web" | "TCP" | "TLS" | "UDP" | "Mongo" | "Redis" | "MySQL" | "UnsupportedProtocol";

const BY_PREFIX: Record<string, Protocol> = {
  http: "HTTP",
  http_proxy: "HTTP",
  http2: "HTTP2",
  https: "HTTPS",
  grpc: "GRPC",
  tcp: "TCP",
  tls: "TLS",
  udp: "UDP",
  mongo: "Mongo",
  redis: "Redis",
  mysql: "MySQL",
};

const APP_PROTOCOL: Record<string, Protocol> = {
  "kubernetes.io/h2c": "HTTP2",
  "kubernetes.io/ws": "HTTP",
  "kubernetes.io/wss": "HTTPS",
};

/** Parse an Istio protocol name (as in ServiceEntry/Gateway `protocol`), case-insensitively. */
export function parseProtocol(text: string | undefined): Protocol {
  if (!text) return "UnsupportedProtocol";
  const lower = text.toLowerCase();
  if (lower.startsWith("grpc-web")) return "GRPC-Web";
  return BY_PREFIX[lower] ?? "UnsupportedProtocol";
}

/** Protocol of a Kubernetes Service port: UDP, then appProtocol, then the name prefix before `-`. */
export function servicePortProtocol(port: { name?: string; protocol?: string; appProtocol?: string }): Protocol {
  if (port.protocol === "UDP") return "UDP";
  if (port.appProtocol) {
    const mapped = APP_PROTOCOL[port.appProtocol];
    if (mapped) return mapped;
    return parseProtocol(port.appProtocol);
  }
  const name = port.name ?? "";
  if (name.toLowerCase().startsWith("grpc-web")) return "GRPC-Web";
  const prefix = name.split("-")[0]!;
  return parseProtocol(prefix);
}

export function isHttpLike(p: Protocol): boolean {
  return p === "HTTP" || p === "HTTP2" || p === "GRPC" || p === "GRPC-Web";
}
