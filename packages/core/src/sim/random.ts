import { utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';

// xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number
// generators", 2018): 128 bits of state, 32-bit outputs, fast with Math.imul
// and exact in JS integers. Streams are keyed by SHA-256 of a label, so
// adding draws to one part of the simulation never shifts another part.

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function stateFromKey(key: Uint8Array): Uint32Array {
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    state[i] =
      (key[4 * i]! |
        (key[4 * i + 1]! << 8) |
        (key[4 * i + 2]! << 16) |
        (key[4 * i + 3]! << 24)) >>>
      0;
  }
  // The all-zero state is xoshiro's one fixed point.
  if (state.every((word) => word === 0)) state[0] = 1;
  return state;
}

/**
 * A seeded pseudo-random generator (xoshiro128**) with the draws the
 * simulator needs. Deterministic: one key, one sequence, on every platform.
 * @example Random.from(42).fork('weather').normal(15, 3)
 */
export class Random {
  readonly #key: Uint8Array;
  readonly #state: Uint32Array;

  private constructor(key: Uint8Array) {
    this.#key = key;
    this.#state = stateFromKey(key);
  }

  /** The root stream of a seed. */
  static from(seed: number | string): Random {
    return new Random(sha256(utf8Encode(`truce-sim/v1/random/${seed}`)));
  }

  /** An independent stream named `label`, derived from this stream's key (not its state). */
  fork(label: string): Random {
    const tag = utf8Encode(`/${label}`);
    const material = new Uint8Array(this.#key.length + tag.length);
    material.set(this.#key, 0);
    material.set(tag, this.#key.length);
    return new Random(sha256(material));
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.#state;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Normal (Box–Muller; one pair of uniforms per draw). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Poisson count with the given mean (Knuth below 30, rounded normal above). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) {
      return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }

  /** One item, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A key drawn with probability proportional to its weight. */
  weighted<W extends Readonly<Record<string, number>>>(
    weights: W
  ): keyof W & string {
    const entries = Object.entries(weights) as [keyof W & string, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [key, weight] of entries) {
      x -= weight;
      if (x < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}
