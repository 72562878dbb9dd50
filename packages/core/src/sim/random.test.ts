import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

const draws = (r: Random, n: number) =>
  Array.from({ length: n }, () => r.nextUint32());

// xoshiro128** keyed by SHA-256("truce-sim/v1/random/0"), checked against an
// independent Python transcription of the algorithm.
const GOLDEN_SEED_0 = [2231850773, 2161360799, 3642140621, 2566035850];

describe('Random', () => {
  it('repeats its sequence for one seed', () => {
    expect(draws(Random.from(42), 64)).toEqual(draws(Random.from(42), 64));
  });

  it('gives different sequences for different seeds and labels', () => {
    const a = draws(Random.from(42), 8);
    expect(draws(Random.from(43), 8)).not.toEqual(a);
    expect(draws(Random.from('42x'), 8)).not.toEqual(a);
    const root = Random.from(42);
    expect(draws(root.fork('a'), 8)).not.toEqual(draws(root.fork('b'), 8));
  });

  it('forks from its key, not its state, so earlier draws change nothing', () => {
    const fresh = Random.from(7).fork('weather');
    const used = Random.from(7);
    draws(used, 1000);
    expect(draws(used.fork('weather'), 16)).toEqual(draws(fresh, 16));
  });

  it('keeps its first outputs (a golden value: bundles depend on them)', () => {
    expect(draws(Random.from(0), 4)).toEqual(GOLDEN_SEED_0);
  });

  // Sample moments over 20,000 draws, with tolerances of about 5 standard errors.
  const N = 20_000;
  const moments = (f: (r: Random) => number) => {
    const r = Random.from('moments');
    const xs = Array.from({ length: N }, () => f(r));
    const mean = xs.reduce((s, x) => s + x, 0) / N;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / N);
    return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
  };
  const cases: [string, (r: Random) => number, number, number][] = [
    ['next', (r) => r.next(), 0.5, Math.sqrt(1 / 12)],
    ['uniform(2, 6)', (r) => r.uniform(2, 6), 4, 4 / Math.sqrt(12)],
    ['normal(10, 3)', (r) => r.normal(10, 3), 10, 3],
    ['exponential(2)', (r) => r.exponential(2), 2, 2],
    ['poisson(3)', (r) => r.poisson(3), 3, Math.sqrt(3)],
    ['poisson(80)', (r) => r.poisson(80), 80, Math.sqrt(80)],
    ['int(1, 6)', (r) => r.int(1, 6), 3.5, Math.sqrt(35 / 12)],
  ];
  it.each(cases)(
    'draws %s with the right mean and spread',
    (_, f, mean, sd) => {
      const m = moments(f);
      expect(Math.abs(m.mean - mean)).toBeLessThan((5 * sd) / Math.sqrt(N));
      expect(Math.abs(m.sd - sd) / sd).toBeLessThan(0.05);
    }
  );

  it('keeps next() in [0, 1) and int() in its bounds', () => {
    expect(moments((r) => r.next()).min).toBeGreaterThanOrEqual(0);
    expect(moments((r) => r.next()).max).toBeLessThan(1);
    const ints = moments((r) => r.int(1, 6));
    expect([ints.min, ints.max]).toEqual([1, 6]);
  });

  it('draws weighted keys in proportion and picks every item', () => {
    const r = Random.from('weights');
    const seen = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < N; i++) seen[r.weighted({ a: 1, b: 3, c: 0 })]++;
    expect(seen.c).toBe(0);
    expect(Math.abs(seen.b / N - 0.75)).toBeLessThan(0.02);
    const picked = new Set(
      Array.from({ length: 200 }, () => r.pick([1, 2, 3]))
    );
    expect([...picked].sort()).toEqual([1, 2, 3]);
    expect(r.poisson(0)).toBe(0);
    expect(() => r.pick([])).toThrow(RangeError);
  });
});
