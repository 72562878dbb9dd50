// Every pulse a group holds is one its solution keeps: a re-solve without
// the pulses the first fit rejected may reject another (one the others no
// longer carry), and that one must leave the group too. The hard synthetic
// scene of bench:fusion's seed 1003 held such a group (a source's own echo
// 40 ms late, kept as a member while its solution had rejected it).
import { describe, expect, it } from 'vitest';
import { associatePulses } from './associate.js';
import { stillAir, type AssociationParams } from './association-types.js';
import { SHORT_RANGE_ACOUSTIC_PARAMS } from './params.js';
import { createPrng, gaussianDraw } from './prng.js';
import { gridSensors, synthesizePulses } from './synthetic-pulses.js';

const C = 340;

describe('group members and their solution', () => {
  it.each([1003])(
    'seed %i: 100 sources 0.5 s apart, echoes and clutter',
    (seed) => {
      const rng = createPrng(seed);
      const sensors = gridSensors(5, 6, 1000, 0.0005, rng).map((s) => ({
        ...s,
        sigmaS: 0.0005 + 0.0025 * rng(),
      }));
      const trueC = C * (1 + 0.02 * gaussianDraw(rng));
      const sources = Array.from({ length: 100 }, (_, k) => ({
        east: 5000 * rng(),
        north: 4000 * rng(),
        up: 2,
        time: 5 + k * 0.5 + 0.1 * rng(),
      }));
      const detection = {
        pDetectMax: 0.7,
        range50M: 3000,
        rangeWidthM: 300,
        falseAlarmRatePerS: 0.2,
      };
      const sim = synthesizePulses(
        {
          sensors,
          sources,
          speed: trueC,
          detection,
          echoProbability: 0.6,
          echoDelayS: [0.03, 0.2],
          falseAlarms: Math.round(0.2 * 80 * sensors.length),
          falseAlarmSpanS: [0, 80],
        },
        rng
      );
      const params: AssociationParams = {
        ...SHORT_RANGE_ACOUSTIC_PARAMS,
        detection,
        curvature: 0,
      };
      const r = associatePulses(
        {
          sensors,
          detections: sim.detections,
          propagationAt: () =>
            stillAir({ mode: 'estimate', prior: C, priorSigma: 0.02 * C }),
        },
        params
      );
      expect(r.groups.length).toBeGreaterThan(50);
      for (const g of r.groups) {
        expect(g.solution.arrivalInliers).toHaveLength(g.members.length);
        expect(g.solution.arrivalInliers.every(Boolean)).toBe(true);
      }
    }
  );
});
