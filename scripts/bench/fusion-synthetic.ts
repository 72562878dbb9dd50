// Synthetic section of `npm run bench:fusion`: seeded scenarios of growing
// difficulty (echoes, clutter, misses, barrages, a 2 % sound-speed error),
// scored against their truth, and a long stream for throughput.
import {
  CHI2_2DOF_95,
  associatePulses,
  createPrng,
  crlbCovariance,
  enuPoint,
  gaussianDraw,
  gridSensors,
  mahalanobis2,
  metersPerSecond,
  seconds,
  synthesizePulses,
  type AssociationParams,
  type DetectionModel,
  type PulseSensor,
  type SyntheticSource,
  SHORT_RANGE_ACOUSTIC_PARAMS,
  stillAir,
} from '@truce/core';

export type Difficulty = {
  name: string;
  sources: number;
  spacingS: number;
  pDetectMax: number;
  echoProbability: number;
  falseAlarmRatePerS: number;
  /** Per-sensor timing σ drawn uniformly from this range, seconds. */
  sigmaS: [number, number];
  /** 1σ of the true speed of sound around the 340 m/s the solver assumes. */
  speedError: number;
};

export const DIFFICULTIES: Difficulty[] = [
  {
    name: 'easy',
    sources: 100,
    spacingS: 3,
    pDetectMax: 0.95,
    echoProbability: 0,
    falseAlarmRatePerS: 0.01,
    sigmaS: [0.001, 0.001],
    speedError: 0.02,
  },
  {
    name: 'medium',
    sources: 100,
    spacingS: 1.5,
    pDetectMax: 0.85,
    echoProbability: 0.3,
    falseAlarmRatePerS: 0.05,
    sigmaS: [0.0005, 0.002],
    speedError: 0.02,
  },
  {
    name: 'hard',
    sources: 100,
    spacingS: 0.5,
    pDetectMax: 0.7,
    echoProbability: 0.6,
    falseAlarmRatePerS: 0.2,
    sigmaS: [0.0005, 0.003],
    speedError: 0.02,
  },
];

const NOMINAL_C = 340;

export type ScenarioMetrics = {
  name: string;
  runs: number;
  detectable: number;
  events: number;
  recall: number;
  precision: number;
  medianErrorM: number;
  p90ErrorM: number;
  rmsOverCrlb: number;
  ellipseCoverage: number;
};

function sensorsFor(rng: () => number, d: Difficulty): PulseSensor[] {
  return gridSensors(5, 6, 1000, d.sigmaS[0], rng).map((s) => ({
    ...s,
    sigmaS: d.sigmaS[0] + (d.sigmaS[1] - d.sigmaS[0]) * rng(),
  }));
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/** Runs one difficulty `runs` times with seeds seed, seed+1, ... and scores it. */
export function runDifficulty(
  d: Difficulty,
  runs: number,
  seed: number
): ScenarioMetrics {
  let detectable = 0;
  let events = 0;
  let matched = 0;
  const errors: number[] = [];
  // Per event: squared error over the trace of its own CRLB (both 2-D).
  let ratio2 = 0;
  let bounded = 0;
  let inside = 0;
  for (let run = 0; run < runs; run++) {
    const rng = createPrng(seed + run);
    const sensors = sensorsFor(rng, d);
    const trueC = NOMINAL_C * (1 + d.speedError * gaussianDraw(rng));
    const sources: SyntheticSource[] = Array.from(
      { length: d.sources },
      (_, k) => ({
        east: 5000 * rng(),
        north: 4000 * rng(),
        up: 2,
        time: 5 + k * d.spacingS + 0.2 * d.spacingS * rng(),
      })
    );
    const detection: DetectionModel = {
      pDetectMax: d.pDetectMax,
      range50M: 3000,
      rangeWidthM: 300,
      falseAlarmRatePerS: d.falseAlarmRatePerS,
    };
    const span = sources.length * d.spacingS + 30;
    const sim = synthesizePulses(
      {
        sensors,
        sources,
        speed: trueC,
        detection,
        echoProbability: d.echoProbability,
        echoDelayS: [0.03, 0.2],
        falseAlarms: Math.round(d.falseAlarmRatePerS * span * sensors.length),
        falseAlarmSpanS: [0, span],
      },
      rng
    );
    const speedPrior = {
      mode: 'estimate' as const,
      prior: NOMINAL_C,
      priorSigma: d.speedError * NOMINAL_C,
    };
    const params: AssociationParams = {
      ...SHORT_RANGE_ACOUSTIC_PARAMS,
      detection,
      curvature: 0,
    };
    const r = associatePulses(
      {
        sensors,
        detections: sim.detections,
        propagationAt: () => stillAir(speedPrior),
      },
      params
    );
    const directs = sources.map(() => 0);
    for (const t of sim.truth) if (t.kind === 'direct') directs[t.source]!++;
    detectable += directs.filter((n) => n >= params.minDetections).length;
    events += r.groups.length;
    const claimed = new Set<number>();
    for (const g of r.groups) {
      const counts = new Map<number, number>();
      for (const id of g.members) {
        const t = sim.truth[r.detections[id]!.index]!;
        if (t.kind === 'direct')
          counts.set(t.source, (counts.get(t.source) ?? 0) + 1);
      }
      const [k, n] = [...counts].sort(
        (a, b) => b[1] - a[1] || a[0] - b[0]
      )[0] ?? [-1, 0];
      const src = sources[k];
      if (src === undefined || claimed.has(k) || n < g.members.length / 2)
        continue;
      const p = g.solution.position;
      const de = p.east - src.east;
      const dn = p.north - src.north;
      const e = Math.hypot(de, dn);
      if (e > 50) continue;
      claimed.add(k);
      matched++;
      errors.push(e);
      if (mahalanobis2(g.solution.covariance, de, dn) <= CHI2_2DOF_95) inside++;
      const heights = g.members
        .map((id) => sensors[r.detections[id]!.sensor]!.surfaceHeight)
        .sort((a, b) => a - b);
      const bound = crlbCovariance(
        {
          arrivals: g.members.map((id) => {
            const s = sensors[r.detections[id]!.sensor]!;
            return {
              sensor: enuPoint(s.east, s.north, s.up),
              time: seconds(0),
              sigma: seconds(s.sigmaS),
            };
          }),
        },
        {
          position: enuPoint(src.east, src.north, src.up),
          time: seconds(src.time),
          speed: metersPerSecond(trueC),
        },
        {
          speed:
            g.members.length >= params.minSpeedEstimateDetections
              ? speedPrior
              : { mode: 'fixed', speed: NOMINAL_C },
          altitude: {
            mode: 'prior',
            up: heights[heights.length >> 1]!,
            sigma: params.altitudeSigmaM,
          },
        }
      );
      if (bound !== undefined) {
        ratio2 += (de * de + dn * dn) / (bound[0] + bound[2]);
        bounded++;
      }
    }
  }
  return {
    name: d.name,
    runs,
    detectable,
    events,
    recall: matched / detectable,
    precision: events === 0 ? NaN : matched / events,
    medianErrorM: quantile(errors, 0.5),
    p90ErrorM: quantile(errors, 0.9),
    rmsOverCrlb: Math.sqrt(ratio2 / bounded),
    ellipseCoverage: inside / matched,
  };
}
