// Test fixture, not part of the public surface (index.ts does not export
// it): turns the compact cases in test-vectors/rules/ into engine inputs.
// Positions there are kilometres east and north of ORIGIN; the base
// agreement's contact line runs due north through ORIGIN, so west (negative
// east) is party A's side (the left) and east is party B's.
import type {
  EnuCovariance,
  LocatedEvent,
  LocatedEventKind,
  MonitoringGap,
} from '../fusion/located-event.js';
import { unprojectAeqd, type GeoPoint } from '../geo/wgs84.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { WeaponClass } from '../observation/weapon-class.js';

export const ORIGIN: GeoPoint = [37, 48];

/** The point `east` km east and `north` km north of ORIGIN. */
export function km(east: number, north: number): GeoPoint {
  const [lon, lat] = unprojectAeqd(ORIGIN, [east * 1000, north * 1000]);
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

export const BASE_AGREEMENT = {
  id: 'test-ceasefire',
  version: 1,
  title: 'Test ceasefire along a straight north-south line',
  effectiveFrom: '2026-12-01T00:00:00Z',
  parties: [
    { id: 'A', name: 'Party A' },
    { id: 'B', name: 'Party B' },
  ],
  contactLine: { type: 'LineString', coordinates: [km(0, -200), km(0, 200)] },
  leftParty: 'A',
  rules: [] as unknown[],
};

export type EventSpec = {
  kind: LocatedEventKind;
  /** [east, north] km from ORIGIN. */
  at: [number, number];
  /** Isotropic 1-sigma error, metres (default 100), or a full covariance. */
  sigmaM?: number;
  covariance?: EnuCovariance;
  time?: string;
  weaponClass?: WeaponClass;
  altitudeM?: number;
  confidence?: number;
  sources: number[];
  sensorKinds?: string[];
};

export type GapSpec = {
  reason: MonitoringGap['reason'];
  from: string;
  to: string;
  at: [number, number];
  sources: number[];
};

const DEFAULT_TIME = '2026-12-02T06:00:00Z';
// χ²(2) at 95 %: the 95 % ellipse's semi-axes are √(5.991 λ).
const CHI2_2_95 = 5.991464547107979;

export function ellipseOf(c: EnuCovariance): LocatedEvent['ellipse'] {
  const [ee, en, nn] = c;
  const half = (ee + nn) / 2;
  const dev = Math.hypot((ee - nn) / 2, en);
  const phi = Math.atan2(2 * en, ee - nn) / 2;
  const azimuth = (((90 - (phi * 180) / Math.PI) % 180) + 180) % 180;
  return {
    semiMajorM: Math.sqrt(CHI2_2_95 * (half + dev)),
    semiMinorM: Math.sqrt(CHI2_2_95 * Math.max(0, half - dev)),
    azimuthDeg: azimuth,
  };
}

export function eventOf(spec: EventSpec): LocatedEvent {
  const sigma = spec.sigmaM ?? 100;
  const covariance = spec.covariance ?? [sigma * sigma, 0, sigma * sigma];
  return {
    id: `e-${spec.sources.join('-')}`,
    kind: spec.kind,
    position: km(spec.at[0], spec.at[1]),
    ...(spec.altitudeM === undefined ? {} : { altitudeM: spec.altitudeM }),
    covariance,
    ellipse: ellipseOf(covariance),
    timeMicros: parseRfc3339Micros(spec.time ?? DEFAULT_TIME),
    timeSigmaMicros: 1000,
    ...(spec.weaponClass === undefined
      ? {}
      : { weaponClass: spec.weaponClass }),
    confidence: spec.confidence ?? 0.9,
    sources: spec.sources,
    sensorKinds: spec.sensorKinds ?? ['acoustic'],
  };
}

export function gapOf(spec: GapSpec, i: number): MonitoringGap {
  return {
    sensor: `sensor-${i}`,
    reason: spec.reason,
    fromMicros: parseRfc3339Micros(spec.from),
    toMicros: parseRfc3339Micros(spec.to),
    position: km(spec.at[0], spec.at[1]),
    sources: spec.sources,
  };
}

/**
 * Copies a JSON value, turning every `polygonKm` / `coordinatesKm` member (km
 * coordinates) into `polygon` / `coordinates` in lon/lat.
 */
export function withKmGeometry(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withKmGeometry);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'polygonKm') out['polygon'] = kmDeep(v);
    else if (key === 'coordinatesKm') out['coordinates'] = kmDeep(v);
    else out[key] = withKmGeometry(v);
  }
  return out;
}

function kmDeep(value: unknown): unknown {
  if (!Array.isArray(value)) return withKmGeometry(value);
  if (value.length === 2 && value.every((x) => typeof x === 'number')) {
    return km(value[0] as number, value[1] as number);
  }
  return value.map(kmDeep);
}

/** RFC 7396 merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const isObject =
    typeof target === 'object' && target !== null && !Array.isArray(target);
  const out: Record<string, unknown> = isObject ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
