import type { ObservationOf } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import { associatePulses } from './associate.js';
import type {
  Propagation,
  PulseDetection,
  PulseSensor,
} from './association-types.js';
import { toFrame, trueNorthAzimuth, type FusionFrame } from './frame.js';
import type { FrameEvent } from './fused-event.js';
import type { AcousticParams } from './params.js';
import { degrees, radiansFromDegrees, wgs84FromLonLat } from './units.js';

/** One acoustic observation with the position and timing σ of its sensor. */
export type AcousticInput = {
  index: number;
  observation: ObservationOf<'acoustic'>;
  sensorId: string;
  position: readonly [number, number] | readonly [number, number, number];
  timingSigmaS?: number;
};

/**
 * An acoustic sensor that was listening, whether or not it reported a
 * pulse, with the time up to which all its pulses are in (µs since the
 * epoch; later, it is neither heard nor missed).
 */
export type ListeningSensor = Pick<
  AcousticInput,
  'sensorId' | 'position' | 'timingSigmaS'
> & { untilMicros: number };

/**
 * A source located before (as the live engine's open events): where, and
 * its emission time (µs since the epoch).
 */
export type LocatedSite = {
  position: readonly [number, number] | readonly [number, number, number];
  timeMicros: number;
};

export type AcousticOutcome = {
  events: FrameEvent[];
  /** Log indexes of acoustic observations in no event, ascending. */
  unassociated: number[];
  /** Of those, the ones dropped as echoes of a located event. */
  echoes: number[];
};

/**
 * Associates and locates acoustic pulses in the fusion frame; `propagationAt`
 * gives the speed model at a time in seconds after `refMicros`. Sensors in
 * `listening` that reported no pulse still take part: a hypothesis they
 * should have heard counts as missed by them (the detection model).
 */
export function locateAcousticEvents(
  f: FusionFrame,
  inputs: readonly AcousticInput[],
  params: AcousticParams,
  refMicros: number,
  propagationAt: (time: number) => Propagation,
  listening: readonly ListeningSensor[] = [],
  sites: readonly LocatedSite[] = [],
  partialStreams = false
): AcousticOutcome {
  // One slot per sensor and position, so mobile sensors keep each fix.
  const firstOf = new Map<
    string,
    {
      x: Pick<AcousticInput, 'timingSigmaS' | 'sensorId'>;
      pos: AcousticInput['position'];
    }
  >();
  const untilOf = new Map(listening.map((x) => [x.sensorId, x.untilMicros]));
  const keyed = inputs.map((x) => {
    const pos = x.observation.position ?? x.position;
    const key = `${x.sensorId} ${pos.join(',')}`;
    if (!firstOf.has(key)) firstOf.set(key, { x, pos });
    return { x, key };
  });
  for (const x of listening) {
    const key = `${x.sensorId} ${x.position.join(',')}`;
    if (!firstOf.has(key)) firstOf.set(key, { x, pos: x.position });
  }
  const order = [...firstOf.keys()].sort();
  const slotIndex = new Map(order.map((k, i) => [k, i]));
  const sensors: PulseSensor[] = [];
  const azimuths: number[] = [];
  for (const k of order) {
    const first = firstOf.get(k)!;
    const w = wgs84FromLonLat(first.pos);
    const q = toFrame(f, w);
    const rho2 = q.east * q.east + q.north * q.north;
    sensors.push({
      east: q.east,
      north: q.north,
      up: q.up,
      surfaceHeight: q.up + (rho2 * f.curvature) / 2,
      sigmaS: first.x.timingSigmaS ?? params.defaultTimingSigmaS,
      ...(untilOf.has(first.x.sensorId)
        ? { heardUntil: (untilOf.get(first.x.sensorId)! - refMicros) / 1e6 }
        : {}),
    });
    azimuths.push(trueNorthAzimuth(f, w));
  }
  const detections: PulseDetection[] = keyed.map(({ x, key }) => {
    const s = slotIndex.get(key)!;
    const a = x.observation.acoustic;
    const d: PulseDetection = {
      index: x.index,
      sensor: s,
      time: (parseRfc3339Micros(x.observation.time) - refMicros) / 1e6,
      snrDb: a.snrDb,
    };
    if (a.bearingDeg !== undefined) {
      d.bearingRad = radiansFromDegrees(degrees(a.bearingDeg)) + azimuths[s]!;
      d.bearingSigmaRad = radiansFromDegrees(
        degrees(a.bearingSigmaDeg ?? params.defaultBearingSigmaDeg)
      );
    }
    return d;
  });
  const classOf = new Map(
    inputs.map((x) => [x.index, x.observation.acoustic.class])
  );
  const knownSites = sites.map((x) => {
    const q = toFrame(f, wgs84FromLonLat(x.position));
    return {
      east: q.east,
      north: q.north,
      time: (x.timeMicros - refMicros) / 1e6,
    };
  });
  const r = associatePulses(
    { sensors, detections, propagationAt, knownSites, partialStreams },
    { ...params, curvature: f.curvature }
  );
  const events = r.groups.map((g): FrameEvent => {
    const sol = g.solution;
    const sources = g.members
      .map((id) => r.detections[id]!.index)
      .sort((a, b) => a - b);
    const votes = new Map<string, number>();
    for (const i of sources)
      votes.set(classOf.get(i)!, (votes.get(classOf.get(i)!) ?? 0) + 1);
    const top = [...votes].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)
    )[0]![0];
    const weaponClass: WeaponClass | undefined =
      top === 'small_arms' ? 'small_arms' : undefined;
    // A pulse its sensor's classifier calls an explosion is an impact's
    // more often than a launch's (a blast heard, not a gun's report); an
    // impact taken for a launch puts a fire finding where the round
    // landed, on the side it was fired at. Each class weighs by what it
    // says (a naive-Bayes sum of log-likelihood ratios): one pulse called
    // launch outweighs two called explosion, where a vote did not.
    let launchLogOdds = 0;
    for (const i of sources)
      launchLogOdds += params.classLaunchLogOdds[classOf.get(i)!];
    const kind = launchLogOdds >= 0 ? 'fire' : 'impact';
    const withBearing = g.members.some(
      (id) => r.detections[id]!.bearingRad !== undefined
    );
    return {
      kind,
      east: sol.position.east,
      north: sol.position.north,
      up: sol.position.up,
      upKnown: true,
      covariance: sol.covariance,
      timeMicros: refMicros + sol.time * 1e6,
      timeSigmaS: sol.timeSigma,
      ...(weaponClass === undefined ? {} : { weaponClass }),
      confidence:
        1 / (1 + Math.exp(-(g.logLikelihoodRatio + params.priorLogOdds))),
      sources,
      sensorKinds: ['acoustic'],
      method: withBearing ? 'acoustic-tdoa-bearing' : 'acoustic-tdoa',
      acousticOnly: true,
    };
  });
  const toIndex = (ids: number[]): number[] =>
    ids.map((id) => r.detections[id]!.index).sort((a, b) => a - b);
  return {
    events,
    unassociated: toIndex(r.unassociated),
    echoes: toIndex(r.echoes),
  };
}
