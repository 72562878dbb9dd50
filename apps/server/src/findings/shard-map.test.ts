import { describe, expect, it } from 'vitest';
import type { FusionSensor, Observation } from '@truce/core';
import {
  chordDistance,
  createPrng,
  enuFrameAt,
  enuPoint,
  wgs84FromEnu,
  wgs84Point,
} from '@truce/core';
import { ShardMap, defaultStripeDegrees } from './shard-map.js';

const map = (count: number, stripeDegrees = 1, haloM = 5000) =>
  new ShardMap({ count, stripeDegrees, haloM });

describe('ShardMap', () => {
  // Each row: engines, stripe width, a longitude, the engine that owns it.
  it.each([
    [3, 1, 0.5, 0],
    [3, 1, 1.5, 1],
    [3, 1, 2.5, 2],
    [3, 1, 3.5, 0],
    [3, 1, -0.5, 2], // stripe -1
    [3, 1, -179.5, 0], // stripe -180
    [2, 0.5, 37.6, 1], // stripe 75
    [1, 1, 37.6, 0],
  ])(
    'deals stripes round: %i engines, %f° stripes, %f° E is engine %i',
    (count, stripe, lon, owner) => {
      expect(map(count, stripe).owner(lon)).toBe(owner);
    }
  );

  // Each row: a sensor's longitude and latitude, the engines it goes to
  // (two engines, 1° stripes, 5 km of hearing range).
  it.each([
    ['mid-stripe', 37.5, 48, [1]],
    ['3 km west of a boundary', 38 - 3000 / 74_500, 48, [0, 1]],
    ['3 km east of it', 38 + 3000 / 74_500, 48, [0, 1]],
    ['6 km west of it', 38 - 6000 / 74_500, 48, [1]],
    ['by the antimeridian', 179.99, 10, [0, 1]],
    ['by it on the other side', -179.99, 10, [0, 1]],
    ['near a pole', 37.5, 88.99, [0, 1]],
  ])('sends a sensor %s to engines %j', (_case, lon, lat, engines) => {
    expect(map(2).near(lon, lat)).toEqual(engines);
  });

  it('sends a sensor by the antimeridian to the stripes on both sides', () => {
    // 1° stripes dealt to 4: stripe 179 is engine 3, stripe -180 engine 0.
    expect(map(4).near(179.99, 10)).toEqual([0, 3]);
    expect(map(4).near(179.5, 10)).toEqual([3]);
  });

  it('sends every point within hearing range to its owner', () => {
    const rng = createPrng(11);
    const m = map(3, 0.3, 5000);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      // A sensor by a boundary, its hearing range reaching across or not.
      const lat = -80 + 160 * rng();
      const across = 5000 / (111_320 * Math.cos((lat * Math.PI) / 180));
      const boundary = 0.3 * Math.floor(-600 + 1200 * rng());
      const lon = boundary + (2 * rng() - 1) * 1.2 * across;
      const sensor = wgs84Point(lon, lat, 100);
      const near = m.near(sensor.lon, sensor.lat);
      const frame = enuFrameAt(sensor);
      for (let j = 0; j < 20; j++) {
        // Near the edge of the range, mostly east or west.
        const r = 5000 * (0.95 + 0.05 * rng());
        const a = (rng() < 0.5 ? 1 : -1) * (Math.PI / 2) * (0.8 + 0.4 * rng());
        const p = wgs84FromEnu(
          frame,
          enuPoint(r * Math.sin(a), r * Math.cos(a), 0)
        );
        if (chordDistance(sensor, p) > 5000) continue;
        expect(near).toContain(m.owner(p.lon));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(7000);
  });

  const sensor: FusionSensor = {
    id: 'a-1',
    kind: 'acoustic',
    position: [37.5, 48, 100],
  };
  const observation = (kind: Observation['kind']) =>
    ({ kind, sensor: 'a-1' }) as Observation;

  // Each row: an observation's kind, the engines it goes to.
  it.each([
    ['acoustic', [1]],
    ['heartbeat', [1]],
    ['radar', [0, 1]],
    ['imagery', [0, 1]],
    ['patrol', [0, 1]],
    ['weather', [0, 1]],
  ] as const)('routes %s observations to engines %j', (kind, engines) => {
    expect(map(2).route(observation(kind), sensor)).toEqual(engines);
  });

  it('routes by the sensor record it is given, a moved sensor anew', () => {
    const m = map(2);
    expect(m.route(observation('acoustic'), sensor)).toEqual([1]);
    const moved = { ...sensor, position: [38.5, 48, 100] as const };
    expect(
      m.route(observation('acoustic'), {
        ...moved,
        position: [...moved.position],
      })
    ).toEqual([0]);
  });

  it.each([
    ['no engines', { count: 0, stripeDegrees: 1, haloM: 1 }, /count/],
    ['part of one', { count: 1.5, stripeDegrees: 1, haloM: 1 }, /count/],
    ['a stripe of 0°', { count: 2, stripeDegrees: 0, haloM: 1 }, /stripe/],
    ['a margin of NaN', { count: 2, stripeDegrees: 1, haloM: NaN }, /margin/],
  ])('refuses %s', (_case, layout, message) => {
    expect(() => new ShardMap(layout)).toThrow(message);
  });

  it('makes stripes twenty hearing ranges wide, at least half a degree', () => {
    expect(defaultStripeDegrees(5000)).toBeCloseTo(0.898, 3);
    expect(defaultStripeDegrees(30_000)).toBeCloseTo(5.39, 2);
    expect(defaultStripeDegrees(1000)).toBe(0.5);
  });
});
