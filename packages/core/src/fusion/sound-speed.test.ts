import { describe, expect, it } from 'vitest';
import {
  soundSpeedFromTemperature,
  temperatureFromSoundSpeed,
  windAlongPath,
  windVector,
} from './sound-speed.js';
import { celsius, degrees, metersPerSecond } from './units.js';

describe('soundSpeedFromTemperature', () => {
  it.each([
    [0, 331.3],
    [20, 343.2],
    [-20, 318.9],
    [35, 351.9],
  ])('at %f °C in dry air is %f m/s', (t, want) => {
    expect(soundSpeedFromTemperature(celsius(t))).toBeCloseTo(want, 1);
  });

  it('is faster in humid air, by about 1.3 m/s at 20 °C and 100 %', () => {
    const dry = soundSpeedFromTemperature(celsius(20));
    const wet = soundSpeedFromTemperature(celsius(20), 100);
    expect(wet - dry).toBeGreaterThan(1.1);
    expect(wet - dry).toBeLessThan(1.5);
  });

  it('inverts with temperatureFromSoundSpeed', () => {
    const c = soundSpeedFromTemperature(celsius(12.5));
    expect(temperatureFromSoundSpeed(c)).toBeCloseTo(12.5, 9);
  });
});

describe('windAlongPath', () => {
  const w = metersPerSecond(10);

  it('adds a tail wind in full', () => {
    // Wind from the west (270°) carries sound eastwards (path azimuth 90°).
    expect(windAlongPath(w, degrees(270), degrees(90))).toBeCloseTo(10, 9);
  });

  it('subtracts a head wind in full', () => {
    expect(windAlongPath(w, degrees(90), degrees(90))).toBeCloseTo(-10, 9);
  });

  it('ignores a cross wind', () => {
    expect(windAlongPath(w, degrees(0), degrees(90))).toBeCloseTo(0, 9);
  });

  it('blows a north wind towards the south', () => {
    const v = windVector(w, degrees(0));
    expect(v.north).toBeCloseTo(-10, 9);
    expect(v.east).toBeCloseTo(0, 9);
  });
});
