// Derives a contact line from the DeepState occupied-territory MultiPolygon
// and writes it, with an illustrative Minsk II agreement on it, to data/.
// Method and limits: data/ORIGINS.md. Run:
//   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//   npx tsx scripts/gen-contact-line.ts --natural-earth package
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import {
  buildLineIndex,
  distanceM,
  encodeLogEntry,
  projectAeqd,
  pointInMultiPolygon,
  validateAgreement,
  unprojectAeqd,
  type GeoPoint,
} from '../packages/core/src/index.js';
import { readNaturalEarth } from './natural-earth.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const { values: args } = parseArgs({
  options: {
    deepstate: {
      type: 'string',
      default: join(
        ROOT,
        '../shared/data/frontline/deepstatemap_data_20260822.geojson'
      ),
    },
    'natural-earth': { type: 'string' },
    'border-km': { type: 'string', default: '3' },
    'min-run-km': { type: 'string', default: '10' },
    'simplify-m': { type: 'string', default: '100' },
    out: { type: 'string', default: join(ROOT, 'data') },
  },
});
if (args['natural-earth'] === undefined) {
  console.error('--natural-earth <dir with countries-10m.json> is required');
  process.exit(2);
}
const BORDER_M = Number(args['border-km']) * 1000;
const MIN_RUN_M = Number(args['min-run-km']) * 1000;
const SIMPLIFY_M = Number(args['simplify-m']);
function ringArea(ring: GeoPoint[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  }
  return sum / 2;
}

function lengthM(line: GeoPoint[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    sum += distanceM(line[i]!, line[i + 1]!);
  }
  return sum;
}

/**
 * The runs of a closed ring whose vertices all lie farther than BORDER_M
 * from the border and coast, each widened by one vertex at both ends so
 * that it reaches where the front meets the border or the sea.
 */
function frontRuns(ring: GeoPoint[], far: (p: GeoPoint) => boolean) {
  const pts = ring.slice(0, -1);
  const n = pts.length;
  const isFar = pts.map(far);
  if (isFar.every(Boolean)) return [ring];
  const start = isFar.findIndex((f) => !f);
  const runs: GeoPoint[][] = [];
  let run: number[] = [];
  for (let k = 1; k <= n; k++) {
    const i = (start + k) % n;
    if (isFar[i]) {
      run.push(i);
      continue;
    }
    if (run.length > 0) {
      const first = (run[0]! - 1 + n) % n;
      runs.push([first, ...run, i].map((j) => pts[j]!));
      run = [];
    }
  }
  return runs;
}

// Douglas-Peucker in local metres around the line's middle vertex.
function simplify(line: GeoPoint[], toleranceM: number): GeoPoint[] {
  const origin = line[Math.floor(line.length / 2)]!;
  const xy = line.map((p) => projectAeqd(origin, p));
  const keep = new Uint8Array(line.length);
  keep[0] = 1;
  keep[line.length - 1] = 1;
  const stack: [number, number][] = [[0, line.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = xy[a]!;
    const [bx, by] = xy[b]!;
    const len = Math.hypot(bx - ax, by - ay);
    let worst = -1;
    let worstD = toleranceM;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = xy[i]!;
      const d =
        len === 0
          ? Math.hypot(px - ax, py - ay)
          : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len;
      if (d > worstD) {
        worst = i;
        worstD = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return line.filter((_, i) => keep[i] === 1);
}

function rounded(line: GeoPoint[]): GeoPoint[] {
  const out: GeoPoint[] = [];
  for (const [lon, lat] of line) {
    const p: GeoPoint = [
      Math.round(lon * 1e5) / 1e5,
      Math.round(lat * 1e5) / 1e5,
    ];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

const source = JSON.parse(readFileSync(args.deepstate, 'utf8')) as {
  features: { geometry: { type: string; coordinates: GeoPoint[][][] } }[];
};
const polygons = source.features[0]!.geometry.coordinates;
const ne = readNaturalEarth(args['natural-earth']);
const reference = buildLineIndex(ne.borderAndCoast);
const far = (p: GeoPoint) => reference.distanceM(p) > BORDER_M;

// Whether Ukraine-held land lies left of a run (occupied on its right):
// probes PROBE_M to the left of each segment's middle, weighted by length,
// must mostly fall inside Ukraine (Natural Earth) and outside the occupied
// area. Runs along the border (Russia on the left) or a coast (sea on the
// left) that Natural Earth draws more than BORDER_M away fail this.
const PROBE_M = 5000;
function facesHeldLand(run: GeoPoint[]): boolean {
  let held = 0;
  let total = 0;
  for (let i = 0; i + 1 < run.length; i++) {
    const a = run[i]!;
    const [e, n] = projectAeqd(a, run[i + 1]!);
    const len = Math.hypot(e, n);
    if (len === 0) continue;
    const mid = unprojectAeqd(a, [e / 2, n / 2]);
    const probe = unprojectAeqd(mid, [
      (-n / len) * PROBE_M,
      (e / len) * PROBE_M,
    ]);
    const ok =
      pointInMultiPolygon(probe, ne.ukraine) &&
      !pointInMultiPolygon(probe, polygons);
    total += len;
    if (ok) held += len;
  }
  return held > total / 2;
}

const parts: { line: GeoPoint[]; lengthKm: number; polygon: number }[] = [];
let dropped = 0;
polygons.forEach((rings, polygon) => {
  rings.forEach((ring, r) => {
    // Orient every run with the occupied area on its right: an outer ring
    // drawn counter-clockwise has its inside (occupied) on the left, a
    // hole drawn counter-clockwise has its inside (held) on the left.
    const ccw = ringArea(ring) > 0;
    const reverse = r === 0 ? ccw : !ccw;
    for (const found of frontRuns(ring, far)) {
      const run = reverse ? [...found].reverse() : found;
      const len = lengthM(run);
      if (len < MIN_RUN_M || !facesHeldLand(run)) {
        dropped += len;
        continue;
      }
      const line = rounded(simplify(run, SIMPLIFY_M));
      parts.push({ line, lengthKm: Math.round(len / 100) / 10, polygon });
    }
  });
});
parts.sort((a, b) => b.lengthKm - a.lengthKm || a.polygon - b.polygon);

const geometry = {
  type: 'MultiLineString' as const,
  coordinates: parts.map((p) => p.line),
};
const vertices = parts.reduce((n, p) => n + p.line.length, 0);
const collection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: {
        name: 'Contact line, 22 August 2026 (derived)',
        source:
          'DeepStateMap via cyterat/deepstate-map-data, deepstatemap_data_20260822.geojson',
        method: `boundary runs of the occupied area more than ${BORDER_M / 1000} km from the Natural Earth 1:10m borders and coasts of Ukraine and Russia, with Ukraine-held land on their left, runs under ${MIN_RUN_M / 1000} km dropped, Douglas-Peucker ${SIMPLIFY_M} m, 5 decimals; see data/ORIGINS.md`,
        leftSide: 'Ukraine-controlled (leftParty)',
        rightSide: 'Russian-occupied',
        parts: parts.map((p) => ({
          lengthKm: p.lengthKm,
          vertices: p.line.length,
        })),
      },
      geometry,
    },
  ],
};

const agreement = {
  id: 'minsk2-demo',
  version: 1,
  title:
    'Illustrative ceasefire on the 22 August 2026 contact line with Minsk II withdrawal distances',
  effectiveFrom: '2026-09-01T00:00:00Z',
  parties: [
    { id: 'UA', name: 'Ukraine' },
    { id: 'RU', name: 'Russian Federation' },
  ],
  contactLine: geometry,
  leftParty: 'UA',
  notes:
    'ILLUSTRATIVE ONLY: no such agreement exists or is proposed here. Contact line derived from DeepStateMap via cyterat/deepstate-map-data (2026-08-22); see data/ORIGINS.md for the method and its limits. Withdrawal distances follow Minsk II (Package of Measures, 12 February 2015, point 2); the buffer band, no-fly band and monitoring limit are made up for the demo.',
  rules: [
    { id: 'no-fire', kind: 'no_fire' },
    {
      id: 'withdraw-artillery',
      kind: 'withdrawal',
      weaponClasses: ['artillery'],
      minDistanceKm: 50,
    },
    {
      id: 'withdraw-mlrs',
      kind: 'withdrawal',
      weaponClasses: ['mlrs'],
      minDistanceKm: 70,
    },
    {
      id: 'withdraw-heavy-mlrs-missiles',
      kind: 'withdrawal',
      weaponClasses: ['heavy_mlrs', 'missile'],
      minDistanceKm: 140,
    },
    {
      id: 'withdraw-tanks-mortars',
      kind: 'withdrawal',
      weaponClasses: ['tank', 'mortar'],
      minDistanceKm: 15,
    },
    { id: 'buffer-zone', kind: 'buffer_zone', zone: { withinKm: 5 } },
    {
      id: 'no-fly-band',
      kind: 'no_fly_zone',
      zone: { withinKm: 30 },
      maxAltitudeM: 10000,
    },
    { id: 'monitoring', kind: 'denial_of_monitoring', maxGapMinutes: 30 },
  ],
};
const checked = validateAgreement(agreement);
if (!checked.ok) {
  console.error(checked.issues);
  process.exit(1);
}
// An agreement version is a log entry: it must fit in one (64 KiB).
const entryBytes = encodeLogEntry({
  v: 1,
  type: 'agreement',
  time: '2026-08-31T00:00:00Z',
  actor: 'demo',
  agreement: checked.value,
}).length;

// Written as Prettier formats JSON, so `prettier --check .` passes as is.
async function writeJson(name: string, value: unknown): Promise<void> {
  const path = join(args.out, name);
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(
    path,
    await format(JSON.stringify(value), { ...options, filepath: path })
  );
}
await writeJson('contact-line-2026-08-22.geojson', collection);
await writeJson('agreement-minsk2-demo.json', agreement);
console.log(
  `${parts.length} parts, ${vertices} vertices, ` +
    `${parts.map((p) => p.lengthKm).join(' + ')} km; ` +
    `${Math.round(dropped / 1000)} km of short or border/coast runs dropped; ` +
    `agreement entry ${entryBytes} bytes`
);
