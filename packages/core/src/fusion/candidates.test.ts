import { describe, expect, it } from 'vitest';
import { imageryEvents, patrolEvents, radarEvents } from './candidates.js';
import { fusionFrameAt, toFrame } from './frame.js';
import { wgs84FromEnu } from './geodesy.js';
import { DEFAULT_FUSION_PARAMS } from './params.js';
import { enuPoint, wgs84Point } from './units.js';

const p = DEFAULT_FUSION_PARAMS.candidates;
const origin = wgs84Point(37.5, 48.3, 0);
const f = fusionFrameAt(origin);
const TIME = '2026-08-23T01:00:00Z';
const T = Date.parse(TIME) * 1000;
/** [lon, lat] of a point `east`, `north` metres from the frame's origin. */
const lonLat = (east: number, north: number): [number, number] => {
  const w = wgs84FromEnu(origin, enuPoint(east, north, 0));
  return [w.lon, w.lat];
};

describe('radarEvents', () => {
  it('puts a fire at the origin with the reported error as 1σ per axis', () => {
    const [fire, ...rest] = radarEvents(
      f,
      {
        sensor: 'r',
        seq: 0,
        time: TIME,
        kind: 'radar',
        radar: {
          weaponClass: 'mortar',
          origin: lonLat(0, 0),
          originErrorM: 40,
        },
      },
      7,
      p
    );
    expect(rest).toEqual([]);
    expect(fire!.kind).toBe('fire');
    expect(Math.hypot(fire!.east, fire!.north)).toBeLessThan(0.01);
    expect(fire!.covariance).toEqual([1600, 0, 1600]);
    expect(fire!.timeMicros).toBe(T);
    expect(fire!.sources).toEqual([7]);
    expect(fire!.weaponClass).toBe('mortar');
  });

  it('pairs an impact timed by the flight at the geometric mean of the class speeds', () => {
    const [fire, impact] = radarEvents(
      f,
      {
        sensor: 'r',
        seq: 0,
        time: TIME,
        kind: 'radar',
        radar: {
          weaponClass: 'mortar',
          origin: lonLat(0, 0),
          originErrorM: 40,
          impact: lonLat(3500, 0),
          impactErrorM: 60,
        },
      },
      7,
      p
    );
    expect(impact!.kind).toBe('impact');
    expect(impact!.pairedWith).toBe(fire);
    expect(impact!.covariance).toEqual([3600, 0, 3600]);
    // Mortar rounds fly 80-350 m/s: 3.5 km takes 10 to 43.75 s.
    const fast = 3500 / 350;
    const slow = 3500 / 80;
    expect((impact!.timeMicros - T) / 1e6).toBeCloseTo(
      Math.sqrt(fast * slow),
      2
    );
    expect(impact!.timeSigmaS).toBeCloseTo(
      p.radarTimeSigmaS + (slow - fast) / 4,
      2
    );
  });
});

describe('imageryEvents', () => {
  const detection = (cls: string, confidence = 0.8) => ({
    class: cls,
    position: lonLat(100, 200),
    positionErrorM: 10,
    confidence,
  });
  const events = imageryEvents(
    f,
    {
      sensor: 'd',
      seq: 0,
      time: TIME,
      kind: 'imagery',
      imagery: {
        detections: [
          detection('tank'),
          detection('UAV'),
          detection('helicopter'),
          detection('crater'),
          detection('launch'),
          detection('truck'),
          detection('tank', 0.1),
        ],
        model: { name: 'm', version: '1', sha256: 'a'.repeat(64) },
      },
    },
    3,
    p
  );

  it('keeps weapons, aircraft, fires and impacts, each with its part', () => {
    expect(events.map((e) => [e.part, e.kind, e.weaponClass])).toEqual([
      [0, 'weapon', 'tank'],
      [1, 'aircraft', 'drone'],
      [2, 'aircraft', undefined],
      [3, 'impact', undefined],
      [4, 'fire', undefined],
    ]);
  });

  it('leaves out classes the rules have no use for and low confidence', () => {
    expect(events.some((e) => e.part === 5 || e.part === 6)).toBe(false);
  });

  it('places each at its position with its error as 1σ', () => {
    const e = events[0]!;
    expect(e.east).toBeCloseTo(100, 1);
    expect(e.north).toBeCloseTo(200, 1);
    expect(e.covariance).toEqual([100, 0, 100]);
    expect(e.confidence).toBe(0.8);
  });
});

describe('patrolEvents', () => {
  const observer = wgs84FromEnu(origin, enuPoint(0, 0, 0));
  const patrol = (
    category: 'burst' | 'flare' | 'explosion',
    more: { directionDeg?: number; distanceKm?: [number, number] }
  ) =>
    patrolEvents(
      f,
      {
        sensor: 'p',
        seq: 0,
        time: TIME,
        kind: 'patrol',
        patrol: { category, count: 3, text: '', ...more },
      },
      5,
      observer,
      p
    );

  it('puts a report at mid-range on its bearing: σ a quarter of the range along, direction σ × distance across', () => {
    const [e] = patrol('burst', { directionDeg: 90, distanceKm: [1, 3] });
    const here = toFrame(f, observer);
    expect(e!.kind).toBe('fire');
    expect(e!.weaponClass).toBe('small_arms');
    expect(e!.count).toBe(3);
    expect(e!.east - here.east).toBeCloseTo(2000, 0);
    expect(Math.abs(e!.north - here.north)).toBeLessThan(5);
    const across = 2000 * ((p.patrolDirectionSigmaDeg * Math.PI) / 180);
    const [ee, en, nn] = e!.covariance;
    expect(ee).toBeCloseTo(500 ** 2, -1);
    expect(nn).toBeCloseTo(across ** 2, -1);
    expect(Math.abs(en)).toBeLessThan(1e3);
  });

  it('keeps at least 50 m of spread for a precise, close report', () => {
    const [e] = patrol('explosion', {
      directionDeg: 0,
      distanceKm: [0.1, 0.1],
    });
    expect(e!.kind).toBe('impact');
    expect(e!.covariance[0]).toBeCloseTo(2500, 0);
    expect(e!.covariance[2]).toBeCloseTo(2500, 0);
  });

  it('leaves unlocated reports and categories that are no place', () => {
    expect(patrol('burst', { directionDeg: 90 })).toEqual([]);
    expect(patrol('burst', { distanceKm: [1, 2] })).toEqual([]);
    expect(patrol('flare', { directionDeg: 90, distanceKm: [1, 2] })).toEqual(
      []
    );
  });
});
