/**
 * A ported CEL rule: looks at the value of the node it is attached to (withChecks in the schema)
 * and returns nothing when fine, or one or more messages (plain words: what is wrong, what to do).
 * A message may carry a sub-path (relative to the node) when it is about a child field.
 */
export type CheckResult = undefined | string | { message: string; path?: (string | number)[] } | Array<string | { message: string; path?: (string | number)[] }>;
export type CheckFn = (value: unknown) => CheckResult;
export type CheckTable = Record<string, CheckFn>;
