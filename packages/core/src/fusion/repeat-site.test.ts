import { describe, expect, it } from 'vitest';
import { associatePulses } from './associate.js';
import {
  stillAir,
  type AssociationContext,
  type AssociationParams,
  type PulseGroup,
  type PulseDetection,
  type PulseSensor,
} from './association-types.js';
import { DEFAULT_FUSION_PARAMS } from './params.js';
import {
  repeatSiteLogGain,
  repeatSiteLogGainBound,
  repeatsAcceptedEmission,
  trainOffsets,
} from './repeat-site.js';

const C = 340;
const params: AssociationParams = {
  ...DEFAULT_FUSION_PARAMS.acoustic,
  curvature: 0,
};
// Five sensors on a ring of 9 km: each emission is heard by all five,
// exactly, which alone scores below the threshold under the 30 km reach.
// Emissions 3 s apart, as a gun's or heavy launcher's rounds.
const sensors: PulseSensor[] = Array.from({ length: 5 }, (_, i) => ({
  east: 9000 * Math.cos((2 * Math.PI * i) / 5),
  north: 9000 * Math.sin((2 * Math.PI * i) / 5),
  up: 0,
  surfaceHeight: 0,
  sigmaS: 0.002,
}));

/** Emissions: [east, north, time] each. */
function associate(emissions: readonly [number, number, number][]) {
  const detections: PulseDetection[] = emissions
    .flatMap(([east, north, time]) =>
      sensors.map((s, i) => ({
        sensor: i,
        time: time + Math.hypot(s.east - east, s.north - north) / C,
        snrDb: 16,
      }))
    )
    .sort((a, b) => a.time - b.time)
    .map((d, index) => ({ ...d, index }));
  return associatePulses(
    {
      sensors,
      detections,
      propagationAt: () => stillAir({ mode: 'fixed', speed: C }),
    },
    params
  );
}

const salvo = (n: number, east: number, north: number, everyS: number) =>
  Array.from(
    { length: n },
    (_, k) => [east, north, 10 + k * everyS] as [number, number, number]
  );

describe('emissions from one site support each other', () => {
  it.each([
    {
      desc: 'one emission alone is too faint',
      emissions: salvo(1, 1000, 500, 3),
      events: 0,
    },
    {
      desc: 'two from one site lift each other',
      emissions: salvo(2, 1000, 500, 3),
      events: 2,
    },
    {
      desc: 'a salvo of six from one site is found whole',
      emissions: salvo(6, 1000, 500, 3),
      events: 6,
    },
    {
      desc: 'a salvo of six every half second is a pulse train: no help',
      emissions: salvo(6, 1000, 500, 0.5),
      events: 0,
    },
    {
      desc: 'two from sites 3 km apart do not support each other',
      emissions: [
        [1000, 500, 10],
        [-2000, 1500, 13],
      ] as [number, number, number][],
      events: 0,
    },
    {
      desc: 'two from one site over a minute apart are not repeats',
      emissions: [
        [1000, 500, 10],
        [1000, 500, 100],
      ] as [number, number, number][],
      events: 0,
    },
  ])('$desc', ({ emissions, events }) => {
    const r = associate(emissions);
    expect(r.groups.length).toBe(events);
    for (const g of r.groups) {
      expect(g.members.length).toBe(5);
      expect(g.logLikelihoodRatio).toBeGreaterThanOrEqual(
        params.minLogLikelihoodRatio
      );
      expect(
        Math.hypot(
          g.solution.position.east - 1000,
          g.solution.position.north - 500
        )
      ).toBeLessThan(50);
    }
  });

  it('gives the same groups for the same input', () => {
    const once = associate(salvo(6, 1000, 500, 3));
    const again = associate(salvo(6, 1000, 500, 3));
    expect(JSON.stringify(again.groups)).toBe(JSON.stringify(once.groups));
  });
});

describe('repeatSiteLogGain', () => {
  const ctx = { params };
  // A source at the origin, located to 10 m, at t = 100 s.
  const at = (east: number, time: number, sigmaM = 10) => ({
    position: { east, north: 0, up: 0 },
    covariance: [sigmaM ** 2, 0, sigmaM ** 2] as [number, number, number],
    time,
    timeSigma: 0.01,
  });
  const source = at(0, 100);
  const asGroup = (solution: ReturnType<typeof at>) =>
    ({ members: [], seed: 0, logLikelihoodRatio: 30, solution }) as never;
  // A·N at the site itself: R²/(2·(2·10² + 30²)), the spreads added.
  const onSite = Math.log(0.5 + (0.5 * 30_000 ** 2) / (2 * (200 + 900)));

  it.each([
    { desc: 'no recent site: the uniform prior alone', sites: [], gain: 0 },
    { desc: 'a repeat on the site', sites: [at(0, 98)], gain: onSite },
    {
      desc: 'a site 5 km off: the share left to anywhere',
      sites: [at(5000, 98)],
      gain: Math.log(0.5),
    },
    {
      desc: 'a site at its own instant is not a repeat',
      sites: [at(0, 100.005)],
      gain: 0,
    },
    { desc: 'a site over a minute before', sites: [at(0, 30)], gain: 0 },
    {
      desc: 'at a site at its own instant it is that emission again',
      sites: [at(0, 98), at(5, 100.005)],
      gain: 0,
    },
    {
      desc: 'two sites share the prior',
      sites: [at(0, 97), at(5000, 98)],
      gain: Math.log(0.5 + 0.5 * ((Math.exp(onSite) - 0.5) / 0.5 / 2)),
    },
  ])('$desc', ({ sites, gain }) => {
    expect(repeatSiteLogGain(ctx, source, sites.map(asGroup))).toBeCloseTo(
      gain,
      6
    );
    // Given as extra sites rather than accepted groups: the same.
    expect(repeatSiteLogGain(ctx, source, [], sites)).toBeCloseTo(gain, 6);
  });

  it('is bounded by what a site at the very point could give', () => {
    for (const sites of [[at(0, 98, 0)], [at(20, 98, 1)], [at(0, 98, 50)]])
      expect(repeatSiteLogGain(ctx, source, [], sites)).toBeLessThanOrEqual(
        repeatSiteLogGainBound(ctx, source) + 1e-12
      );
    expect(repeatSiteLogGain(ctx, source, [], [at(0, 98, 0)])).toBeCloseTo(
      repeatSiteLogGainBound(ctx, source),
      9
    );
  });
});

describe('repeatsAcceptedEmission', () => {
  // An accepted group heard at sensors 0-4 from t = 10 s (emitted at 9 s),
  // and a candidate's pulses at those sensors, given as lags behind it.
  const heard = [10, 10.4, 10.9, 11.2, 11.6];
  const sigmaS = 0.002; // 3σ√2 ≈ 8.5 ms either way
  function check(lags: readonly number[], emittedAt = 9): boolean {
    const dets = [
      ...heard.map((time, sensor) => ({ sensor, time })),
      ...lags.map((lag, sensor) => ({ sensor, time: heard[sensor]! + lag })),
    ];
    const group = {
      members: heard.map((_, i) => i),
      seed: 0,
      logLikelihoodRatio: 20,
      solution: { time: emittedAt },
    } as unknown as PulseGroup;
    return repeatsAcceptedEmission(
      {
        dets: dets as unknown as AssociationContext['dets'],
        sSigma: Float64Array.from(heard, () => sigmaS),
        accepted: [group],
      },
      lags.map((_, i) => heard.length + i)
    );
  }
  it.each([
    [
      'each pulse that group’s own, 0.8 s later',
      [0.8, 0.8, 0.8, 0.8, 0.8],
      true,
    ],
    ['within timing noise of one delay', [0.8, 0.806, 0.797, 0.803, 0.8], true],
    ['three shared sensors are enough', [0.8, 0.8, 0.8], true],
    ['two are not', [0.8, 0.8], false],
    ['pulses of two rounds (0.8 and 1.6 s)', [0.8, 0.8, 1.6, 0.8, 0.8], false],
    ['one pulse 20 ms off the common delay', [0.8, 0.8, 0.82, 0.8, 0.8], false],
    ['pulses before that group’s', [-0.8, -0.8, -0.8, -0.8, -0.8], false],
    ['one of them before that group’s', [0.8, 0.8, 0.8, 0.8, -0.8], false],
    ['over a minute later', [61, 61, 61, 61, 61], false],
  ])('%s: %s', (_, lags, want) => {
    expect(check(lags)).toBe(want);
  });

  it('judges each group by its own pulses, whatever was asked before', () => {
    expect(check([0.8, 0.8, 0.8, 0.8, 0.8])).toBe(true);
    expect(check([0.8, 0.8])).toBe(false);
    expect(check([0.8, 0.8, 0.8])).toBe(true);
  });
});

describe('trainOffsets', () => {
  it.each([
    { desc: 'nothing', times: [], want: [] },
    { desc: 'pulses alone', times: [1, 4, 9], want: [0, 0, 0] },
    {
      desc: 'a salvo 0.5 s apart',
      times: [10, 10.5, 11, 11.5],
      want: [0, 0.5, 1, 1.5],
    },
    {
      desc: 'a gap of exactly 2 s keeps the train; more starts one',
      times: [0, 2, 4.5, 5],
      want: [0, 2, 0, 0.5],
    },
    {
      desc: 'two pulses at one instant',
      times: [3, 3, 3.2],
      want: [0, 0, 0.2],
    },
  ])('$desc', ({ times, want }) => {
    const got = [...trainOffsets(Float64Array.from(times))];
    expect(got.map((x) => Math.round(x * 1e9) / 1e9)).toEqual(want);
  });
});
