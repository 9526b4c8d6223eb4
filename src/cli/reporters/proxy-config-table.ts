/**
 * Aligned text tables as istioctl prints them with Go's text/tabwriter: every cell but the last
 * of a row is padded to its column's widest cell plus `padding` spaces; trailing blanks are cut.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], padding: number): string {
  const all = [header, ...rows];
  const widths: number[] = [];
  for (const row of all) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i]! - width(cell) + padding)))
        .join("")
        .replace(/\s+$/, ""),
    )
    .join("\n") + "\n";
}

/** Display width: code points (tables hold names and addresses, no wide characters). */
function width(text: string): number {
  return [...text].length;
}
