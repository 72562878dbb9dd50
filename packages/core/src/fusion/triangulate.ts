import {
  multilaterate,
  type AltitudeModel,
  type BearingInput,
  type LocateResult,
} from './multilaterate.js';

/**
 * Bearing-only location: the weighted least-squares intersection of two or
 * more bearing lines, refined by the same robust solver as TDOA (so each
 * bearing's σ, outlier rejection and the 95 % ellipse come with it).
 * Undefined for fewer than two usable bearings or parallel ones.
 * @example triangulateBearings([{ sensor: enuPoint(0, 0), bearing: degrees(45), sigma: degrees(2) }, ...])
 */
export function triangulateBearings(
  bearings: readonly BearingInput[],
  altitude: AltitudeModel = { mode: 'fixed', up: 0 }
): LocateResult | undefined {
  if (bearings.length < 2) return undefined;
  // No arrivals: the speed does not enter; any positive value will do.
  return multilaterate(
    { arrivals: [], bearings },
    { speed: { mode: 'fixed', speed: 1 }, altitude }
  );
}
