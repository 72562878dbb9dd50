// Synthetic findings for bench:web: full DESIGN 4.5 features as the API
// serves them (same fields and sizes), scattered within 25 km of the
// contact line of 2026-08-22 over 30 days, from a seeded generator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingFeature } from '@truce/protocol';

type Line = { features: { geometry: { coordinates: number[][][] } }[] };

/** mulberry32: small, seeded, good enough to scatter points. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number) =>
  Array.from({ length: 8 }, () =>
    Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  ).join('');

const RULES = [
  ['no-fire', 'fire'],
  ['withdraw-artillery', 'weapons_in_zone'],
  ['withdraw-mlrs', 'weapons_in_zone'],
  ['withdraw-tanks-mortars', 'weapons_in_zone'],
] as const;
const STATUSES = [
  'provisional',
  'verified',
  'verified',
  'confirmed',
  'rejected',
] as const;

export function syntheticFindings(
  root: string,
  count: number,
  seed = 1
): FindingFeature[] {
  const line = JSON.parse(
    readFileSync(join(root, 'data/contact-line-2026-08-22.geojson'), 'utf8')
  ) as Line;
  const vertices = line.features[0]!.geometry.coordinates.flat();
  const random = seeded(seed);
  const start = Date.UTC(2026, 11, 1);
  const paramsDigest = hex(random);
  return Array.from({ length: count }, (_, i) => {
    const [lon, lat] = vertices[Math.floor(random() * vertices.length)]!;
    const km = (random() - 0.5) * 50;
    const bearing = random() * 2 * Math.PI;
    const position: [number, number] = [
      Math.round(
        (lon! +
          (km / (111.32 * Math.cos((lat! * Math.PI) / 180))) *
            Math.sin(bearing)) *
          1e6
      ) / 1e6,
      Math.round((lat! + (km / 110.57) * Math.cos(bearing)) * 1e6) / 1e6,
    ];
    const [rule, kind] = RULES[Math.floor(random() * RULES.length)]!;
    const party = random() < 0.1 ? null : random() < 0.5 ? 'UA' : 'RU';
    const id = hex(random);
    const first = Math.floor(random() * 5_000_000);
    return {
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: position },
      properties: {
        id,
        rule,
        kind,
        time: new Date(start + random() * 30 * 86_400_000)
          .toISOString()
          .replace('Z', '000Z'),
        errorEllipse: {
          semiMajorM: Math.round(20 + random() * 400),
          semiMinorM: Math.round(10 + random() * 100),
          azimuthDeg: Math.floor(random() * 180),
        },
        attribution: { party, probability: Math.round(random() * 1000) / 1000 },
        confidence: Math.round(random() * 1000) / 1000,
        status: STATUSES[Math.floor(random() * STATUSES.length)]!,
        sources: [first, first + 1, first + 2, first + 3],
        agreement: { id: 'minsk2-demo', version: 1 },
        engineVersion: 'truce-rules/1',
        paramsDigest,
        sensorKinds: ['acoustic'],
        index: count - i,
      },
    } as FindingFeature;
  });
}
