import type { SimFireClass } from './params.js';

/** How a weapon class is fought: ranges, rounds, pacing, flight. */
export type FireGeometry = {
  /** Firing position behind the line, km [min, max]. */
  behindKm: readonly [number, number];
  /** Target beyond the line, km [min, max]; none: no tracked impact. */
  beyondKm?: readonly [number, number];
  /** Maximum range, km. */
  maxRangeKm: number;
  /** Rounds per engagement [min, max] (salvos use the profile). */
  rounds: readonly [number, number];
  /** Time between rounds of one gun, seconds [min, max]. */
  intervalS: readonly [number, number];
  /** Guns, launchers or shooters [min, max], spread `spreadM` apart. */
  guns: readonly [number, number];
  spreadM: number;
  /** Average speed over the trajectory, m/s (time of flight = range / speed). */
  flightSpeedMs: number;
  /** Impact dispersion around the aim point, metres (1 σ per axis). */
  dispersionM: number;
};

/*
 * Rough public figures: 120 mm mortars reach ~7 km; 152/155 mm guns ~24 km
 * with standard rounds, ~60 s of flight at 20 km; BM-21 Grad ~20 km, 40
 * rockets in 20 s; BM-30 Smerch ~70 km, 12 rockets in 38 s; tanks fire
 * directly at a few km. Firing positions sit behind the line at a fraction
 * of those ranges, as in the OSCE SMM's crater analyses.
 */
export const FIRE_GEOMETRY: Readonly<Record<SimFireClass, FireGeometry>> = {
  small_arms: {
    behindKm: [0.1, 1.2],
    maxRangeKm: 1.5,
    rounds: [3, 30],
    intervalS: [0.08, 1.5],
    guns: [1, 3],
    spreadM: 30,
    flightSpeedMs: 700,
    dispersionM: 0,
  },
  mortar: {
    behindKm: [0.8, 4],
    beyondKm: [0.3, 3],
    maxRangeKm: 7.5,
    rounds: [1, 6],
    intervalS: [4, 15],
    guns: [1, 2],
    spreadM: 30,
    flightSpeedMs: 170,
    dispersionM: 40,
  },
  tank: {
    behindKm: [0.8, 3],
    beyondKm: [0.5, 2],
    maxRangeKm: 5,
    rounds: [1, 3],
    intervalS: [6, 15],
    guns: [1, 1],
    spreadM: 0,
    flightSpeedMs: 900,
    dispersionM: 15,
  },
  artillery: {
    behindKm: [4, 18],
    beyondKm: [1, 10],
    maxRangeKm: 24,
    rounds: [1, 6],
    intervalS: [8, 30],
    guns: [1, 4],
    spreadM: 150,
    flightSpeedMs: 330,
    dispersionM: 60,
  },
  mlrs: {
    behindKm: [4, 14],
    beyondKm: [2, 6],
    maxRangeKm: 20,
    rounds: [0, 0],
    intervalS: [0.5, 0.5],
    guns: [1, 3],
    spreadM: 250,
    flightSpeedMs: 450,
    dispersionM: 250,
  },
  heavy_mlrs: {
    behindKm: [15, 40],
    beyondKm: [5, 25],
    maxRangeKm: 70,
    rounds: [4, 12],
    intervalS: [3, 4],
    guns: [1, 1],
    spreadM: 0,
    flightSpeedMs: 700,
    dispersionM: 200,
  },
};
