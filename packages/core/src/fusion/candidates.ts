import type { ObservationOf } from '../observation/payload.js';
import {
  WEAPON_CLASSES,
  type WeaponClass,
} from '../observation/weapon-class.js';
import type { FrameEvent } from './fused-event.js';
import {
  covarianceAlongAcross,
  offsetInFrame,
  toFrame,
  trueNorthAzimuth,
  type FusionFrame,
} from './frame.js';
import type { CandidateParams } from './params.js';
import { parseRfc3339Micros } from '../observation/time.js';
import {
  radiansFromDegrees,
  wgs84FromLonLat,
  degrees,
  type Wgs84Point,
} from './units.js';
import { WEAPON_ENVELOPES } from './weapon-physics.js';
import type { LocatedEventKind } from './located-event.js';

function isotropic(
  errorM: number,
  p: CandidateParams
): [number, number, number] {
  const s = errorM / p.errorRadiusSigmas;
  return [s * s, 0, s * s];
}

function pointEvent(
  f: FusionFrame,
  where: Wgs84Point,
  fields: Omit<FrameEvent, 'east' | 'north' | 'up' | 'upKnown' | 'acousticOnly'>
): FrameEvent {
  const q = toFrame(f, where);
  return {
    ...fields,
    east: q.east,
    north: q.north,
    up: q.up,
    upKnown: false,
    acousticOnly: false,
  };
}

/**
 * A radar track: a `fire` event at its origin and, where it gives one, an
 * `impact` event paired with it. The impact time is the track time plus the
 * flight time at the class's middle speed.
 */
export function radarEvents(
  f: FusionFrame,
  obs: ObservationOf<'radar'>,
  index: number,
  p: CandidateParams
): FrameEvent[] {
  const r = obs.radar;
  const t = parseRfc3339Micros(obs.time);
  const fire = pointEvent(f, wgs84FromLonLat(r.origin), {
    kind: 'fire',
    covariance: isotropic(r.originErrorM, p),
    timeMicros: t,
    timeSigmaS: p.radarTimeSigmaS,
    weaponClass: r.weaponClass,
    confidence: p.radarConfidence,
    sources: [index],
    sensorKinds: ['radar'],
    method: 'radar',
  });
  if (r.impact === undefined || r.impactErrorM === undefined) return [fire];
  const impactAt = toFrame(f, wgs84FromLonLat(r.impact));
  const range = Math.hypot(
    impactAt.east - fire.east,
    impactAt.north - fire.north
  );
  const env = WEAPON_ENVELOPES[r.weaponClass];
  const tFast = range / env.maxSpeedMs;
  const tSlow = range / env.minSpeedMs;
  const impact = pointEvent(f, wgs84FromLonLat(r.impact), {
    kind: 'impact',
    covariance: isotropic(r.impactErrorM, p),
    timeMicros: t + 1e6 * Math.sqrt(tFast * tSlow),
    timeSigmaS: p.radarTimeSigmaS + (tSlow - tFast) / 4,
    weaponClass: r.weaponClass,
    confidence: p.radarConfidence,
    sources: [index],
    sensorKinds: ['radar'],
    method: 'radar',
  });
  impact.pairedWith = fire;
  return [fire, impact];
}

const AIRCRAFT_CLASSES = new Set(['drone', 'uav', 'aircraft', 'helicopter']);
const FIRE_CLASSES = new Set(['muzzle_flash', 'launch', 'fire']);
const IMPACT_CLASSES = new Set(['impact', 'crater', 'explosion']);

function imageryKind(
  cls: string
): { kind: LocatedEventKind; weaponClass?: WeaponClass } | undefined {
  const c = cls.toLowerCase();
  if (AIRCRAFT_CLASSES.has(c))
    return c === 'drone' || c === 'uav'
      ? { kind: 'aircraft', weaponClass: 'drone' }
      : { kind: 'aircraft' };
  if ((WEAPON_CLASSES as readonly string[]).includes(c))
    return { kind: 'weapon', weaponClass: c as WeaponClass };
  if (FIRE_CLASSES.has(c)) return { kind: 'fire' };
  if (IMPACT_CLASSES.has(c)) return { kind: 'impact' };
  return undefined;
}

/**
 * Imagery detections of weapons, aircraft, launches and impacts; classes
 * the rules have no use for (vehicles, people, ...) and low-confidence
 * detections are left out.
 */
export function imageryEvents(
  f: FusionFrame,
  obs: ObservationOf<'imagery'>,
  index: number,
  p: CandidateParams
): FrameEvent[] {
  const t = parseRfc3339Micros(obs.time);
  const out: FrameEvent[] = [];
  for (const [part, d] of obs.imagery.detections.entries()) {
    const k = imageryKind(d.class);
    if (k === undefined || d.confidence < p.imageryMinConfidence) continue;
    out.push(
      pointEvent(f, wgs84FromLonLat(d.position), {
        kind: k.kind,
        ...(k.weaponClass === undefined ? {} : { weaponClass: k.weaponClass }),
        covariance: isotropic(d.positionErrorM, p),
        timeMicros: t,
        timeSigmaS: p.imageryTimeSigmaS,
        confidence: d.confidence,
        sources: [index],
        sensorKinds: ['imagery'],
        method: 'imagery',
        part,
      })
    );
  }
  return out;
}

const PATROL_KINDS: Partial<
  Record<string, { kind: LocatedEventKind; weaponClass?: WeaponClass }>
> = {
  muzzle_flash: { kind: 'fire' },
  burst: { kind: 'fire', weaponClass: 'small_arms' },
  explosion: { kind: 'impact' },
  weapons: { kind: 'weapon' },
};

/**
 * A monitor's report with a direction and a distance range: located at the
 * middle of the range, 1σ along the line a quarter of the range and across
 * it the direction σ times the distance. Reports without both, and
 * categories that are no place (flares, projectiles overhead,
 * restrictions), stay unlocated.
 */
export function patrolEvents(
  f: FusionFrame,
  obs: ObservationOf<'patrol'>,
  index: number,
  observer: Wgs84Point,
  p: CandidateParams
): FrameEvent[] {
  const r = obs.patrol;
  const k = PATROL_KINDS[r.category];
  if (
    k === undefined ||
    r.directionDeg === undefined ||
    r.distanceKm === undefined
  )
    return [];
  const [minKm, maxKm] = r.distanceKm;
  const mid = ((minKm + maxKm) / 2) * 1000;
  const azimuth =
    radiansFromDegrees(degrees(r.directionDeg)) + trueNorthAzimuth(f, observer);
  const at = offsetInFrame(toFrame(f, observer), azimuth, mid);
  const along = Math.max(((maxKm - minKm) * 1000) / 4, 50);
  const across = Math.max(
    mid * radiansFromDegrees(degrees(p.patrolDirectionSigmaDeg)),
    50
  );
  return [
    {
      kind: k.kind,
      ...(k.weaponClass === undefined ? {} : { weaponClass: k.weaponClass }),
      east: at.east,
      north: at.north,
      up: at.up,
      upKnown: false,
      covariance: covarianceAlongAcross(azimuth, along, across),
      timeMicros: parseRfc3339Micros(obs.time),
      timeSigmaS: p.patrolTimeSigmaS,
      confidence: p.patrolConfidence,
      sources: [index],
      sensorKinds: ['patrol'],
      method: 'patrol',
      ...(r.count > 0 ? { count: r.count } : {}),
      acousticOnly: false,
    },
  ];
}
