// Reads Natural Earth 1:10m admin-0 countries as world-atlas ships them
// (TopoJSON), for scripts/gen-contact-line.ts: the state border and coasts
// of Ukraine and Russia, and Ukraine's polygons. Natural Earth is public
// domain; world-atlas (ISC) converts it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeoPoint } from '../packages/core/src/index.js';

// Natural Earth arcs farther than this from the occupied area are skipped.
const REGION = { lon: [29, 42], lat: [43, 53] } as const;

type Topology = {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: {
    countries: {
      geometries: { properties: { name: string }; arcs: unknown }[];
    };
  };
};

// TopoJSON arcs are delta-encoded, quantized positions (topojson spec §2.1).
function decodeArc(t: Topology, arc: [number, number][]): GeoPoint[] {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [
      x * t.transform.scale[0] + t.transform.translate[0],
      y * t.transform.scale[1] + t.transform.translate[1],
    ];
  });
}

export type NaturalEarth = {
  /** Every arc of Ukraine and Russia near the occupied area: the state border and the coasts. */
  borderAndCoast: GeoPoint[][];
  /** Ukraine's polygons, rings closed. */
  ukraine: GeoPoint[][][];
};

export function readNaturalEarth(dir: string): NaturalEarth {
  const t = JSON.parse(
    readFileSync(join(dir, 'countries-10m.json'), 'utf8')
  ) as Topology;
  const arcs = t.arcs.map((arc) => decodeArc(t, arc));
  const ids = new Set<number>();
  const collect = (a: unknown): void => {
    if (Array.isArray(a)) a.forEach(collect);
    else if (typeof a === 'number') ids.add(a < 0 ? ~a : a);
  };
  const country = (name: string) =>
    t.objects.countries.geometries.find((g) => g.properties.name === name)!;
  collect(country('Ukraine').arcs);
  collect(country('Russia').arcs);
  const near = ([lon, lat]: GeoPoint) =>
    lon > REGION.lon[0] &&
    lon < REGION.lon[1] &&
    lat > REGION.lat[0] &&
    lat < REGION.lat[1];
  // A ring is its arcs end to end, a negative index (~i) meaning arc i
  // reversed, each arc's first position repeating the last one's end.
  const ring = (refs: number[]): GeoPoint[] =>
    refs.flatMap((r, k) => {
      const arc = r < 0 ? [...arcs[~r]!].reverse() : arcs[r]!;
      return k === 0 ? arc : arc.slice(1);
    });
  const shape = country('Ukraine').arcs as number[][][];
  return {
    borderAndCoast: [...ids]
      .sort((a, b) => a - b)
      .map((i) => arcs[i]!)
      .filter((arc) => arc.some(near)),
    ukraine: shape.map((polygon) => polygon.map(ring)),
  };
}
