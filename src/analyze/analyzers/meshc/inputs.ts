/** Kinds meshc's analyzers read to know the workloads behind a service (Pods, controller templates, WorkloadEntries). */
import { WORKLOAD_KINDS } from "../../../model/kinds.js";

export const WORKLOAD_INPUTS: readonly string[] = [...WORKLOAD_KINDS, "WorkloadEntry"];
