/** ProxyConfig: per-workload or per-namespace proxy settings (concurrency, env, image flavour). */
import { Type, type Static } from "@sinclair/typebox";
import { Int32, defineIstioKind } from "../define.js";
import { MatchLabelsSelector, Struct } from "./common.js";

export const ProxyConfigSpec = Struct({
  concurrency: Int32({ minimum: 0, nullable: true }),
  environmentVariables: Type.Record(Type.String(), Type.String({ maxLength: 2048 })),
  image: Struct({ imageType: Type.String() }),
  selector: MatchLabelsSelector,
});
export type ProxyConfigSpec = Static<typeof ProxyConfigSpec>;
export const ProxyConfig = defineIstioKind("ProxyConfig", ProxyConfigSpec);
