import { describe, expect, it } from 'vitest';
import { associatePulses } from './associate.js';
import {
  stillAir,
  type AssociationParams,
  type Propagation,
} from './association-types.js';
import type { DetectionModel } from './detection-model.js';
import { SHORT_RANGE_ACOUSTIC_PARAMS } from './params.js';
import { createPrng } from './prng.js';
import { gridSensors, synthesizePulses } from './synthetic-pulses.js';

const detection: DetectionModel = {
  pDetectMax: 0.95,
  range50M: 3000,
  rangeWidthM: 300,
  falseAlarmRatePerS: 0.02,
};
const params: AssociationParams = {
  ...SHORT_RANGE_ACOUSTIC_PARAMS,
  detection,
  curvature: 0,
};
// Cold air (330 m/s) before the first weather report at 200 s, warm air
// (345 m/s, reported within 0.5) after it; before it only a loose prior.
const REPORT_S = 200;
const COLD = 330;
const WARM = 345;

function pulses() {
  const rng = createPrng(7);
  const sensors = gridSensors(3, 3, 1000, 0.002, rng);
  const burst = (speed: number, start: number, count: number) =>
    synthesizePulses(
      {
        sensors,
        sources: Array.from({ length: count }, (_, k) => ({
          east: 500 + 1000 * rng(),
          north: 500 + 1000 * rng(),
          up: 2,
          time: start + 10 * k,
        })),
        speed,
        detection,
        echoProbability: 0,
        echoDelayS: [0.03, 0.2],
        falseAlarms: 0,
        falseAlarmSpanS: [0, 1],
      },
      rng
    ).detections;
  const detections = [...burst(COLD, 5, 12), ...burst(WARM, 300, 4)]
    .sort((a, b) => a.time - b.time)
    .map((d, index) => ({ ...d, index }));
  return { sensors, detections };
}

const propagationAt = (t: number): Propagation =>
  stillAir(
    t < REPORT_S
      ? { mode: 'estimate', prior: 338, priorSigma: 10 }
      : { mode: 'estimate', prior: WARM, priorSigma: 0.5 }
  );

describe('speed calibration where weather starts mid-window', () => {
  const { groups } = associatePulses({ ...pulses(), propagationAt }, params);
  const speeds = (from: number, to: number) =>
    groups
      .filter((g) => g.solution.time >= from && g.solution.time < to)
      .map((g) => g.solution.speed);

  it('calibrates the cold stretch before the report from its pulses', () => {
    const cold = speeds(0, REPORT_S);
    expect(cold.length).toBeGreaterThanOrEqual(10);
    for (const c of cold) expect(Math.abs(c - COLD)).toBeLessThan(1.5);
  });

  // The window's calibration (cold air) must not replace the report's speed.
  it("keeps the report's speed after it", () => {
    const warm = speeds(REPORT_S, Infinity);
    expect(warm).toHaveLength(4);
    for (const c of warm) expect(Math.abs(c - WARM)).toBeLessThan(1.5);
  });
});
