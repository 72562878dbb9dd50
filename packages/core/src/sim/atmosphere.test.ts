import { describe, expect, it } from 'vitest';
import { soundSpeedFromTemperature } from '../fusion/sound-speed.js';
import { celsius } from '../fusion/units.js';
import { absorptionDbPerM, createWeather } from './atmosphere.js';
import { Random } from './random.js';

// The simulator's sound speed is fusion's; here for dry air, where a
// temperature alone sets it (humid air adds up to ~1.3 m/s).
const soundSpeedMs = (t: number) => soundSpeedFromTemperature(celsius(t));

describe('sound speed from temperature', () => {
  // c = 331.3·√(1 + T/273.15), worked by hand.
  const cases: [number, number][] = [
    [-20, 318.94],
    [0, 331.3],
    [15, 340.28],
    [20, 343.21],
    [35, 351.89],
  ];
  it.each(cases)('at %f °C is %f m/s', (t, want) => {
    expect(soundSpeedMs(t)).toBeCloseTo(want, 2);
  });

  it('rises by about 0.6 m/s per °C', () => {
    for (let t = -20; t <= 40; t += 5) {
      const slope = soundSpeedMs(t + 1) - soundSpeedMs(t);
      expect(slope).toBeGreaterThan(0.56);
      expect(slope).toBeLessThan(0.64);
    }
  });
});

describe('absorptionDbPerM', () => {
  // ISO 9613-2:1996 Table 2: atmospheric attenuation in dB/km at the octave
  // midbands 63 Hz .. 8 kHz, computed there from ISO 9613-1 at 101.325 kPa.
  const BANDS = [63, 125, 250, 500, 1000, 2000, 4000, 8000];
  const table: [number, number, number[]][] = [
    [10, 70, [0.1, 0.4, 1.0, 1.9, 3.7, 9.7, 32.8, 117]],
    [20, 70, [0.1, 0.3, 1.1, 2.8, 5.0, 9.0, 22.9, 76.6]],
    [15, 20, [0.3, 0.6, 1.2, 2.7, 8.2, 28.2, 88.8, 202]],
    [15, 50, [0.1, 0.5, 1.2, 2.2, 4.2, 10.8, 36.2, 129]],
    [15, 80, [0.1, 0.3, 1.1, 2.4, 4.1, 8.3, 23.7, 82.8]],
  ];
  it.each(table)('matches ISO 9613-2 at %f °C, %f %% RH', (t, rh, want) => {
    BANDS.forEach((f, i) => {
      const got =
        absorptionDbPerM({
          frequencyHz: f,
          temperatureC: t,
          humidityPct: rh,
          pressureHpa: 1013.25,
        }) * 1000;
      // The table rounds to 0.1 dB/km and uses exact midband frequencies.
      expect(Math.abs(got - want[i]!)).toBeLessThan(0.06 + 0.03 * want[i]!);
    });
  });
});

describe('createWeather', () => {
  const START = Date.UTC(2026, 7, 23) * 1000;
  const HOURS = 48;
  const weather = (wind: boolean) =>
    createWeather(Random.from(3).fork('w'), {
      startMicros: START,
      durationS: HOURS * 3600,
      lonDeg: 37.5,
      altitudeM: 200,
      wind,
    });
  const at = (w: ReturnType<typeof weather>, hour: number) =>
    w.at(START + Math.round(hour * 3600e6));

  it('stays plausible and smooth for August in the Donbas', () => {
    const w = weather(true);
    let last = at(w, 0);
    for (let h = 0; h <= HOURS; h += 1 / 6) {
      const s = at(w, h);
      expect(s.temperatureC).toBeGreaterThan(5);
      expect(s.temperatureC).toBeLessThan(40);
      expect(Math.abs(s.temperatureC - last.temperatureC)).toBeLessThan(1.5);
      expect(s.humidityPct).toBeGreaterThanOrEqual(20);
      expect(s.humidityPct).toBeLessThanOrEqual(100);
      expect(s.pressureHpa).toBeGreaterThan(940);
      expect(s.pressureHpa).toBeLessThan(1020);
      expect(s.windSpeedMs).toBeGreaterThanOrEqual(0);
      expect(s.windFromDeg).toBeGreaterThanOrEqual(0);
      expect(s.windFromDeg).toBeLessThan(360);
      last = s;
    }
  });

  it('is warmer in the afternoon than before dawn (local solar time)', () => {
    const w = weather(true);
    // Solar time is UTC + 2.5 h at 37.5° E.
    const mean = (hours: number[]) =>
      hours.reduce((s, h) => s + at(w, h).temperatureC, 0) / hours.length;
    const afternoon = mean([12, 12.5, 13, 36, 36.5, 37]);
    const dawn = mean([1.5, 2, 2.5, 25.5, 26, 26.5]);
    expect(afternoon - dawn).toBeGreaterThan(5);
  });

  it('has no wind when wind is off', () => {
    const w = weather(false);
    for (let h = 0; h <= HOURS; h += 3) expect(at(w, h).windSpeedMs).toBe(0);
  });
});
