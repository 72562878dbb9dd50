import type { ObservationKind, ObservationOf } from '../observation/payload.js';
import type { Position } from '../observation/geo.js';
import { enuFromWgs84, wgs84FromEnu } from '../fusion/geodesy.js';
import type { EnuPoint, Wgs84Point } from '../fusion/units.js';
import { enuPoint, wgs84Point } from '../fusion/units.js';
import type { Random } from './random.js';
import type { LinePlacement, Sector } from './sector.js';
import { placeOnLine, sectorOffsetPoint } from './sector.js';

/** The ground a scenario plays on: its stretch of line and its terrain. */
export type World = {
  readonly sector: Sector;
  /** Ground height above the ellipsoid at a point of the sector frame, metres. */
  readonly groundM: (e: number, n: number) => number;
};

/** A place, as published (rounded) and in the sector frame. */
export type Site = LinePlacement & {
  readonly wgs: Wgs84Point;
  readonly enu: EnuPoint;
};

/**
 * Smooth rolling ground of 100–300 m (the Donbas steppe's range): a few
 * seeded sinusoids, standing in for a terrain model.
 */
export function createTerrain(random: Random): World['groundM'] {
  const p = [0, 1, 2, 3].map(() => random.uniform(0, 2 * Math.PI));
  const k = (wavelengthM: number) => (2 * Math.PI) / wavelengthM;
  return (e, n) =>
    190 +
    60 * Math.sin(k(23_000) * e + p[0]!) * Math.sin(k(31_000) * n + p[1]!) +
    25 * Math.sin(k(7_300) * (e + n) + p[2]!) +
    10 * Math.sin(k(2_900) * (e - n) + p[3]!);
}

/** Degrees to 1e-6 (about 0.1 m) and metres to 0.1: what records publish. */
export function roundWgs84(p: Wgs84Point): Wgs84Point {
  return wgs84Point(round(p.lon, 6), round(p.lat, 6), round(p.height, 1));
}

/** An angle in degrees brought into [0, 360). */
export function normalizeDeg(deg: number): number {
  const x = deg % 360;
  const y = x < 0 ? x + 360 : x;
  return y >= 360 ? 0 : y;
}

/** Code-unit order, the same everywhere (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const y = Math.round(x * f) / f;
  return y === 0 ? 0 : y;
}

/** The site `aboveGroundM` over the ground at horizontal point (e, n). */
export function siteAt(
  world: World,
  e: number,
  n: number,
  aboveGroundM: number
): Site {
  const flat = wgs84FromEnu(world.sector.frame, enuPoint(e, n, 0));
  const ground = world.groundM(e, n);
  const wgs = roundWgs84(wgs84Point(flat.lon, flat.lat, ground + aboveGroundM));
  const enu = enuFromWgs84(world.sector.frame, wgs);
  return { wgs, enu, ...placeOnLine(world.sector, wgs.lon, wgs.lat) };
}

/**
 * A site about `distanceM` from the line on `side`, at arc length `s` of
 * the sector; undefined when the line's bends put it on the other side.
 */
export function siteOffLine(
  world: World,
  s: number,
  side: 'left' | 'right',
  distanceM: number,
  aboveGroundM: number
): Site | undefined {
  const p = sectorOffsetPoint(world.sector, s, side, distanceM);
  const site = siteAt(world, p.east, p.north, aboveGroundM);
  return site.side === side ? site : undefined;
}

/** Tries `make` up to `tries` times, for placements that may miss. */
export function retry<T>(
  tries: number,
  make: () => T | undefined
): T | undefined {
  for (let i = 0; i < tries; i++) {
    const value = make();
    if (value !== undefined) return value;
  }
  return undefined;
}

/** What an observation says about the ground truth. */
export type DraftLabel =
  'detection' | 'echo' | 'false_alarm' | 'report' | 'empty';

export type DraftTruth = {
  label: DraftLabel;
  /** Truth ids (fires, impacts, weapons) the observation comes from. */
  sources?: readonly string[];
  /** For an echo: the detection it repeats. */
  echoOf?: Draft;
  /** For imagery: indexes of detections that match nothing. */
  falseDetections?: readonly number[];
};

type Body = {
  [K in ObservationKind]: {
    kind: K;
    body: ObservationOf<K> extends Record<K, infer B> ? B : never;
  };
}[ObservationKind];

/** An observation before seqs are known: its sensor, time, body and truth. */
export type Draft = Body & {
  sensor: string;
  timeMicros: number;
  position?: Position;
  truth?: DraftTruth;
};

/** Side of the line a party holds. */
export function sideOf(
  sides: readonly [string, string],
  party: string
): 'left' | 'right' {
  return party === sides[0] ? 'left' : 'right';
}
