/** Offset → 1-based line/column, with the line table built lazily (only files with findings pay for it). */
export class LineIndex {
  private starts: Uint32Array | undefined;
  constructor(private readonly text: string) {}

  private build(): Uint32Array {
    const starts: number[] = [0];
    const t = this.text;
    let i = t.indexOf("\n");
    while (i !== -1) {
      starts.push(i + 1);
      i = t.indexOf("\n", i + 1);
    }
    return Uint32Array.from(starts);
  }

  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}
