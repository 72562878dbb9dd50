// The simulator section of `npm run bench:fusion`: `truce simulate`'s own
// scenes (sim/, DESIGN 4.4) at each difficulty, fused with the default
// parameters the server and `truce replay` use. Fire events are matched one
// to one to true fires (500 m, 10 s, as replay scores them); recall is over
// the fires four or more acoustic sensors heard (the rest no TDOA can
// locate, and radar finds few), precision over every fire event. Ellipse
// coverage is also scored against the fire each matched event's own
// observations came from (truth provenance): in a salvo, the nearest free
// fire can be another launcher's round.
import {
  CHI2_2DOF_95,
  SIM_DEMO_AGREEMENT,
  enuFromWgs84,
  fuseObservations,
  mahalanobis2,
  parseRfc3339Micros,
  parseSimAgreement,
  simulateScenario,
  wgs84Point,
  type FusionObservation,
  type FusionOptions,
  type SimDifficulty,
} from '@truce/core';
import { matchFires } from './fusion-attribution.js';

export type SimDifficultyMetrics = {
  difficulty: SimDifficulty;
  scenes: number;
  fires: number;
  audible: number;
  fireEvents: number;
  /** Matched fire events, and of them those on fires heard by 4+. */
  matched: number;
  matchedAudible: number;
  medianErrorM: number;
  p90ErrorM: number;
  /** Matched events whose true launch point is inside their 95 % ellipse. */
  inEllipse: number;
  /** The same, the launch point of the fire most of the event's sources came from. */
  inOwnEllipse: number;
  /**
   * Median over matched events of the true launch point's squared
   * Mahalanobis distance in the event's covariance: about 1.39 (χ²(2)'s
   * median) where ellipses are sized right for the typical event, lower
   * where they are too wide, whatever the coverage.
   */
  medianM2: number;
};

/**
 * The fire most of an event's sources (observation lines) came from, by
 * the truth's record of each observation; ties go to the lower id.
 */
function ownFire<F extends { id: string }>(
  sources: readonly number[],
  firesOf: ReadonlyMap<number, readonly string[]>,
  fireById: ReadonlyMap<string, F>
): F | undefined {
  const votes = new Map<string, number>();
  for (const line of sources)
    for (const id of firesOf.get(line) ?? [])
      if (fireById.has(id)) votes.set(id, (votes.get(id) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const v of votes)
    if (
      best === undefined ||
      v[1] > best[1] ||
      (v[1] === best[1] && v[0] < best[0])
    )
      best = v;
  return best === undefined ? undefined : fireById.get(best[0]);
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export function runSimDifficulty(
  difficulty: SimDifficulty,
  seeds: readonly number[],
  hours: number,
  fusion?: FusionOptions
): SimDifficultyMetrics {
  const agreement = parseSimAgreement(SIM_DEMO_AGREEMENT);
  const m: SimDifficultyMetrics = {
    difficulty,
    scenes: seeds.length,
    fires: 0,
    audible: 0,
    fireEvents: 0,
    matched: 0,
    matchedAudible: 0,
    medianErrorM: NaN,
    p90ErrorM: NaN,
    inEllipse: 0,
    inOwnEllipse: 0,
    medianM2: NaN,
  };
  const errors: number[] = [];
  const m2s: number[] = [];
  for (const seed of seeds) {
    const sc = simulateScenario({
      seed,
      agreement,
      params: { hours, difficulty },
    });
    const sensors = new Map(sc.sensors.map((s) => [s.id, s]));
    const observations: FusionObservation[] = sc.observations.map((o, i) => ({
      index: i,
      observation: o.payload,
      sensor: sensors.get(o.sensorId)!,
    }));
    const events = fuseObservations({
      observations,
      ...(fusion === undefined ? {} : { params: fusion }),
    }).events.filter((e) => e.kind === 'fire');
    const heard = new Map<string, Set<string>>();
    for (const o of sc.truth.observations) {
      if (o.kind !== 'acoustic' || o.label !== 'detection') continue;
      for (const s of o.sources ?? [])
        heard.set(s, (heard.get(s) ?? new Set()).add(o.sensor));
    }
    const audible = (id: string) => (heard.get(id)?.size ?? 0) >= 4;
    const fires = sc.truth.fires.map((f) => ({
      ...f,
      micros: parseRfc3339Micros(f.time),
    }));
    m.fires += fires.length;
    m.audible += fires.filter((f) => audible(f.id)).length;
    m.fireEvents += events.length;
    const firesOf = new Map(
      sc.truth.observations.map((o) => [o.line, o.sources ?? []])
    );
    const fireById = new Map(fires.map((f) => [f.id, f]));
    // A fire's launch point from an event's, metres east and north.
    type Fire = { id: string; position: readonly [number, number, number] };
    const offset = (e: (typeof events)[number], f: Fire) =>
      enuFromWgs84(
        wgs84Point(e.position[0], e.position[1], 0),
        wgs84Point(f.position[0], f.position[1], 0)
      );
    const m2 = (
      e: (typeof events)[number],
      at: { east: number; north: number }
    ) => mahalanobis2(e.covariance, at.east, at.north);
    const inside = (
      e: (typeof events)[number],
      at: { east: number; north: number }
    ) => m2(e, at) <= CHI2_2DOF_95;
    for (const [e, f] of matchFires(events, fires)) {
      m.matched++;
      if (audible(f.id)) m.matchedAudible++;
      const at = offset(e, f);
      errors.push(Math.hypot(at.east, at.north));
      if (inside(e, at)) m.inEllipse++;
      m2s.push(m2(e, at));
      const own = ownFire(e.sources, firesOf, fireById) ?? f;
      if (inside(e, own.id === f.id ? at : offset(e, own))) m.inOwnEllipse++;
    }
  }
  m.medianErrorM = quantile(errors, 0.5);
  m.p90ErrorM = quantile(errors, 0.9);
  m.medianM2 = quantile(m2s, 0.5);
  return m;
}
