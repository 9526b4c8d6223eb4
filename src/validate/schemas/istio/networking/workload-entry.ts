/** WorkloadEntry: a single non-Kubernetes workload (VM, bare metal) with its address, ports and labels. */
import type { Static } from "@sinclair/typebox";
import { defineIstioKind } from "../define.js";
import { WorkloadEntryShape } from "./common.js";

export const WorkloadEntrySpec = WorkloadEntryShape(true);
export type WorkloadEntrySpec = Static<typeof WorkloadEntrySpec>;
export const WorkloadEntry = defineIstioKind("WorkloadEntry", WorkloadEntrySpec);
