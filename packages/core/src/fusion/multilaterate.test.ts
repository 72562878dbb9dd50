/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { crlbCovariance } from './crlb.js';
import {
  multilaterate,
  type AltitudeModel,
  type LocateInput,
  type SpeedModel,
} from './multilaterate.js';
import { createPrng, gaussianDraw } from './prng.js';
import { degrees, enuPoint, metersPerSecond, seconds } from './units.js';

type Xyz = [number, number, number];

/** A kilometre square of sensors and one south of it. */
const SQUARE_AND_ONE: readonly Xyz[] = [
  [0, 0, 0],
  [1000, 0, 0],
  [0, 1000, 0],
  [1000, 1000, 0],
  [500, -300, 0],
];

/** A solver case: measured `times`, or a `source` and `t0` they are computed from. */
type LocateVector = {
  desc: string;
  sensors: Xyz[];
  times?: number[];
  source?: Xyz;
  t0?: number;
  trueSpeed?: number;
  perturb?: { sensor: number; addS: number }[];
  bearings?: { sensor: Xyz; bearingDeg: number; sigmaDeg: number }[];
  sigmaS: number;
  speed: SpeedModel;
  altitude: AltitudeModel;
  want?: {
    position: [number, number];
    toleranceM: number;
    time?: number;
    inliers?: boolean[];
    speed?: number;
    speedTolerance?: number;
    semiMajorM?: number;
    semiMajorTolM?: number;
  };
  wantUndefined?: boolean;
};

const files = import.meta.glob<LocateVector>('./test-vectors/locate/*.json', {
  eager: true,
  import: 'default',
});

function inputOf(v: LocateVector): LocateInput {
  const c =
    v.trueSpeed ?? (v.speed.mode === 'fixed' ? v.speed.speed : v.speed.prior);
  const times =
    v.times ??
    v.sensors.map((s) => {
      const [e, n, u] = v.source!;
      return v.t0! + Math.hypot(s[0] - e, s[1] - n, s[2] - u) / c;
    });
  for (const p of v.perturb ?? []) times[p.sensor] = times[p.sensor]! + p.addS;
  return {
    arrivals: v.sensors.map((s, i) => ({
      sensor: enuPoint(...s),
      time: seconds(times[i]!),
      sigma: seconds(v.sigmaS),
    })),
    bearings: (v.bearings ?? []).map((b) => ({
      sensor: enuPoint(...b.sensor),
      bearing: degrees(b.bearingDeg),
      sigma: degrees(b.sigmaDeg),
    })),
  };
}

describe('multilaterate', () => {
  describe.each(Object.entries(files))('%s', (_name, v) => {
    it(v.desc, () => {
      const r = multilaterate(inputOf(v), {
        speed: v.speed,
        altitude: v.altitude,
      });
      if (v.wantUndefined === true) {
        expect(r).toBeUndefined();
        return;
      }
      const want = v.want!;
      expect(r).toBeDefined();
      const err = Math.hypot(
        r!.position.east - want.position[0],
        r!.position.north - want.position[1]
      );
      expect(err).toBeLessThanOrEqual(want.toleranceM);
      if (want.time !== undefined) expect(r!.time).toBeCloseTo(want.time, 9);
      if (want.inliers !== undefined)
        expect(r!.arrivalInliers).toEqual(want.inliers);
      if (want.speed !== undefined) {
        expect(Math.abs(r!.speed - want.speed)).toBeLessThanOrEqual(
          want.speedTolerance!
        );
      }
      if (want.semiMajorM !== undefined) {
        expect(
          Math.abs(r!.ellipse.semiMajorM - want.semiMajorM)
        ).toBeLessThanOrEqual(want.semiMajorTolM!);
      }
    });
  });

  describe('when an input is not finite or a sigma is not positive', () => {
    const ok = {
      sensor: enuPoint(0, 0, 0),
      time: seconds(0),
      sigma: seconds(0.001),
    };
    const options = {
      speed: { mode: 'fixed', speed: 340 },
      altitude: { mode: 'free' },
    } as const;
    it.each([
      ['a NaN time', { ...ok, time: seconds(NaN) }],
      ['a zero sigma', { ...ok, sigma: seconds(0) }],
      ['an infinite sensor', { ...ok, sensor: enuPoint(Infinity, 0, 0) }],
    ])('throws FUSION_INPUT_INVALID for %s', (_d, bad) => {
      expect(() =>
        multilaterate({ arrivals: [ok, ok, ok, bad] }, options)
      ).toThrowWithCode(CoreError, 'FUSION_INPUT_INVALID');
    });
  });

  describe('a late arrival at a high-leverage sensor', () => {
    // Six sensors about the source at σ 1 ms and one 4.4 km out at 0.3 ms:
    // alone in its direction, that one has leverage 0.83, so a fit keeping
    // it moves to meet it and its raw residual stays under the 4σ first
    // stage. Its deleted residual does not (studentized and deleted
    // residuals: Cook & Weisberg 1982, Residuals and Influence in
    // Regression, ch. 2); the leave-one-out stage is its exact refit.
    const source: Xyz = [100, 200, 0];
    const sensors: Xyz[] = [...SQUARE_AND_ONE, [-200, 600, 0], [3500, 3000, 0]];
    const far = sensors.length - 1;
    const farSigma = 0.0003;
    const arrivalsLate = (lateSigmas: number) =>
      sensors.map((s, i) => ({
        sensor: enuPoint(...s),
        time: seconds(
          Math.hypot(s[0] - source[0], s[1] - source[1]) / 340 +
            (i === far ? lateSigmas * farSigma : 0)
        ),
        sigma: seconds(i === far ? farSigma : 0.001),
      }));
    it.each([
      {
        desc: 'on time, first stage only: kept, source exact',
        late: 0,
        leaveOneOutMax: 0,
        kept: true,
        errM: [0, 1e-6],
      },
      {
        desc: 'on time, with leave-one-out: kept, source exact',
        late: 0,
        leaveOneOutMax: 12,
        kept: true,
        errM: [0, 1e-6],
      },
      {
        desc: '10σ late, first stage only: kept, the source pulled off',
        late: 10,
        leaveOneOutMax: 0,
        kept: true,
        errM: [0.5, 1],
      },
      {
        desc: '10σ late, with leave-one-out: rejected, source exact',
        late: 10,
        leaveOneOutMax: 12,
        kept: false,
        errM: [0, 1e-6],
      },
    ])('$desc', ({ late, leaveOneOutMax, kept, errM }) => {
      const r = multilaterate(
        { arrivals: arrivalsLate(late) },
        {
          speed: { mode: 'fixed', speed: 340 },
          altitude: { mode: 'fixed', up: 0 },
          leaveOneOutMax,
        }
      );
      expect(r).toBeDefined();
      expect(r!.arrivalInliers).toEqual(
        sensors.map((_, i) => i !== far || kept)
      );
      const err = Math.hypot(
        r!.position.east - source[0],
        r!.position.north - source[1]
      );
      expect(err).toBeGreaterThanOrEqual(errM[0]!);
      expect(err).toBeLessThanOrEqual(errM[1]!);
      if (kept && late > 0) {
        // What the first stage saw: a small raw residual at high leverage.
        expect(r!.arrivalInfluence[far]!.leverage).toBeGreaterThan(0.8);
        expect(Math.abs(r!.arrivalResiduals[far]!) / farSigma).toBeLessThan(2);
      }
    });
  });

  // Sensors: the jittered corners of a square (never degenerate) plus extras.
  const geometry = fc.record({
    side: fc.double({ min: 300, max: 5000, noNaN: true }),
    jitter: fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), {
      minLength: 8,
      maxLength: 8,
    }),
    extras: fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true })
      ),
      { maxLength: 4 }
    ),
    heights: fc.array(fc.double({ min: 0, max: 40, noNaN: true }), {
      minLength: 8,
      maxLength: 8,
    }),
    source: fc.tuple(
      fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      fc.double({ min: 0.05, max: 0.95, noNaN: true })
    ),
    t0: fc.double({ min: -10, max: 10, noNaN: true }),
    c: fc.double({ min: 300, max: 360, noNaN: true }),
  });

  type Geometry = typeof geometry extends fc.Arbitrary<infer T> ? T : never;

  function sensorsOf(g: Geometry): Xyz[] {
    const unit: [number, number][] = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      ...g.extras,
    ];
    return unit.map(([x, y], i) => [
      (x + (g.jitter[2 * (i % 4)] ?? 0)) * g.side,
      (y + (g.jitter[2 * (i % 4) + 1] ?? 0)) * g.side,
      g.heights[i % 8]!,
    ]);
  }

  it('recovers the true point from noiseless arrivals to 1e-6 of the array size', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const sensors = sensorsOf(g);
        const src: Xyz = [g.source[0] * g.side, g.source[1] * g.side, 5];
        const r = multilaterate(
          {
            arrivals: sensors.map((s) => ({
              sensor: enuPoint(...s),
              time: seconds(
                g.t0 +
                  Math.hypot(s[0] - src[0], s[1] - src[1], s[2] - src[2]) / g.c
              ),
              sigma: seconds(0.001),
            })),
          },
          {
            speed: { mode: 'fixed', speed: g.c },
            altitude: { mode: 'fixed', up: 5 },
          }
        );
        expect(r).toBeDefined();
        const err = Math.hypot(
          r!.position.east - src[0],
          r!.position.north - src[1]
        );
        expect(err).toBeLessThanOrEqual(1e-6 * g.side);
        expect(Math.abs(r!.time - g.t0)).toBeLessThan(1e-9 * g.side);
      })
    );
  });

  it('returns a symmetric positive-definite covariance', () => {
    fc.assert(
      fc.property(
        geometry,
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (g, seed) => {
          const rng = createPrng(seed);
          const sensors = sensorsOf(g);
          const src: Xyz = [g.source[0] * g.side, g.source[1] * g.side, 5];
          const r = multilaterate(
            {
              arrivals: sensors.map((s) => ({
                sensor: enuPoint(...s),
                time: seconds(
                  Math.hypot(s[0] - src[0], s[1] - src[1], s[2] - src[2]) /
                    g.c +
                    0.001 * gaussianDraw(rng)
                ),
                sigma: seconds(0.001),
              })),
            },
            {
              speed: { mode: 'fixed', speed: g.c },
              altitude: { mode: 'prior', up: 5, sigma: 30 },
            }
          );
          expect(r).toBeDefined();
          const [a, b, c] = r!.covariance;
          expect(a).toBeGreaterThan(0);
          expect(c).toBeGreaterThan(0);
          expect(a * c - b * b).toBeGreaterThan(0);
          expect(r!.ellipse.semiMajorM).toBeGreaterThanOrEqual(
            r!.ellipse.semiMinorM
          );
        }
      )
    );
  });
});

describe('crlbCovariance', () => {
  const sensors = SQUARE_AND_ONE;
  const truth = {
    position: enuPoint(300, 400, 0),
    time: seconds(0),
    speed: metersPerSecond(340),
  };
  const options = {
    speed: { mode: 'fixed', speed: 340 },
    altitude: { mode: 'fixed', up: 0 },
  } as const;
  const input = (n: number): LocateInput => ({
    arrivals: sensors.slice(0, n).map((s) => ({
      sensor: enuPoint(...s),
      time: seconds(Math.hypot(s[0] - 300, s[1] - 400) / 340),
      sigma: seconds(0.001),
    })),
  });

  it('equals the solver covariance at a noiseless solution', () => {
    const bound = crlbCovariance(input(5), truth, options)!;
    const r = multilaterate(input(5), {
      ...options,
      covarianceScaling: 'never',
    })!;
    for (let i = 0; i < 3; i++)
      expect(r.covariance[i]).toBeCloseTo(bound[i]!, 9);
  });

  it('shrinks when a sensor is added', () => {
    const four = crlbCovariance(input(4), truth, options)!;
    const five = crlbCovariance(input(5), truth, options)!;
    expect(five[0] + five[2]).toBeLessThan(four[0] + four[2]);
  });

  it('is undefined for a geometry that cannot fix the source', () => {
    expect(crlbCovariance(input(2), truth, options)).toBeUndefined();
  });
});
