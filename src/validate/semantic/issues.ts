/** A small collector for semantic issues, so rules read as a list of findings. */
import type { SemanticIssue } from "./types.js";

export type Path = (string | number)[];

export class IssueList {
  readonly items: SemanticIssue[] = [];
  error(path: Path, message: string | undefined): void {
    if (message) this.items.push({ path, message, level: "error" });
  }
  warn(path: Path, message: string | undefined): void {
    if (message) this.items.push({ path, message, level: "warning" });
  }
  /** Add every message of a helper that returns several, all at one level. */
  errors(path: Path, messages: (string | undefined)[]): void {
    for (const m of messages) this.error(path, m);
  }
}

export const isObj = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
export const arr = <T = any>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const entries = (v: unknown): [string, any][] => (isObj(v) ? Object.entries(v) : []);
/** Protobuf semantics: unset, empty string, 0 and false all read as "not set". */
export const isSet = (v: unknown) => v !== undefined && v !== null && v !== "" && v !== 0 && v !== false;
