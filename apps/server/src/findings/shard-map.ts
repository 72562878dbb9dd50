import type { FusionSensor, Observation } from '@truce/core';
import { WGS84_A, WGS84_F } from '@truce/core';

/** How the front is split among findings engines (FindingsSettings.shards). */
export type ShardLayout = {
  /** How many engines; 1 is one engine for everything. */
  count: number;
  /** Width of each stripe of longitude, dealt round the engines in turn. */
  stripeDegrees: number;
  /** How far a sensor hears (fusion's maxRangeM): each engine's margin. */
  haloM: number;
};

// Metres in a degree of longitude on the equator of the WGS84 ellipsoid.
// Off the equator a degree is longer than this times cos(latitude), so a
// margin converted with it is never too narrow.
const EQUATOR_M_PER_DEGREE = (WGS84_A * Math.PI) / 180;
// Metres in a degree of latitude where it is shortest, at the equator: the
// meridian's radius of curvature there is a(1 - e²).
const M_PER_DEGREE_LATITUDE =
  (WGS84_A * (1 - WGS84_F * (2 - WGS84_F)) * Math.PI) / 180;

/**
 * The default stripe: twenty hearing ranges of longitude at the equator
 * (about thirteen at 50° N), so that each engine's margins on both sides
 * add some 15 % to its sensors; never under half a degree.
 */
export function defaultStripeDegrees(maxRangeM: number): number {
  return Math.max(0.5, (20 * maxRangeM) / EQUATOR_M_PER_DEGREE);
}

/**
 * Where each observation goes and which engine owns each finding, when the
 * live engine is split by region. The front is cut into stripes of
 * longitude dealt round the engines (stripe k to engine k mod count). An
 * engine owns the findings whose point lies in its stripes, and takes the
 * pulses and heartbeats of every sensor within hearing range of them, so
 * that it holds all an event in its stripes was heard by, and the silences
 * around it. Radar, imagery, patrol and weather reports, which are few and
 * locate things far from their sensor, go to every engine. Pure.
 */
export class ShardMap {
  readonly count: number;
  readonly #stripe: number;
  readonly #haloM: number;
  readonly #all: readonly number[];
  // Per sensor record (replaced, not mutated, when the registry changes).
  readonly #near = new WeakMap<FusionSensor, readonly number[]>();

  constructor(layout: ShardLayout) {
    if (!Number.isInteger(layout.count) || layout.count < 1) {
      throw new RangeError(`shard count must be a whole number ≥ 1`);
    }
    if (!(layout.stripeDegrees > 0 && layout.stripeDegrees <= 360)) {
      throw new RangeError(`shard stripe must be in (0, 360] degrees`);
    }
    if (!(layout.haloM >= 0 && Number.isFinite(layout.haloM))) {
      throw new RangeError(`shard margin must be a finite number ≥ 0 m`);
    }
    this.count = layout.count;
    this.#stripe = layout.stripeDegrees;
    this.#haloM = layout.haloM;
    this.#all = Array.from({ length: layout.count }, (_, i) => i);
  }

  /** The engine that owns a point at longitude `lon`. */
  owner(lon: number): number {
    return this.#ofStripe(Math.floor(lon / this.#stripe));
  }

  /** The engines with a stripe within hearing range of a point. */
  near(lon: number, lat: number): readonly number[] {
    if (this.count === 1) return this.#all;
    // The margin in degrees of longitude, at the latitude farthest from the
    // equator within range (a degree is shortest there); 1 % and 1 m over.
    const haloM = this.#haloM * 1.01 + 1;
    const poleward = Math.abs(lat) + haloM / M_PER_DEGREE_LATITUDE;
    if (poleward >= 89) return this.#all;
    const cos = Math.cos((poleward * Math.PI) / 180);
    const halo = haloM / (EQUATOR_M_PER_DEGREE * cos);
    const found = new Set<number>();
    const cover = (from: number, to: number) => {
      const first = Math.floor(from / this.#stripe);
      const last = Math.floor(to / this.#stripe);
      for (let k = first; k <= last && found.size < this.count; k++) {
        found.add(this.#ofStripe(k));
      }
    };
    cover(Math.max(-180, lon - halo), Math.min(180, lon + halo));
    // Across the antimeridian, the stripes on the other side.
    if (lon + halo > 180) cover(-180, lon + halo - 360);
    if (lon - halo < -180) cover(lon - halo + 360, 180);
    return [...found].sort((a, b) => a - b);
  }

  /** The engines an observation goes to. */
  route(observation: Observation, sensor: FusionSensor): readonly number[] {
    if (observation.kind !== 'acoustic' && observation.kind !== 'heartbeat') {
      return this.#all;
    }
    let near = this.#near.get(sensor);
    if (near === undefined) {
      near = this.near(sensor.position[0], sensor.position[1]);
      this.#near.set(sensor, near);
    }
    return near;
  }

  #ofStripe(k: number): number {
    return ((k % this.count) + this.count) % this.count;
  }
}
