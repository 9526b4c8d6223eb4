/**
 * What every source produces: resources that remember where they came from, and problems found
 * while reading (as Diagnostics). Sources only read and parse; they never validate or index.
 */
import type { Diagnostic, Position } from "../diagnostic.js";
import type { KindInfo } from "../model/kinds.js";
import { locateInJson } from "./json.js";
import { LineIndex } from "./text-position.js";
import { locateInYaml, type Chunk } from "./yaml.js";

/** A file (or stdin) as read: its text is kept so positions can be recovered lazily. */
export class SourceFile {
  private lineIndex: LineIndex | undefined;
  constructor(
    /** Path as the user gave it (relative stays relative), or "-" / "<stdin>". */
    readonly name: string,
    readonly text: string,
    readonly format: "yaml" | "json",
  ) {}

  position(offset: number): Position {
    const p = (this.lineIndex ??= new LineIndex(this.text)).position(offset);
    return { file: this.name, line: p.line, column: p.column };
  }
}

export type Origin =
  | {
      type: "file";
      file: SourceFile;
      /** The YAML document (absent for JSON files, which are one document). */
      chunk?: Chunk;
      /** For items of a `kind: List`: the path of the item inside the document (["items", 3]). */
      itemPath?: (string | number)[];
    }
  | { type: "cluster"; context: string };

export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

export interface LoadedResource {
  object: KubeObject;
  info: KindInfo;
  /** The apiVersion's version part (`v1alpha3`). */
  version: string;
  origin: Origin;
  /** The cluster it was read from, in multi-cluster runs (set by whoever loads each cluster). */
  cluster?: string;
}

/** File, line and column of a field of a resource (or of the document when `path` is empty). */
export function locate(origin: Origin, path: readonly (string | number)[] = []): Position {
  if (origin.type === "cluster") return { file: `cluster:${origin.context}`, line: 0, column: 0 };
  const full = origin.itemPath ? [...origin.itemPath, ...path] : path;
  const { file, chunk } = origin;
  const offset = chunk ? locateInYaml(file.text, chunk, full) : locateInJson(file.text, full);
  return file.position(offset);
}

export interface LoadResult {
  resources: LoadedResource[];
  /** Read/parse problems (Error: the input could not be used; Warning: a document was skipped). */
  diagnostics: Diagnostic[];
}

/** Codes of the diagnostics sources produce. */
export const LOAD_CODES = {
  read: "read",
  parse: "parse",
  limit: "limit",
  notObject: "not-object",
  unknownKind: "unknown-kind",
  unknownVersion: "unknown-version",
  missingName: "missing-name",
  duplicate: "duplicate",
} as const;
