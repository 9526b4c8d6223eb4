/** Gateway: the ports, protocols, hosts and TLS a standalone (edge) proxy listens with. */
import { Type, type Static } from "@sinclair/typebox";
import { StringMap, defineIstioKind } from "../define.js";
import { ServerTLSSettings, StringList, Struct, U32 } from "./common.js";

const ServerPort = Struct({ targetPort: U32() }, { name: Type.String(), number: U32(), protocol: Type.String() });

const Server = Struct(
  { bind: Type.String(), defaultEndpoint: Type.String(), name: Type.String(), tls: ServerTLSSettings },
  { hosts: StringList(), port: ServerPort },
);

export const GatewaySpec = Struct({ selector: StringMap(), servers: Type.Array(Server) });
export type GatewaySpec = Static<typeof GatewaySpec>;
export const Gateway = defineIstioKind("Gateway", GatewaySpec);
