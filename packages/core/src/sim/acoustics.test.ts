import { describe, expect, it } from 'vitest';
import {
  SOURCE_MODELS,
  detectionProbability,
  meanSnrDb,
  normalCdf,
  propagationJitterS,
  transmissionLossDb,
  travelTimeS,
  windAlongMs,
} from './acoustics.js';
import type { AcousticPhase } from './acoustics.js';
import { DETECTION_THRESHOLD_DB } from './params.js';
import type { SimFireClass } from './params.js';

const AIR = { temperatureC: 15, humidityPct: 70, pressureHpa: 1000 };
const NOISE_DB = 45;

/** Range at which the mean SNR falls to the threshold (half are heard), km. */
function halfRangeKm(weapon: SimFireClass, phase: AcousticPhase): number {
  const model = SOURCE_MODELS[weapon][phase];
  let r = 1;
  while (meanSnrDb(model, r, NOISE_DB, AIR) >= DETECTION_THRESHOLD_DB) r += 10;
  return r / 1000;
}

describe('SOURCE_MODELS', () => {
  // Design targets from published detection ranges (see acoustics.ts).
  const bands: [SimFireClass, AcousticPhase, number, number][] = [
    ['small_arms', 'launch', 1, 2.5],
    ['mortar', 'launch', 6, 11],
    ['mortar', 'impact', 7, 12],
    ['tank', 'launch', 8, 14],
    ['artillery', 'launch', 12, 22],
    ['artillery', 'impact', 12, 22],
    ['mlrs', 'launch', 12, 20],
    ['mlrs', 'impact', 12, 20],
    ['heavy_mlrs', 'launch', 15, 28],
  ];
  it.each(bands)(
    'hears half of %s %s pulses out to %f–%f km',
    (w, p, lo, hi) => {
      const km = halfRangeKm(w, p);
      expect(km).toBeGreaterThanOrEqual(lo);
      expect(km).toBeLessThanOrEqual(hi);
    }
  );

  it('makes detection less likely with every km of range', () => {
    for (const [weapon, phases] of Object.entries(SOURCE_MODELS)) {
      for (const model of Object.values(phases)) {
        let last = 1;
        for (let km = 0.5; km <= 40; km += 0.5) {
          const pd = detectionProbability(
            meanSnrDb(model, km * 1000, NOISE_DB, AIR),
            DETECTION_THRESHOLD_DB,
            4
          );
          expect(pd, `${weapon} at ${km} km`).toBeLessThanOrEqual(last);
          last = pd;
        }
      }
    }
  });
});

describe('transmissionLossDb', () => {
  // 20·log10(1000) = 60 dB, plus 1 dB excess, plus ISO 9613-1 at 63 Hz (~0.1 dB).
  it('is spreading, absorption and excess loss', () => {
    const loss = transmissionLossDb(1000, 63, AIR);
    expect(loss).toBeGreaterThan(61);
    expect(loss).toBeLessThan(61.3);
    expect(transmissionLossDb(0.5, 63, AIR)).toBeCloseTo(0, 2);
  });
});

describe('normalCdf', () => {
  const cases: [number, number][] = [
    [0, 0.5],
    [1, 0.841345],
    [-1, 0.158655],
    [1.959964, 0.975],
    [3, 0.99865],
  ];
  it.each(cases)('Φ(%f) = %f', (z, want) => {
    expect(Math.abs(normalCdf(z) - want)).toBeLessThan(1e-6);
  });
});

describe('travelTimeS and windAlongMs', () => {
  it('divides range by the speed plus the wind along the path', () => {
    expect(travelTimeS(3431, 343.1, 0)).toBeCloseTo(10, 9);
    expect(travelTimeS(3531, 343.1, 10)).toBeCloseTo(10, 9);
  });

  // Wind from the north blows south: it helps sound going south.
  const cases: [number, number, number][] = [
    [0, 180, 5],
    [0, 0, -5],
    [0, 90, 0],
    [270, 90, 5],
  ];
  it.each(cases)(
    'wind from %f°, path toward %f°: %f m/s along',
    (from, az, want) => {
      expect(
        windAlongMs({ windSpeedMs: 5, windFromDeg: from }, az)
      ).toBeCloseTo(want, 9);
    }
  );
});

describe('propagationJitterS', () => {
  it('grows with the square root of range', () => {
    expect(propagationJitterS(4000, 1)).toBeCloseTo(0.002, 12);
    expect(propagationJitterS(16_000, 1)).toBeCloseTo(0.004, 12);
  });
});
