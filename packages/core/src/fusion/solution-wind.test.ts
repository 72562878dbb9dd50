// The wind the solver takes as known: how a fix responds to an error in it
// (windSensitivity) and what that adds to the reported covariance; and the
// wind it estimates within a prior (windSigma, windFit).
import { describe, expect, it } from 'vitest';
import {
  multilaterate,
  type AltitudeModel,
  type LocateResult,
  type SpeedModel,
} from './multilaterate.js';
import { withWindUncertainty } from './solution.js';
import { enuPoint, seconds } from './units.js';

const C = 340;
const T0 = 5;

type Wind = { east: number; north: number };

/** Exact arrivals from `source` at speed C in `wind` (the solver's model), solved in `assumed`. */
function solve(
  sensors: readonly (readonly [number, number, number])[],
  source: readonly [number, number, number],
  wind: Wind,
  assumed: Wind,
  speed: SpeedModel,
  altitude: AltitudeModel,
  windSigma = 0
): LocateResult {
  const arrivals = sensors.map(([e, n, u]) => {
    const [de, dn, du] = [e - source[0], n - source[1], u - source[2]];
    const d = Math.hypot(de, dn, du);
    const along = (wind.east * de + wind.north * dn) / d;
    return {
      sensor: enuPoint(e, n, u),
      time: seconds(T0 + d / (C + along)),
      sigma: seconds(0.002),
    };
  });
  return multilaterate(
    { arrivals },
    {
      speed,
      altitude,
      wind: assumed,
      windSigma,
      covarianceScaling: 'never',
      // Plain least squares: nothing down-weighted or rejected.
      huberK: 1e9,
      maxOutliers: 0,
      maxIterations: 200,
    }
  )!;
}

const fixed: SpeedModel = { mode: 'fixed', speed: C };
const estimated: SpeedModel = { mode: 'estimate', prior: C, priorSigma: 3 };
const flat: AltitudeModel = { mode: 'fixed', up: 0 };
const prior: AltitudeModel = { mode: 'prior', up: 0, sigma: 30 };
const calm = { east: 0, north: 0 };

type RingCase = {
  desc: string;
  count: number;
  rangeM: number;
  speed: SpeedModel;
  altitude: AltitudeModel;
};

describe('windSensitivity at equal range', () => {
  // Sensors evenly around the source at range R: a wind error δw advances
  // every arrival downwind by R·δw·u/c², just as moving the source by
  // δw·R/c would, so the fix moves by δw·τ (τ = R/c) and t0 not at all.
  it.each<RingCase>([
    {
      desc: 'six sensors at 10 km, speed and height fixed',
      count: 6,
      rangeM: 10_000,
      speed: fixed,
      altitude: flat,
    },
    {
      desc: 'eight sensors at 3 km, speed estimated, height a prior',
      count: 8,
      rangeM: 3000,
      speed: estimated,
      altitude: prior,
    },
  ])('$desc: the fix moves τ per m/s', (c) => {
    const source = [1000, -2000, 0] as const;
    const sensors = Array.from({ length: c.count }, (_, k) => {
      const a = 0.3 + (2 * Math.PI * k) / c.count;
      return [
        source[0] + c.rangeM * Math.sin(a),
        source[1] + c.rangeM * Math.cos(a),
        0,
      ] as const;
    });
    const sol = solve(sensors, source, calm, calm, c.speed, c.altitude);
    const tau = c.rangeM / C;
    const s = sol.windSensitivity;
    // Adding wind to the model while the data have none pulls the fix upwind.
    expect(s.east[0]).toBeCloseTo(-tau, 6);
    expect(s.east[1]).toBeCloseTo(0, 6);
    expect(s.north[0]).toBeCloseTo(0, 6);
    expect(s.north[1]).toBeCloseTo(-tau, 6);
    expect(s.time[0]).toBeCloseTo(0, 9);
    expect(s.time[1]).toBeCloseTo(0, 9);

    const sigmaW = 0.5;
    const out = withWindUncertainty(sol, sigmaW);
    expect(out.position).toEqual(sol.position);
    const add = (sigmaW * tau) ** 2;
    expect(out.covariance[0] - sol.covariance[0]).toBeCloseTo(add, 6);
    expect(out.covariance[1] - sol.covariance[1]).toBeCloseTo(0, 6);
    expect(out.covariance[2] - sol.covariance[2]).toBeCloseTo(add, 6);
    expect(out.timeSigma).toBeCloseTo(sol.timeSigma, 9);
    expect(out.ellipse.semiMajorM).toBeGreaterThan(sol.ellipse.semiMajorM);
  });
});

type ModelCase = {
  desc: string;
  speed: SpeedModel;
  altitude: AltitudeModel;
};

// An uneven network, sensors at several heights, and the wind the data
// were made with: the wind shows as arrivals early and late by each path's
// length along it, which no source position reproduces.
const UNEVEN = [
  [0, 0, 0],
  [4000, 500, 20],
  [3000, 5000, -10],
  [-1500, 4000, 40],
  [1500, -2500, 0],
  [6000, 3000, 15],
] as const;
const UNEVEN_SOURCE = [-3000, 6000, 0] as const;
const UNEVEN_WIND = { east: 4, north: -3 };
const MODEL_CASES: ModelCase[] = [
  { desc: 'speed and height fixed', speed: fixed, altitude: flat },
  {
    desc: 'speed estimated, height a prior',
    speed: estimated,
    altitude: prior,
  },
];

describe('windSensitivity against re-solving', () => {
  // The sensitivity is the derivative of the fix over the assumed wind,
  // which central differences of actual solves give.
  const sensors = UNEVEN;
  const source = UNEVEN_SOURCE;
  const wind = UNEVEN_WIND;
  const h = 0.05;
  it.each<ModelCase>(MODEL_CASES)('$desc', (c) => {
    const at = (w: Wind) =>
      solve(sensors, source, wind, w, c.speed, c.altitude);
    const s = at(wind).windSensitivity;
    const checks: [Wind, Wind, 0 | 1][] = [
      [{ ...wind, east: wind.east + h }, { ...wind, east: wind.east - h }, 0],
      [
        { ...wind, north: wind.north + h },
        { ...wind, north: wind.north - h },
        1,
      ],
    ];
    for (const [plus, minus, k] of checks) {
      const a = at(plus);
      const b = at(minus);
      const de = (a.position.east - b.position.east) / (2 * h);
      const dn = (a.position.north - b.position.north) / (2 * h);
      const dt = (a.time - b.time) / (2 * h);
      // Metres per m/s, of the order of the paths' travel times.
      expect(Math.abs(s.east[k]) + Math.abs(s.north[k])).toBeGreaterThan(1);
      expect(Math.abs(s.east[k] - de)).toBeLessThan(1e-3 * Math.abs(de) + 1e-4);
      expect(Math.abs(s.north[k] - dn)).toBeLessThan(
        1e-3 * Math.abs(dn) + 1e-4
      );
      expect(Math.abs(s.time[k] - dt)).toBeLessThan(1e-3 * Math.abs(dt) + 1e-6);
    }
  });
});

describe('withWindUncertainty', () => {
  const sol = solve(
    [
      [0, 0, 0],
      [4000, 500, 0],
      [3000, 5000, 0],
      [-1500, 4000, 0],
    ],
    [1000, 1000, 0],
    calm,
    calm,
    fixed,
    flat
  );

  it('leaves a solution as it is for a wind σ of 0', () => {
    expect(withWindUncertainty(sol, 0)).toBe(sol);
  });

  it('adds σ²·S Sᵀ, growing as σ²', () => {
    const one = withWindUncertainty(sol, 1);
    const two = withWindUncertainty(sol, 2);
    const { east, north } = sol.windSensitivity;
    expect(one.covariance[0] - sol.covariance[0]).toBeCloseTo(
      east[0] ** 2 + east[1] ** 2,
      9
    );
    expect(one.covariance[1] - sol.covariance[1]).toBeCloseTo(
      east[0] * north[0] + east[1] * north[1],
      9
    );
    for (let i = 0; i < 3; i++)
      expect(two.covariance[i]! - sol.covariance[i]!).toBeCloseTo(
        4 * (one.covariance[i]! - sol.covariance[i]!),
        9
      );
    expect(two.timeSigma).toBeGreaterThan(sol.timeSigma);
  });
});

describe('windInformation', () => {
  it('sees nothing of the wind around a ring, where it is a shift of the source', () => {
    // Equal range all round: a wind error moves every arrival as moving the
    // source would, so with the source free the arrivals cannot tell it.
    const source = [1000, -2000, 0] as const;
    const sensors = Array.from({ length: 6 }, (_, k) => {
      const a = 0.3 + (2 * Math.PI * k) / 6;
      return [
        source[0] + 10_000 * Math.sin(a),
        source[1] + 10_000 * Math.cos(a),
        0,
      ] as const;
    });
    const sol = solve(sensors, source, calm, calm, fixed, flat);
    const [nee, nen, nnn] = sol.windInformation.normal;
    // DᵀD alone is ~5,000 per (m/s)² here (2 ms σ, 10 km paths).
    expect(Math.abs(nee) + Math.abs(nen) + Math.abs(nnn)).toBeLessThan(1e-3);
  });

  // One sensor more than above, leaving rows to spare beyond the wind's two.
  const sensors = [...UNEVEN, [-4000, -1000, 5] as const];
  const source = UNEVEN_SOURCE;
  const wind = UNEVEN_WIND;
  it.each<ModelCase>(MODEL_CASES)(
    '$desc: one step from a wrong wind lands near the true one',
    (c) => {
      const assumed = { east: 3.4, north: -2.3 };
      const sol = solve(sensors, source, wind, assumed, c.speed, c.altitude);
      const [a, b, d] = sol.windInformation.normal;
      const [ge, gn] = sol.windInformation.gradient;
      const det = a * d - b * b;
      expect(det).toBeGreaterThan(0);
      // δw = −N⁻¹ Dᵀ P r.
      const east = assumed.east - (d * ge - b * gn) / det;
      const north = assumed.north - (a * gn - b * ge) / det;
      expect(Math.abs(east - wind.east)).toBeLessThan(0.02);
      expect(Math.abs(north - wind.north)).toBeLessThan(0.02);
      // At the true wind the residuals hold nothing more to explain.
      const right = solve(sensors, source, wind, wind, c.speed, c.altitude);
      expect(Math.hypot(...right.windInformation.gradient)).toBeLessThan(1e-6);
    }
  );
});

describe('a wind the fit estimates (windSigma)', () => {
  const sensors = [...UNEVEN, [-4000, -1000, 5] as const];
  const source = UNEVEN_SOURCE;
  const wind = UNEVEN_WIND;
  const assumed = { east: 3.4, north: -2.3 };

  it.each<ModelCase>(MODEL_CASES)(
    '$desc: with a loose prior, finds the wind the data were made in and the source',
    (c) => {
      const sol = solve(
        sensors,
        source,
        wind,
        assumed,
        c.speed,
        c.altitude,
        50
      );
      const fit = sol.windFit!;
      expect(Math.abs(fit.east - wind.east)).toBeLessThan(1e-3);
      expect(Math.abs(fit.north - wind.north)).toBeLessThan(1e-3);
      expect(
        Math.hypot(
          sol.position.east - source[0],
          sol.position.north - source[1]
        )
      ).toBeLessThan(0.05);
      // The prior's χ², and the data narrowing a 50 m/s prior.
      const d2 =
        (wind.east - assumed.east) ** 2 + (wind.north - assumed.north) ** 2;
      expect(fit.misfit).toBeCloseTo(d2 / 2500, 5);
      expect(fit.logShrink).toBeGreaterThan(1);
      // Its posterior, far inside the prior's 2,500 (m/s)² per component.
      const [ee, en, nn] = fit.covariance;
      expect(ee).toBeGreaterThan(0);
      expect(ee * nn - en * en).toBeGreaterThan(0);
      expect(Math.max(ee, nn)).toBeLessThan(25);
    }
  );

  it('with a tight prior, keeps the given wind and the fix made in it', () => {
    const held = solve(sensors, source, wind, assumed, fixed, flat, 1e-4);
    const exact = solve(sensors, source, wind, assumed, fixed, flat);
    expect(Math.abs(held.windFit!.east - assumed.east)).toBeLessThan(1e-3);
    expect(Math.abs(held.windFit!.north - assumed.north)).toBeLessThan(1e-3);
    expect(
      Math.hypot(
        held.position.east - exact.position.east,
        held.position.north - exact.position.north
      )
    ).toBeLessThan(0.05);
    // Almost nothing learnt: the prior is far narrower than the data.
    expect(held.windFit!.logShrink).toBeLessThan(1e-3);
    expect(held.windFit!.covariance[0]).toBeCloseTo(1e-8, 10);
    expect(exact.windFit).toBeUndefined();
  });

  it('reports the precision of a fit at its estimated wind, as if that were known', () => {
    // The wind's own uncertainty is left to withWindUncertainty.
    const est = solve(sensors, source, wind, assumed, estimated, prior, 50);
    const known = solve(sensors, source, wind, wind, estimated, prior);
    for (let i = 0; i < 3; i++)
      expect(est.covariance[i]!).toBeCloseTo(known.covariance[i]!, 3);
    expect(Math.abs(est.timeSigma / known.timeSigma - 1)).toBeLessThan(1e-4);
    expect(est.windSensitivity.east[0]).toBeCloseTo(
      known.windSensitivity.east[0],
      3
    );
    expect(est.windSensitivity.north[1]).toBeCloseTo(
      known.windSensitivity.north[1],
      3
    );
  });
});
