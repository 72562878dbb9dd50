import { describe, expect, it } from 'vitest';
import { corroborateEvents } from './corroborate.js';
import { CHI2_2DOF_95, mahalanobis2 } from './ellipse.js';
import type { FrameEvent } from './fused-event.js';
import { DEFAULT_FUSION_PARAMS } from './params.js';
import { createPrng, gaussianDraw } from './prng.js';

const T = Date.parse('2026-08-23T01:00:00Z') * 1000;

/** A radar track's fire event at (east, north), σ per axis or a covariance. */
function track(
  index: number,
  east: number,
  north: number,
  error: number | [number, number, number]
): FrameEvent {
  return {
    kind: 'fire',
    east,
    north,
    up: 0,
    upKnown: false,
    covariance:
      typeof error === 'number' ? [error * error, 0, error * error] : error,
    timeMicros: T + index * 500_000,
    timeSigmaS: 5,
    weaponClass: 'mlrs',
    confidence: 0.9,
    sources: [index],
    sensorKinds: ['radar'],
    method: 'radar',
    acousticOnly: false,
  };
}

// A wide gate, so that the tracks below merge however far apart.
const p = { ...DEFAULT_FUSION_PARAMS.corroboration, positionGateChi2: 1e6 };

describe('corroborateEvents', () => {
  it('keeps tracks further apart in time than the gate as two events', () => {
    const late = { ...track(1, 0, 0, 30), timeMicros: T + 60e6 };
    const { events } = corroborateEvents([track(0, 0, 0, 30), late], p);
    expect(events.map((e) => e.covariance)).toEqual([
      [900, 0, 900],
      [900, 0, 900],
    ]);
  });

  describe('the merged covariance', () => {
    const cases: {
      desc: string;
      tracks: [number, number, number | [number, number, number]][];
      want: { east: number; north: number; covariance: number[] };
    }[] = [
      {
        desc: 'is the information sum where the members agree as one point',
        tracks: [
          [0, 0, 30],
          [10, 0, 30],
        ],
        want: { east: 5, north: 0, covariance: [450, 0, 450] },
      },
      {
        desc: 'also takes the spread of sources where they do not (τ² = 48·450)',
        tracks: [
          [-150, 0, 30],
          [150, 0, 30],
        ],
        // P = 450 I, P ΣW² P = I/2, n = 2: 450 + 21 600 · (1/2 + 0); each
        // launcher is then √2 σ from the merged point.
        want: { east: 0, north: 0, covariance: [11_250, 0, 11_250] },
      },
      {
        desc: 'takes the spread along the axes of correlated covariances too',
        tracks: [
          [-150, 0, [900, 300, 400]],
          [150, 0, [900, 300, 400]],
        ],
        // P = C/2, P ΣW² P = I/2, Q = 200/3, τ² = (194/3)·(270 000/1300).
        want: {
          east: 0,
          north: 0,
          covariance: [450 + 87_300 / 13, 150, 200 + 87_300 / 13],
        },
      },
      {
        desc: 'is left as fuseTwo made it when a member has no inverse',
        tracks: [
          [0, 0, 0],
          [150, 0, 30],
        ],
        want: { east: 0, north: 0, covariance: [0, 0, 0] },
      },
    ];
    it.each(cases)('$desc', ({ tracks, want }) => {
      const { events } = corroborateEvents(
        tracks.map(([e, n, s], i) => track(i, e, n, s)),
        p
      );
      expect(events).toHaveLength(1);
      const [got] = events;
      expect(got!.east).toBeCloseTo(want.east, 6);
      expect(got!.north).toBeCloseTo(want.north, 6);
      got!.covariance.forEach((c, i) =>
        expect(c).toBeCloseTo(want.covariance[i]!, 6)
      );
    });
  });

  // Issue 4: radar tracks of a salvo's rounds, fired by three launchers
  // 100 m (1σ) about a centre, merged into one event; the event stands for
  // each round, so its 95 % ellipse should hold that many of their sites.
  it('holds the launchers of merged rounds in its 95 % ellipse about 95 % of the time', () => {
    const rng = createPrng(20_261_126);
    let inside = 0;
    let total = 0;
    for (let salvo = 0; salvo < 400; salvo++) {
      const launchers = [0, 1, 2].map(() => [
        100 * gaussianDraw(rng),
        100 * gaussianDraw(rng),
      ]);
      const tracks = launchers.flatMap(([e, n], l) =>
        [0, 1].map((k) => {
          const sigma = 30 + 20 * k;
          return track(
            2 * l + k,
            e! + sigma * gaussianDraw(rng),
            n! + sigma * gaussianDraw(rng),
            sigma
          );
        })
      );
      const [merged] = corroborateEvents(tracks, p).events;
      for (const [e, n] of launchers) {
        total++;
        const m2 = mahalanobis2(
          merged!.covariance,
          e! - merged!.east,
          n! - merged!.north
        );
        if (m2 <= CHI2_2DOF_95) inside++;
      }
    }
    expect(inside / total).toBeGreaterThan(0.92);
    expect(inside / total).toBeLessThan(0.99);
  });
});
