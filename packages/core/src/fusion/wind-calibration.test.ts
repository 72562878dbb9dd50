// Calibrating the wind from accepted groups (wind-calibration.ts): groups
// whose arrivals were made in one wind and fitted in a reported one.
import { describe, expect, it } from 'vitest';
import type {
  AssociationParams,
  Propagation,
  PulseGroup,
} from './association-types.js';
import { multilaterate } from './multilaterate.js';
import { DEFAULT_FUSION_PARAMS } from './params.js';
import { enuPoint, seconds } from './units.js';
import { calibrateWind } from './wind-calibration.js';

const C = 340;
const TRUE_WIND = { east: 4, north: -3 };
const SENSORS = [
  [0, 0],
  [4000, 500],
  [3000, 5000],
  [-1500, 4000],
  [1500, -2500],
  [6000, 3000],
  [-4000, -1000],
] as const;

const report = (sigma: number): Propagation => ({
  speed: { mode: 'fixed', speed: C },
  windEast: 3,
  windNorth: -2,
  windSigmaMs: sigma,
});

/** A group emitted at `time` from `source`, heard by the first `count` sensors, fitted in `prop`'s wind. */
function group(
  time: number,
  source: readonly [number, number],
  count: number,
  prop: Propagation
): PulseGroup {
  const arrivals = SENSORS.slice(0, count).map(([e, n]) => {
    const [de, dn] = [e - source[0], n - source[1]];
    const d = Math.hypot(de, dn);
    const along = (TRUE_WIND.east * de + TRUE_WIND.north * dn) / d;
    return {
      sensor: enuPoint(e, n, 0),
      time: seconds(time + d / (C + along)),
      sigma: seconds(0.002),
    };
  });
  const solution = multilaterate(
    { arrivals },
    {
      speed: { mode: 'fixed', speed: C },
      altitude: { mode: 'fixed', up: 0 },
      wind: { east: prop.windEast, north: prop.windNorth },
      covarianceScaling: 'never',
      huberK: 1e9,
      maxOutliers: 0,
    }
  )!;
  return {
    members: arrivals.map((_, k) => k),
    seed: 0,
    solution,
    logLikelihoodRatio: 40,
  };
}

const params = (over: Partial<AssociationParams> = {}): AssociationParams => ({
  ...DEFAULT_FUSION_PARAMS.acoustic,
  curvature: 0,
  ...over,
});

describe('calibrateWind', () => {
  const prop = report(0.6);
  const ctx = (over: Partial<AssociationParams> = {}, p = prop) => ({
    params: params(over),
    propagationAt: () => p,
  });
  const two = [
    group(100, [-3000, 6000], 7, prop),
    group(200, [2000, 9000], 7, prop),
  ];

  it.each([
    { desc: 'turned off', c: ctx({ windCalibrationMinMembers: 0 }), g: two },
    { desc: 'the wind is exact', c: ctx({}, report(0)), g: two },
    {
      desc: 'no group has enough pulses',
      c: ctx(),
      g: [group(100, [-3000, 6000], 5, prop)],
    },
    { desc: 'there is no group', c: ctx(), g: [] },
  ])('calibrates nothing when $desc', ({ c, g }) => {
    expect(calibrateWind(c, g)).toBeUndefined();
  });

  it("finds the wind the arrivals were made in, within its window, and leaves the report's elsewhere", () => {
    const at = calibrateWind(ctx(), two)!;
    const w = at(150);
    expect(Math.abs(w.windEast - TRUE_WIND.east)).toBeLessThan(0.05);
    expect(Math.abs(w.windNorth - TRUE_WIND.north)).toBeLessThan(0.05);
    // Its σ is what calibration leaves (the floor) and a little more.
    const floor = DEFAULT_FUSION_PARAMS.acoustic.windCalibrationSigmaMs;
    expect(w.windSigmaMs).toBeGreaterThanOrEqual(floor);
    expect(w.windSigmaMs).toBeLessThan(floor + 0.05);
    expect(w.speed).toEqual(prop.speed);
    // Groups count within 150 s (their fitted emissions are near 100 and
    // 200 s); one alone already gives much the same wind.
    for (const t of [-60, 360, 1000]) expect(at(t)).toBe(prop);
    for (const t of [-40, 340]) {
      expect(Math.abs(at(t).windEast - TRUE_WIND.east)).toBeLessThan(0.1);
      expect(at(t).windSigmaMs).toBeGreaterThan(w.windSigmaMs);
    }
  });

  it('trusts the report as far as its σ says: a tight one barely moves', () => {
    const tight = report(0.001);
    const at = calibrateWind(ctx({}, tight), [
      group(100, [-3000, 6000], 7, tight),
    ])!;
    const w = at(100);
    expect(Math.abs(w.windEast - tight.windEast)).toBeLessThan(0.01);
    expect(Math.abs(w.windNorth - tight.windNorth)).toBeLessThan(0.01);
  });

  it('calibrates again from groups fitted in a calibrated wind, the reports still its prior', () => {
    // The next step of associatePulses: fits in the wind the last one
    // found, which is nearer the truth but not the prior (the reports are).
    const once = calibrateWind(ctx(), two)!(150);
    const nearer: Propagation = {
      ...prop,
      windEast: TRUE_WIND.east - 0.3,
      windNorth: TRUE_WIND.north + 0.2,
      windSigmaMs: 0.4,
    };
    const refit = [
      group(100, [-3000, 6000], 7, nearer),
      group(200, [2000, 9000], 7, nearer),
    ];
    const at = calibrateWind(ctx({}, nearer), refit, () => prop)!;
    const w = at(150);
    expect(Math.abs(w.windEast - TRUE_WIND.east)).toBeLessThan(0.05);
    expect(Math.abs(w.windNorth - TRUE_WIND.north)).toBeLessThan(0.05);
    // The same information as from the reports' air: the same σ, not one
    // that counted the last step's groups twice.
    expect(w.windSigmaMs).toBeCloseTo(once.windSigmaMs, 4);
    // Outside every group's window, the reports' air, not the fitted one.
    expect(at(1000)).toBe(prop);
  });
});
