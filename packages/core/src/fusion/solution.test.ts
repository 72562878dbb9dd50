import { describe, expect, it } from 'vitest';
import {
  multilaterate,
  type AltitudeModel,
  type CovarianceScaling,
  type LocateResult,
  type SpeedModel,
} from './multilaterate.js';
import { withAssociationSpread, withResidualPrecision } from './solution.js';
import { enuPoint, seconds } from './units.js';

const SENSORS: [number, number, number][] = [
  [0, 0, 0],
  [1000, 0, 5],
  [1000, 1000, -5],
  [0, 1000, 10],
  [500, -300, 0],
  [-200, 600, 0],
];
// Arrival-time errors (ms) before scaling by a case's `noise`.
const ERRORS_MS = [1.0, -0.8, 0.6, -1.2, 0.9, -0.5];
const SOURCE = [300, 400, 0] as const;

type Case = {
  desc: string;
  sensors: number;
  noise: number;
  speed: SpeedModel;
  altitude: AltitudeModel;
  scaling: CovarianceScaling;
  /** Whether the reported precision is wider than the solver's. */
  scaled: boolean;
};

const fixed = { mode: 'fixed', speed: 340 } as const;
const flat = { mode: 'fixed', up: 0 } as const;

function solve(c: Omit<Case, 'desc' | 'scaled'>, without = -1): LocateResult {
  const arrivals = SENSORS.slice(0, c.sensors).flatMap(([e, n, u], i) =>
    i === without
      ? []
      : [
          {
            sensor: enuPoint(e, n, u),
            time: seconds(
              Math.hypot(e - SOURCE[0], n - SOURCE[1], u - SOURCE[2]) / 340 +
                (c.noise * ERRORS_MS[i]!) / 1000
            ),
            sigma: seconds(0.001),
          },
        ]
  );
  return multilaterate(
    { arrivals },
    {
      speed: c.speed,
      altitude: c.altitude,
      covarianceScaling: c.scaling,
      // Plain least squares: no down-weighting, nothing rejected.
      huberK: 1e9,
      maxOutliers: 0,
    }
  )!;
}

describe('withResidualPrecision', () => {
  it.each<Case>([
    {
      desc: 'residuals wider than nominal: scaled by χ²/dof',
      sensors: 6,
      noise: 2,
      speed: fixed,
      altitude: flat,
      scaling: 'never',
      scaled: true,
    },
    {
      desc: 'speed and height estimated: their σ scaled too',
      sensors: 6,
      noise: 2,
      speed: { mode: 'estimate', prior: 340, priorSigma: 5 },
      altitude: { mode: 'prior', up: 0, sigma: 30 },
      scaling: 'never',
      scaled: true,
    },
    {
      desc: 'a clean solve (χ²/dof < 1): unchanged',
      sensors: 6,
      noise: 0.1,
      speed: fixed,
      altitude: flat,
      scaling: 'never',
      scaled: false,
    },
    {
      desc: 'no spare rows (dof 0): unchanged',
      sensors: 3,
      noise: 2,
      speed: fixed,
      altitude: flat,
      scaling: 'never',
      scaled: false,
    },
    {
      desc: 'already scaled by the solver: unchanged',
      sensors: 6,
      noise: 2,
      speed: fixed,
      altitude: flat,
      scaling: 'always',
      scaled: false,
    },
  ])('$desc', ({ desc: _d, scaled, ...c }) => {
    const sol = solve(c);
    const out = withResidualPrecision(sol);
    if (!scaled) {
      expect(out).toBe(sol);
      return;
    }
    const s = sol.varianceFactor;
    expect(s).toBeGreaterThan(1);
    expect(out.covarianceScaled).toBe(true);
    expect(out.position).toEqual(sol.position);
    for (let i = 0; i < 3; i++)
      expect(out.covariance[i]).toBeCloseTo(sol.covariance[i]! * s, 12);
    expect(out.ellipse.semiMajorM).toBeCloseTo(
      sol.ellipse.semiMajorM * Math.sqrt(s),
      9
    );
    expect(out.timeSigma).toBeCloseTo(sol.timeSigma * Math.sqrt(s), 12);
    if (sol.speedSigma !== undefined)
      expect(out.speedSigma).toBeCloseTo(sol.speedSigma * Math.sqrt(s), 9);
    if (sol.upSigma !== undefined)
      expect(out.upSigma).toBeCloseTo(sol.upSigma * Math.sqrt(s), 9);
  });

  it('reports 4x the nominal covariance when the residuals are 2x wider', () => {
    const options = {
      sensors: 6,
      speed: fixed,
      altitude: flat,
      scaling: 'never',
    } as const;
    const one = withResidualPrecision(solve({ ...options, noise: 1.5 }));
    const two = withResidualPrecision(solve({ ...options, noise: 3 }));
    // The nominal covariance barely moves with the solution; χ² is 4x.
    for (let i = 0; i < 3; i++)
      expect(two.covariance[i]! / one.covariance[i]!).toBeCloseTo(4, 2);
  });
});

describe('arrivalInfluence', () => {
  const options = {
    sensors: 6,
    noise: 3,
    speed: fixed,
    altitude: flat,
    scaling: 'never',
  } as const;
  const sol = solve(options);

  // The linearised deleted-case shift against an actual refit without the
  // arrival: the geometry is near linear at this range, so they agree to a
  // few millimetres of shifts of decimetres.
  it.each([0, 2, 4, 5])('arrival %i: shift as a refit without it', (i) => {
    const refit = solve(options, i);
    const f = sol.arrivalInfluence[i]!;
    const de = refit.position.east - sol.position.east;
    const dn = refit.position.north - sol.position.north;
    expect(Math.hypot(de, dn)).toBeGreaterThan(0.05);
    expect(Math.hypot(f.east - de, f.north - dn)).toBeLessThan(
      0.02 * Math.hypot(de, dn)
    );
  });

  it('leverages sum to the unknowns (east, north, time)', () => {
    const sum = sol.arrivalInfluence.reduce((s, f) => s + f.leverage, 0);
    expect(sum).toBeCloseTo(3, 9);
    for (const f of sol.arrivalInfluence) {
      expect(f.leverage).toBeGreaterThan(0);
      expect(f.leverage).toBeLessThan(1);
    }
  });
});

describe('withAssociationSpread', () => {
  const sol = solve({
    sensors: 6,
    noise: 3,
    speed: fixed,
    altitude: flat,
    scaling: 'never',
  });

  it.each([{ doubt: [] }, { doubt: [0, 0, 0, 0, 0, 0] }])(
    'no doubt ($doubt): unchanged',
    ({ doubt }) => {
      expect(withAssociationSpread(sol, doubt)).toBe(sol);
    }
  );

  it('adds q·δδᵀ for a doubted arrival, the position unchanged', () => {
    const q = 0.3;
    const f = sol.arrivalInfluence[4]!;
    const out = withAssociationSpread(sol, [0, 0, 0, 0, q, 0]);
    expect(out.position).toEqual(sol.position);
    const [ce, cen, cn] = sol.covariance;
    expect(out.covariance[0]).toBeCloseTo(ce + q * f.east * f.east, 12);
    expect(out.covariance[1]).toBeCloseTo(cen + q * f.east * f.north, 12);
    expect(out.covariance[2]).toBeCloseTo(cn + q * f.north * f.north, 12);
    expect(out.ellipse.semiMajorM).toBeGreaterThan(sol.ellipse.semiMajorM);
  });
});
