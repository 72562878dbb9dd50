import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import type { Observation } from '../observation/payload.js';
import { formatRfc3339Micros } from '../observation/time.js';
import {
  fuseObservations,
  type FusionObservation,
  type FusionSensor,
} from './fuse.js';
import { enuFrameAt, enuFromWgs84, wgs84FromEnu } from './geodesy.js';
import { DEFAULT_FUSION_PARAMS, FUSION_ALGORITHM_VERSION } from './params.js';
import { createPrng, gaussianDraw } from './prng.js';
import { enuPoint, wgs84Point } from './units.js';

const ORIGIN = wgs84Point(37.6, 48.0, 150);
const FRAME = enuFrameAt(ORIGIN);
const T0 = 1_780_000_000_000_000; // 2026-05-28, Unix µs

function lonLat(e: number, n: number, u = 150): [number, number, number] {
  const w = wgs84FromEnu(FRAME, enuPoint(e, n, u - 150));
  return [w.lon, w.lat, w.height];
}

function toEnu(p: readonly [number, number]): { east: number; north: number } {
  return enuFromWgs84(FRAME, wgs84Point(p[0], p[1], 150));
}

const SENSORS: FusionSensor[] = Array.from({ length: 16 }, (_, i) => ({
  id: `ac-${String(i).padStart(2, '0')}`,
  kind: 'acoustic',
  position: lonLat(
    (i % 4) * 1500 + 37 * (i % 3),
    Math.floor(i / 4) * 1500 - 29 * (i % 5),
    150 + (i % 4)
  ),
  timingSigmaS: 0.001,
}));

type Shot = {
  east: number;
  north: number;
  time: number;
  cls: 'launch' | 'impact';
};

/** Observations for shots heard by every sensor (seeded noise), with log indexes from `first`. */
function acousticObservations(
  shots: Shot[],
  seed: number,
  first = 0
): FusionObservation[] {
  const rng = createPrng(seed);
  const out: FusionObservation[] = [];
  const seq = new Map<string, number>();
  for (const shot of shots) {
    for (const s of SENSORS) {
      const p = toEnu([s.position[0], s.position[1]]);
      const d = Math.hypot(
        p.east - shot.east,
        p.north - shot.north,
        (s.position[2] ?? 150) - 151
      );
      const t =
        T0 +
        Math.round((shot.time + d / 340 + 0.001 * gaussianDraw(rng)) * 1e6);
      const n = seq.get(s.id) ?? 0;
      seq.set(s.id, n + 1);
      const observation: Observation = {
        sensor: s.id,
        seq: n,
        time: formatRfc3339Micros(t),
        kind: 'acoustic',
        acoustic: { class: shot.cls, snrDb: 20 },
      };
      out.push({ index: first + out.length, observation, sensor: s });
    }
  }
  return out;
}

const WEATHER = { temperatureC: 14.9 }; // 340 m/s

const SHOTS: Shot[] = [
  { east: 1200, north: 2100, time: 1, cls: 'launch' },
  { east: 3400, north: 900, time: 2, cls: 'launch' },
  { east: 2300, north: 3300, time: 2.5, cls: 'launch' },
];

describe('fuseObservations', () => {
  const observations = acousticObservations(SHOTS, 1);
  const result = fuseObservations({ observations, weather: WEATHER });

  it('locates each shot as a fire event within 3 m', () => {
    expect(result.events).toHaveLength(3);
    result.events.forEach((e, k) => {
      const p = toEnu(e.position);
      expect(e.kind).toBe('fire');
      expect(
        Math.hypot(p.east - SHOTS[k]!.east, p.north - SHOTS[k]!.north)
      ).toBeLessThan(3);
      expect(Math.abs(e.timeMicros - (T0 + SHOTS[k]!.time * 1e6))).toBeLessThan(
        5000
      );
      expect(e.sources).toHaveLength(16);
      expect(e.sensorKinds).toEqual(['acoustic']);
      expect(e.confidence).toBeGreaterThan(0.99);
    });
    expect(result.unassociated).toEqual([]);
  });

  it('records the algorithm version and every resolved parameter', () => {
    expect(result.algorithm.version).toBe(FUSION_ALGORITHM_VERSION);
    expect(result.algorithm.params.acoustic).toEqual(
      DEFAULT_FUSION_PARAMS.acoustic
    );
  });

  it('gives byte-identical JSON for the same input, in any order', () => {
    const again = fuseObservations({
      observations: [...observations].reverse(),
      weather: WEATHER,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  });

  it('estimates the speed when no weather is given', () => {
    const r = fuseObservations({ observations });
    expect(r.events).toHaveLength(3);
    for (const [k, e] of r.events.entries()) {
      const p = toEnu(e.position);
      expect(
        Math.hypot(p.east - SHOTS[k]!.east, p.north - SHOTS[k]!.north)
      ).toBeLessThan(5);
    }
  });

  it('merges a radar track with the acoustic fire event it corroborates and pairs its impact', () => {
    const radarSensor: FusionSensor = {
      id: 'radar-1',
      kind: 'radar',
      position: lonLat(-5000, -5000),
    };
    const radar: FusionObservation = {
      index: observations.length,
      sensor: radarSensor,
      observation: {
        sensor: 'radar-1',
        seq: 0,
        time: formatRfc3339Micros(T0 + 3_000_000),
        kind: 'radar',
        radar: {
          weaponClass: 'artillery',
          origin: lonLat(3420, 880).slice(0, 2) as [number, number],
          originErrorM: 30,
          impact: lonLat(13400, 900).slice(0, 2) as [number, number],
          impactErrorM: 50,
        },
      },
    };
    const r = fuseObservations({
      observations: [...observations, radar],
      weather: WEATHER,
    });
    const fire = r.events.find(
      (e) => e.sources.includes(radar.index) && e.kind === 'fire'
    )!;
    expect(fire.sensorKinds).toEqual(['acoustic', 'radar']);
    expect(fire.weaponClass).toBe('artillery');
    expect(fire.method).toBe('fused');
    expect(fire.confidence).toBeGreaterThan(0.99);
    const impact = r.events.find((e) => e.kind === 'impact')!;
    expect(impact.pairedWith).toBe(fire.id);
  });

  it('pairs an acoustic impact with the launch whose range and flight time fit artillery', () => {
    const shots: Shot[] = [
      { east: 500, north: 500, time: 0, cls: 'launch' },
      { east: 4000, north: 4000, time: 20, cls: 'impact' },
    ];
    const r = fuseObservations({
      observations: acousticObservations(shots, 2),
      weather: WEATHER,
    });
    const [fire, impact] = r.events;
    expect(fire!.kind).toBe('fire');
    expect(impact!.kind).toBe('impact');
    expect(impact!.pairedWith).toBe(fire!.id);
  });

  describe('monitoring gaps', () => {
    const s = SENSORS[0]!;
    const hb = (
      index: number,
      minutes: number,
      status: 'ok' | 'jamming'
    ): FusionObservation => ({
      index,
      sensor: s,
      observation: {
        sensor: s.id,
        seq: index,
        time: formatRfc3339Micros(T0 + minutes * 60_000_000),
        kind: 'heartbeat',
        heartbeat: { status },
      },
    });
    const r = fuseObservations({
      observations: [
        hb(0, 0, 'ok'),
        hb(1, 5, 'ok'),
        hb(2, 30, 'ok'),
        hb(3, 35, 'jamming'),
        hb(4, 40, 'jamming'),
        hb(5, 45, 'ok'),
      ],
    });

    it('reports a silence past 2.5 heartbeat intervals and a jamming stretch', () => {
      expect(r.gaps).toEqual([
        {
          sensor: s.id,
          reason: 'silence',
          fromMicros: T0 + 10 * 60e6,
          toMicros: T0 + 30 * 60e6,
          position: [s.position[0], s.position[1]],
          sources: [1, 2],
        },
        {
          sensor: s.id,
          reason: 'jamming',
          fromMicros: T0 + 35 * 60e6,
          toMicros: T0 + 45 * 60e6,
          position: [s.position[0], s.position[1]],
          sources: [3, 4, 5],
        },
      ]);
    });
  });

  describe('when the input is unusable', () => {
    it('throws FUSION_INPUT_INVALID for a log index used twice', () => {
      const o = observations[0]!;
      expect(() =>
        fuseObservations({ observations: [o, { ...o }] })
      ).toThrowWithCode(CoreError, 'FUSION_INPUT_INVALID');
    });

    it('throws FUSION_INPUT_INVALID for an observation that is not from its sensor', () => {
      const o = observations[0]!;
      expect(() =>
        fuseObservations({ observations: [{ ...o, sensor: SENSORS[1]! }] })
      ).toThrowWithCode(CoreError, 'FUSION_INPUT_INVALID');
    });

    it('throws FUSION_PARAMS_INVALID for a negative SNR mean', () => {
      expect(() =>
        fuseObservations({
          observations,
          params: { acoustic: { clutterSnrMeanDb: -1 } },
        })
      ).toThrowWithCode(CoreError, 'FUSION_PARAMS_INVALID');
    });

    it('throws FUSION_PARAMS_INVALID for a negative range', () => {
      expect(() =>
        fuseObservations({
          observations,
          params: { acoustic: { maxRangeM: -1 } },
        })
      ).toThrowWithCode(CoreError, 'FUSION_PARAMS_INVALID');
    });
  });
});

// Sites located before (the live engine's open events) only propose where
// a source may be. With one seed sensor no triple of pulses can be formed,
// so what is found here comes from the sites alone.
describe('fuseObservations with sites located before', () => {
  const shot = SHOTS[0]!;
  const observations = acousticObservations([shot], 2);
  const sitesOnly = { acoustic: { maxSeedSensors: 1 } };
  const site = (east: number, north: number, afterS = 0) => ({
    position: lonLat(east, north),
    timeMicros: T0 + Math.round((shot.time + afterS) * 1e6),
  });

  it.each([
    { desc: 'no site: nothing to try', sites: [], events: 0 },
    {
      desc: 'a site 20 m from the shot: found whole',
      sites: [site(shot.east + 20, shot.north)],
      events: 1,
    },
    {
      desc: 'the site of an earlier round, 5 s before: found whole',
      sites: [site(shot.east, shot.north - 15, -5)],
      events: 1,
    },
    {
      desc: 'a site 3 km off: no hypothesis fits',
      sites: [site(shot.east + 3000, shot.north)],
      events: 0,
    },
    {
      desc: 'the right site a minute earlier: not tried',
      sites: [site(shot.east, shot.north, -60)],
      events: 0,
    },
  ])('$desc', ({ sites, events }) => {
    const r = fuseObservations({
      observations,
      weather: WEATHER,
      params: sitesOnly,
      sites,
    });
    expect(r.events).toHaveLength(events);
    for (const e of r.events) {
      const p = toEnu(e.position);
      expect(Math.hypot(p.east - shot.east, p.north - shot.north)).toBeLessThan(
        3
      );
      expect(e.sources).toHaveLength(SENSORS.length);
    }
  });

  it.each([
    { desc: 'a latitude past the pole', position: [37.6, 91] as const, at: 0 },
    { desc: 'a longitude that is NaN', position: [NaN, 48] as const, at: 0 },
    {
      desc: 'a time in fractions of a µs',
      position: [37.6, 48] as const,
      at: 0.5,
    },
  ])(
    'throws FUSION_INPUT_INVALID for a site with $desc',
    ({ position, at }) => {
      expect(() =>
        fuseObservations({
          observations,
          sites: [
            site(shot.east, shot.north),
            { position, timeMicros: T0 + at },
          ],
        })
      ).toThrowWithCode(CoreError, 'FUSION_INPUT_INVALID');
    }
  );

  it('makes no event of a site alone', () => {
    const r = fuseObservations({
      observations: [],
      sites: [site(shot.east, shot.north)],
    });
    expect(r.events).toEqual([]);
  });

  it('finds the same event with or without a site where triples find it', () => {
    const plain = fuseObservations({ observations, weather: WEATHER });
    const sited = fuseObservations({
      observations,
      weather: WEATHER,
      sites: [site(shot.east + 20, shot.north), site(shot.east + 3000, 0)],
    });
    expect(sited.events.map((e) => e.sources)).toEqual(
      plain.events.map((e) => e.sources)
    );
    const [a, b] = [
      toEnu(plain.events[0]!.position),
      toEnu(sited.events[0]!.position),
    ];
    expect(Math.hypot(a.east - b.east, a.north - b.north)).toBeLessThan(0.01);
  });
});
