/** Formats rows as left-aligned columns under a header. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[]
): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) =>
    Math.max(...all.map((row) => (row[i] ?? '').length))
  );
  return all
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell.padEnd(widths[i]!)
        )
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}
