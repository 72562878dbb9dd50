/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { associatePulses } from './associate.js';
import { stillAir, type AssociationParams } from './association-types.js';
import type { DetectionModel } from './detection-model.js';
import { SHORT_RANGE_ACOUSTIC_PARAMS } from './params.js';
import { createPrng } from './prng.js';
import {
  gridSensors,
  synthesizePulses,
  type SyntheticSource,
} from './synthetic-pulses.js';

/** A simulated scenario and what association must make of it. */
type AssociateVector = {
  desc: string;
  seed: number;
  grid: { rows: number; cols: number; spacingM: number; sigmaS: number };
  sources: {
    count: number;
    spacingS: number;
    jitterS: number;
    east: [number, number];
    north: [number, number];
    start: number;
  };
  speed: number;
  /** Without it the true speed is known (weather); with it, only this prior. */
  assumedSpeed?: { prior: number; priorSigma: number };
  detection: DetectionModel;
  echoProbability: number;
  echoDelayS: [number, number];
  falseAlarms: number;
  falseAlarmSpanS?: [number, number];
  mirror?: { wallEast: number; probability: number };
  /**
   * Each sensor's arrivals are late or early by a fixed amount, uniform in
   * ± this (s), the same for every source: a path whose wind was misjudged.
   */
  pathErrorS?: number;
  /** Association parameters besides the short-range network's. */
  params?: Partial<AssociationParams>;
  /** Whether, without `params`, some true source gets no event of its own. */
  paramsNeeded?: boolean;
  want: { events: number; maxErrorM: number };
};

const files = import.meta.glob<AssociateVector>(
  './test-vectors/associate/*.json',
  {
    eager: true,
    import: 'default',
  }
);

function run(v: AssociateVector, params = v.params) {
  const rng = createPrng(v.seed);
  const sensors = gridSensors(
    v.grid.rows,
    v.grid.cols,
    v.grid.spacingM,
    v.grid.sigmaS,
    rng
  );
  const s = v.sources;
  const sources: SyntheticSource[] = Array.from(
    { length: s.count },
    (_, k) => ({
      east: s.east[0] + (s.east[1] - s.east[0]) * rng(),
      north: s.north[0] + (s.north[1] - s.north[0]) * rng(),
      up: 2,
      time: s.start + k * s.spacingS + s.jitterS * rng(),
    })
  );
  const span = v.falseAlarmSpanS ?? [
    s.start - 2,
    s.start + s.count * s.spacingS + 5,
  ];
  const sim = synthesizePulses(
    {
      sensors,
      sources,
      speed: v.speed,
      detection: v.detection,
      echoProbability: v.echoProbability,
      echoDelayS: v.echoDelayS,
      falseAlarms: v.falseAlarms,
      falseAlarmSpanS: span,
      ...(v.mirror === undefined ? {} : { mirror: v.mirror }),
    },
    rng
  );
  const pathError = sensors.map(() => (2 * rng() - 1) * (v.pathErrorS ?? 0));
  const detections = sim.detections.map((d) =>
    sim.truth[d.index]!.kind === 'clutter'
      ? d
      : { ...d, time: d.time + pathError[d.sensor]! }
  );
  const resolved: AssociationParams = {
    ...SHORT_RANGE_ACOUSTIC_PARAMS,
    detection: v.detection,
    curvature: 0,
    ...params,
  };
  const result = associatePulses(
    {
      sensors,
      detections,
      propagationAt: () =>
        stillAir(
          v.assumedSpeed === undefined
            ? { mode: 'fixed', speed: v.speed }
            : { mode: 'estimate', ...v.assumedSpeed }
        ),
    },
    resolved
  );
  return { sources, sim, result };
}

/**
 * How many events of a run stand for a source of their own: ≥ 90 % of
 * their pulses its direct arrivals, within `maxErrorM` and 50 ms of it,
 * and no other event for it before.
 */
function ownEvents(v: AssociateVector, r: ReturnType<typeof run>): number {
  const claimed = new Set<number>();
  for (const g of r.result.groups) {
    const counts = new Map<number, number>();
    for (const id of g.members) {
      const t = r.sim.truth[r.result.detections[id]!.index]!;
      if (t.kind === 'direct')
        counts.set(t.source, (counts.get(t.source) ?? 0) + 1);
    }
    const [source, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [-1, 0];
    const src = r.sources[source];
    if (src === undefined || claimed.has(source)) continue;
    if (n < 0.9 * g.members.length) continue;
    const p = g.solution.position;
    if (Math.hypot(p.east - src.east, p.north - src.north) > v.want.maxErrorM)
      continue;
    if (Math.abs(g.solution.time - src.time) >= 0.05) continue;
    claimed.add(source);
  }
  return claimed.size;
}

describe('associatePulses', () => {
  describe.each(Object.entries(files))('%s', (_name, v) => {
    const { sources, sim, result } = run(v);

    it(`${v.desc}: ${v.want.events} events`, () => {
      expect(result.groups.length).toBe(v.want.events);
    });

    // A stray pulse that lands inside the gate where a sensor missed the
    // direct arrival cannot be told from it; one in ten is tolerated.
    it('makes each event of one source (≥ 90 % of its pulses), near it: no echo event', () => {
      expect(ownEvents(v, { sources, sim, result })).toBe(result.groups.length);
    });

    it('uses each pulse at most once and reports the rest as unassociated', () => {
      const used = result.groups.flatMap((g) => g.members);
      expect(new Set(used).size).toBe(used.length);
      expect(used.length + result.unassociated.length).toBe(
        sim.detections.length
      );
    });
  });

  // A vector whose parameters are what it is about shows that they are.
  describe.each(
    Object.entries(files).filter(([, v]) => v.paramsNeeded === true)
  )('%s without its parameters', (_name, v) => {
    it('gives fewer sources an event of their own', () => {
      expect(ownEvents(v, run(v, {}))).toBeLessThan(v.want.events);
    });

    it('is what a regroup capped below every span gives', () => {
      const json = (r: ReturnType<typeof run>) => JSON.stringify(r.result);
      expect(json(run(v, { ...v.params, regroupMaxPulses: 1 }))).toBe(
        json(run(v, {}))
      );
    });
  });

  it('regroups a barrage it cannot improve back to the same bytes', () => {
    // Every neighbourhood is taken apart and, explaining no more grouped
    // again, put back as it was: its groups, in their order.
    const v = files['./test-vectors/associate/barrage-with-echoes.json']!;
    const json = (r: ReturnType<typeof run>) => JSON.stringify(r.result);
    expect(json(run(v, { regroupMaxPulses: 1000 }))).toBe(json(run(v)));
  });

  it('is deterministic: the same input gives identical JSON', () => {
    const v = Object.values(files)[0]!;
    expect(JSON.stringify(run(v).result)).toBe(JSON.stringify(run(v).result));
  });
});
