import { describe, expect, it } from 'vitest';
import type { ObservationOf } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { propagationJitterS } from './acoustics.js';
import { parseSimAgreement } from './agreement-input.js';
import { SIM_DEMO_AGREEMENT } from './demo-agreement.js';
import { chordDistance, enuFrameAt, enuFromWgs84 } from '../fusion/geodesy.js';
import { soundSpeedFromTemperature } from '../fusion/sound-speed.js';
import { celsius, enuAzimuth, enuPoint, wgs84Point } from '../fusion/units.js';
import type { SimDifficulty } from './params.js';
import { simulateScenario } from './scenario.js';

// Physical sanity of whole scenarios, checked against their own truth.

const SCENARIOS: [SimDifficulty, number, number][] = [
  ['easy', 21, 6],
  ['medium', 22, 6],
  ['hard', 23, 3],
];

/** Detection rate near and far, per kind of source: [weapons, phase, near km, min rate, far km, max rate]. */
const RANGE_FALLOFF: [
  string[],
  'fire' | 'impact',
  number,
  number,
  number,
  number,
][] = [
  [['small_arms'], 'fire', 1, 0.6, 3, 0.05],
  [['mortar'], 'fire', 3, 0.8, 15, 0.1],
  [['artillery', 'mlrs'], 'fire', 5, 0.85, 25, 0.15],
  [['artillery', 'mlrs'], 'impact', 5, 0.8, 25, 0.15],
];

const agreement = parseSimAgreement(SIM_DEMO_AGREEMENT);
const SIGMAS = 6;
const ROUNDING_S = 2e-6;

describe.each(SCENARIOS)(
  'a %s scenario (seed %i, %i h)',
  (difficulty, seed, hours) => {
    const { sensors, observations, truth } = simulateScenario({
      seed,
      agreement,
      params: { difficulty, hours },
    });
    const sensorById = new Map(sensors.map((s) => [s.id, s]));
    const where = (id: string) => {
      const p = sensorById.get(id)!.position;
      return wgs84Point(p[0], p[1], p[2]);
    };
    const sources = new Map(
      [...truth.fires, ...truth.impacts].map((s) => [
        s.id,
        {
          ...s,
          at: wgs84Point(...s.position),
          micros: parseRfc3339Micros(s.time),
        },
      ])
    );
    const jitter = truth.params.profile.jitterMsPerSqrtKm;
    const detections = truth.observations
      .filter((o) => o.kind === 'acoustic' && o.label === 'detection')
      .map((o) => {
        const payload = observations[o.line]!
          .payload as ObservationOf<'acoustic'>;
        const source = sources.get(o.sources![0]!)!;
        const sensor = sensorById.get(o.sensor)!;
        const range = chordDistance(where(o.sensor), source.at);
        return {
          sensor: o.sensor,
          payload,
          source,
          range,
          micros: parseRfc3339Micros(payload.time),
          sigma: Math.hypot(
            sensor.timingSigmaS!,
            propagationJitterS(range, jitter)
          ),
        };
      });

    it('has sources heard by several sensors', () => {
      expect(detections.length).toBeGreaterThan(200);
    });

    it('puts each arrival at emission + range / c, within wind and noise bounds', () => {
      for (const d of detections) {
        const c = d.source.soundSpeedMs;
        const w = d.source.windSpeedMs;
        const residual = (d.micros - d.source.micros) / 1e6 - d.range / c;
        const windBound = (d.range * w) / (c * (c - w));
        expect(Math.abs(residual)).toBeLessThanOrEqual(
          windBound + SIGMAS * d.sigma + ROUNDING_S
        );
      }
    });

    it('never separates two arrivals by more than sensor separation / c plus noise', () => {
      const bySource = new Map<string, typeof detections>();
      for (const d of detections) {
        bySource.set(d.source.id, [...(bySource.get(d.source.id) ?? []), d]);
      }
      let pairs = 0;
      for (const group of bySource.values()) {
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            const a = group[i]!;
            const b = group[j]!;
            const c = a.source.soundSpeedMs - a.source.windSpeedMs;
            const separation = chordDistance(where(a.sensor), where(b.sensor));
            const dt = Math.abs(a.micros - b.micros) / 1e6;
            expect(dt).toBeLessThanOrEqual(
              separation / c +
                SIGMAS * Math.hypot(a.sigma, b.sigma) +
                ROUNDING_S
            );
            pairs++;
          }
        }
      }
      expect(pairs).toBeGreaterThan(500);
    });

    it.each(RANGE_FALLOFF)(
      'hears %j %s near (< %f km, ≥ %f) more often than far (> %f km, ≤ %f)',
      (weapons, phase, nearKm, minNear, farKm, maxFar) => {
        const acoustic = sensors.filter((s) => s.kind === 'acoustic');
        const heard = new Set(
          detections.map((d) => `${d.source.id} ${d.sensor}`)
        );
        const near = { n: 0, heard: 0 };
        const far = { n: 0, heard: 0 };
        for (const source of sources.values()) {
          const isImpact = 'fire' in source;
          if (!weapons.includes(source.weaponClass)) continue;
          if (isImpact !== (phase === 'impact')) continue;
          if (source.micros > parseRfc3339Micros(truth.end) - 120e6) continue;
          for (const s of acoustic) {
            const km = chordDistance(where(s.id), source.at) / 1000;
            const bin = km < nearKm ? near : km > farKm ? far : undefined;
            if (bin === undefined) continue;
            bin.n++;
            if (heard.has(`${source.id} ${s.id}`)) bin.heard++;
          }
        }
        if (near.n >= 20)
          expect(near.heard / near.n).toBeGreaterThanOrEqual(minNear);
        if (far.n >= 20) expect(far.heard / far.n).toBeLessThanOrEqual(maxFar);
        expect(near.n + far.n).toBeGreaterThan(20);
      }
    );

    it('measures bearings around the true direction, within 6 σ', () => {
      let n = 0;
      for (const d of detections) {
        const { bearingDeg, bearingSigmaDeg } = d.payload.acoustic;
        if (bearingDeg === undefined || bearingSigmaDeg === undefined) continue;
        const frame = enuFrameAt(where(d.sensor));
        const truthDeg = enuAzimuth(
          enuPoint(0, 0),
          enuFromWgs84(frame, d.source.at)
        );
        const off = Math.abs(((bearingDeg - truthDeg + 540) % 360) - 180);
        expect(off).toBeLessThanOrEqual(SIGMAS * bearingSigmaDeg + 0.01);
        n++;
      }
      expect(n).toBeGreaterThan(20);
    });

    it('uses the sound speed of the air at every source', () => {
      for (const s of sources.values()) {
        // Humidity and pressure are rounded in the truth (0.1 % and hPa).
        expect(s.soundSpeedMs).toBeCloseTo(
          soundSpeedFromTemperature(
            celsius(s.temperatureC),
            s.humidityPct,
            s.pressureHpa
          ),
          2
        );
        expect(s.soundSpeedMs).toBeGreaterThan(
          soundSpeedFromTemperature(celsius(s.temperatureC)) + 0.1
        );
      }
    });

    it('has weather stations report the air the sound travelled through', () => {
      const step = 600e6;
      const start = parseRfc3339Micros(truth.start);
      let n = 0;
      for (const { payload } of observations) {
        if (payload.kind !== 'weather') continue;
        const x = (parseRfc3339Micros(payload.time) - start) / step;
        const k = Math.floor(x);
        const a = truth.weather[k]!;
        const b = truth.weather[k + 1]!;
        const t = a.temperatureC + (b.temperatureC - a.temperatureC) * (x - k);
        const reported = payload.weather.temperatureC;
        expect(Math.abs(reported - t)).toBeLessThan(1.05);
        expect(
          Math.abs(
            soundSpeedFromTemperature(celsius(reported)) -
              soundSpeedFromTemperature(celsius(t))
          )
        ).toBeLessThan(0.65);
        n++;
      }
      expect(n).toBeGreaterThan(3 * hours * 5);
    });
  }
);
