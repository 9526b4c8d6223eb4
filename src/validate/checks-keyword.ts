/** Annotation keyword carrying the ids of the ported CEL checks that apply at a schema node. */
export const CHECKS_KEYWORD = "x-meshc-checks";
