// Writes data/withdrawal-lines-2026-08-22.geojson: the lines 15, 50, 70 and
// 140 km from the contact line on each side (Minsk II withdrawal distances,
// DESIGN 4.3), for the dashboard to draw. Each is the level set of the
// signed distance to the line (core's line index), traced by marching
// squares on a 0.02° grid; near a part's end, where "which side" has no
// meaning, the lines stop. Run: npx tsx scripts/gen-withdrawal-lines.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import {
  buildLineIndex,
  linePartsOf,
  type GeoPoint,
  type LineGeometry,
} from '../packages/core/src/index.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const { values: args } = parseArgs({
  options: {
    line: {
      type: 'string',
      default: join(ROOT, 'data/contact-line-2026-08-22.geojson'),
    },
    out: {
      type: 'string',
      default: join(ROOT, 'data/withdrawal-lines-2026-08-22.geojson'),
    },
    'cell-deg': { type: 'string', default: '0.02' },
  },
});

/** Minsk II, Package of Measures point 2 (DESIGN 4.3). */
const DISTANCES = [
  { km: 15, weapons: 'tanks and mortars' },
  { km: 50, weapons: 'artillery of 100 mm and over' },
  { km: 70, weapons: 'MLRS' },
  { km: 140, weapons: 'heavy MLRS and tactical missiles' },
] as const;

const source = JSON.parse(readFileSync(args.line, 'utf8')) as {
  features: { geometry: LineGeometry }[];
};
const parts = source.features.flatMap((f) => linePartsOf(f.geometry));
const index = buildLineIndex(parts);
const cell = Number(args['cell-deg']);
const reachDeg = 1.6 + 140 / 70; // 140 km and a margin, in longitude at 48° N

let box = [Infinity, Infinity, -Infinity, -Infinity];
for (const part of parts) {
  for (const [lon, lat] of part) {
    box = [
      Math.min(box[0]!, lon),
      Math.min(box[1]!, lat),
      Math.max(box[2]!, lon),
      Math.max(box[3]!, lat),
    ];
  }
}
const lon0 = box[0]! - reachDeg;
const lat0 = box[1]! - reachDeg / 1.5;
const nx = Math.ceil((box[2]! + reachDeg - lon0) / cell) + 1;
const ny = Math.ceil((box[3]! + reachDeg / 1.5 - lat0) / cell) + 1;

// Signed distance (km, positive on the left) at each grid node; NaN where
// the nearest point of the line is a part's end, so no contour passes there.
const field = new Float64Array(nx * ny);
for (let j = 0; j < ny; j++) {
  for (let i = 0; i < nx; i++) {
    const p: GeoPoint = [lon0 + i * cell, lat0 + j * cell];
    const near = index.nearest(p)!;
    const s = near.segment;
    const atStart =
      s.prev < 0 && near.point[0] === s.a[0] && near.point[1] === s.a[1];
    const atEnd =
      s.next < 0 && near.point[0] === s.b[0] && near.point[1] === s.b[1];
    const sign = near.side === 'right' ? -1 : 1;
    field[j * nx + i] = atStart || atEnd ? NaN : (sign * near.distanceM) / 1000;
  }
}

type Edge = string;
function edgePoint(
  level: number,
  a: [number, number],
  b: [number, number]
): GeoPoint {
  const fa = field[a[1] * nx + a[0]]!;
  const fb = field[b[1] * nx + b[0]]!;
  const t = (level - fa) / (fb - fa);
  const lon = lon0 + (a[0] + t * (b[0] - a[0])) * cell;
  const lat = lat0 + (a[1] + t * (b[1] - a[1])) * cell;
  return [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4];
}

/** Marching squares at one level, chained into polylines. */
function contour(level: number): GeoPoint[][] {
  const points = new Map<Edge, GeoPoint>();
  const links = new Map<Edge, Edge[]>();
  const link = (a: Edge, b: Edge) => {
    links.set(a, [...(links.get(a) ?? []), b]);
    links.set(b, [...(links.get(b) ?? []), a]);
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const c: [number, number][] = [
        [i, j],
        [i + 1, j],
        [i + 1, j + 1],
        [i, j + 1],
      ];
      const v = c.map(([x, y]) => field[y * nx + x]!);
      if (v.some(Number.isNaN)) continue;
      const crossings: Edge[] = [];
      for (let k = 0; k < 4; k++) {
        const a = c[k]!;
        const b = c[(k + 1) % 4]!;
        if (v[k]! < level !== v[(k + 1) % 4]! < level) {
          const key = [a, b]
            .map((p) => p.join(','))
            .sort()
            .join('|');
          if (!points.has(key)) points.set(key, edgePoint(level, a, b));
          crossings.push(key);
        }
      }
      // Two crossings: one segment; four (a saddle): pair them by the centre.
      if (crossings.length === 2) link(crossings[0]!, crossings[1]!);
      if (crossings.length === 4) {
        const centre = v.reduce((s, x) => s + x, 0) / 4;
        const first = v[0]! < level === centre < level;
        link(crossings[0]!, crossings[first ? 3 : 1]!);
        link(crossings[2]!, crossings[first ? 1 : 3]!);
      }
    }
  }
  const lines: GeoPoint[][] = [];
  const seen = new Set<Edge>();
  const walk = (start: Edge): Edge[] => {
    const path = [start];
    seen.add(start);
    for (;;) {
      const next = (links.get(path.at(-1)!) ?? []).find((e) => !seen.has(e));
      if (next === undefined) return path;
      seen.add(next);
      path.push(next);
    }
  };
  // Open lines first (from an end), then closed loops.
  const ends = [...links.keys()].filter((e) => links.get(e)!.length === 1);
  for (const start of [...ends, ...links.keys()]) {
    if (seen.has(start)) continue;
    const path = walk(start);
    if (path.length >= 5) lines.push(path.map((e) => points.get(e)!));
  }
  return lines;
}

const features = DISTANCES.flatMap(({ km, weapons }) =>
  (['left', 'right'] as const).map((side) => ({
    type: 'Feature',
    properties: {
      distanceKm: km,
      side,
      weapons,
      name: `${km} km ${side} of the contact line (${weapons})`,
    },
    geometry: {
      type: 'MultiLineString',
      coordinates: contour(side === 'left' ? km : -km),
    },
  }))
);

const text = JSON.stringify({
  type: 'FeatureCollection',
  properties: {
    source:
      'data/contact-line-2026-08-22.geojson (DeepStateMap via cyterat/deepstate-map-data), offset by scripts/gen-withdrawal-lines.ts',
    distancesFrom: 'Minsk II, Package of Measures, 12 February 2015, point 2',
  },
  features,
});
writeFileSync(
  args.out,
  await format(text, { ...(await resolveConfig(args.out)), parser: 'json' })
);
for (const f of features) {
  const n = f.geometry.coordinates.reduce((s, l) => s + l.length, 0);
  console.log(
    `${f.properties.name}: ${f.geometry.coordinates.length} lines, ${n} vertices`
  );
}
