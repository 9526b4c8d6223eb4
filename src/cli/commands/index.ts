/** Every command, in help order. Each module only registers flags; its work is imported when it runs. */
import type { RegisterCommand } from "../context.js";
import { register as analyze } from "./analyze.js";
import { register as bootstrap } from "./bootstrap.js";
import { register as compile } from "./compile.js";
import { register as diff } from "./diff.js";
import { register as kubeInject } from "./kube-inject.js";
import { register as proxyConfig } from "./proxy-config.js";
import { register as simulate } from "./simulate.js";
import { register as validate } from "./validate.js";
import { register as version } from "./version.js";

export const COMMANDS: RegisterCommand[] = [validate, analyze, kubeInject, bootstrap, compile, diff, proxyConfig, simulate, version];
