/** Sensors on a square grid of cells, to find those within a radius quickly. */
export type SensorGrid = {
  readonly cell: number;
  readonly cells: Map<string, number[]>;
  readonly east: Float64Array;
  readonly north: Float64Array;
};

function key(i: number, j: number): string {
  return `${i},${j}`;
}

/** Indexes sensors by horizontal position; `cell` is the cell size in metres. */
export function buildSensorGrid(
  east: Float64Array,
  north: Float64Array,
  cell: number
): SensorGrid {
  const cells = new Map<string, number[]>();
  for (let s = 0; s < east.length; s++) {
    const k = key(Math.floor(east[s]! / cell), Math.floor(north[s]! / cell));
    const list = cells.get(k);
    if (list === undefined) cells.set(k, [s]);
    else list.push(s);
  }
  return { cell, cells, east, north };
}

/**
 * Sensors within `radius` of (e, n), nearest first (ties by index), with
 * their distances.
 */
export function sensorsWithin(
  g: SensorGrid,
  e: number,
  n: number,
  radius: number
): { sensor: number; distance: number }[] {
  const out: { sensor: number; distance: number }[] = [];
  const r = Math.ceil(radius / g.cell);
  const ci = Math.floor(e / g.cell);
  const cj = Math.floor(n / g.cell);
  for (let i = ci - r; i <= ci + r; i++) {
    for (let j = cj - r; j <= cj + r; j++) {
      for (const s of g.cells.get(key(i, j)) ?? []) {
        const d = Math.hypot(g.east[s]! - e, g.north[s]! - n);
        if (d <= radius) out.push({ sensor: s, distance: d });
      }
    }
  }
  return out.sort((a, b) => a.distance - b.distance || a.sensor - b.sensor);
}
