/** A finding about the user's resources: a value, never an exception. */

export type Level = "Error" | "Warning" | "Info";

export interface Position {
  file: string;
  /** 1-based; 0 when unknown (e.g. a cluster resource). */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
}

export interface ResourceRef {
  kind: string;
  namespace?: string;
  name: string;
  apiVersion?: string;
}

export interface Diagnostic {
  /** A stable code: IST0101, MSH0001, or a validation code such as `schema` / `semantic`. */
  code: string;
  level: Level;
  message: string;
  resource?: ResourceRef;
  /** Field path inside the resource, dotted with [i] indexes: `spec.http[0].route[1].destination.subset`. */
  path?: string;
  origin?: Position;
}

const LEVEL_RANK: Record<Level, number> = { Error: 3, Warning: 2, Info: 1 };

export function levelAtLeast(level: Level, threshold: Level): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}

/** `spec.http[0].route` from ["spec","http",0,"route"]. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Inverse of formatPath. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
