import type { WeaponClass } from '../observation/weapon-class.js';

/** Plausible range (m) and mean ground speed over the flight (m/s) per weapon class. */
export type WeaponEnvelope = {
  minRangeM: number;
  maxRangeM: number;
  minSpeedMs: number;
  maxSpeedMs: number;
};

/*
 * Coarse, deliberately wide envelopes from open sources (e.g. 82-120 mm
 * mortars to about 8 km at 100-300 m/s mean; 122-155 mm tube artillery
 * 2-40 km; Grad-class MLRS to about 40 km; Smerch/Tornado-class heavy MLRS
 * to about 90 km; tank guns direct fire to 5 km at well over 600 m/s).
 * Mean ground speed on a ballistic arc is well below the muzzle velocity.
 */
export const WEAPON_ENVELOPES: Record<WeaponClass, WeaponEnvelope> = {
  small_arms: {
    minRangeM: 0,
    maxRangeM: 2000,
    minSpeedMs: 200,
    maxSpeedMs: 1000,
  },
  mortar: { minRangeM: 100, maxRangeM: 8500, minSpeedMs: 80, maxSpeedMs: 350 },
  tank: { minRangeM: 100, maxRangeM: 5000, minSpeedMs: 400, maxSpeedMs: 1800 },
  artillery: {
    minRangeM: 1000,
    maxRangeM: 45000,
    minSpeedMs: 150,
    maxSpeedMs: 900,
  },
  mlrs: {
    minRangeM: 2000,
    maxRangeM: 45000,
    minSpeedMs: 200,
    maxSpeedMs: 1000,
  },
  heavy_mlrs: {
    minRangeM: 10000,
    maxRangeM: 120000,
    minSpeedMs: 300,
    maxSpeedMs: 1300,
  },
  missile: {
    minRangeM: 10000,
    maxRangeM: 600000,
    minSpeedMs: 200,
    maxSpeedMs: 2500,
  },
  drone: { minRangeM: 200, maxRangeM: 150000, minSpeedMs: 15, maxSpeedMs: 250 },
  other: { minRangeM: 0, maxRangeM: 600000, minSpeedMs: 15, maxSpeedMs: 2500 },
};

/**
 * How far a launch-impact pair at `rangeM` and `flightS` (± `slackS`) is
 * from the middle of a class's envelope in log-speed; undefined outside it.
 */
export function envelopeMisfit(
  w: WeaponEnvelope,
  rangeM: number,
  flightS: number,
  slackS: number
): number | undefined {
  if (rangeM < w.minRangeM || rangeM > w.maxRangeM) return undefined;
  const tMin = rangeM / w.maxSpeedMs;
  const tMax = rangeM / w.minSpeedMs;
  if (flightS + slackS < tMin || flightS - slackS > tMax) return undefined;
  const speed = rangeM / Math.max(flightS, 1e-3);
  const mid = Math.sqrt(w.minSpeedMs * w.maxSpeedMs);
  return Math.abs(Math.log(Math.max(speed, 1e-3) / mid));
}
