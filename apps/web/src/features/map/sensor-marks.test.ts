import { describe, expect, it } from 'vitest';
import {
  SENSOR_HEALTH_ORDER,
  SENSOR_MARKS,
  countByHealth,
  describeSensor,
  formatLastSeen,
  sensorSvg,
  toSensorDot,
} from './sensor-marks.js';
import type { SensorDot } from './sensor-marks.js';

const record = { position: [37.61, 48.02, 180] };

describe('toSensorDot', () => {
  it.each([
    [
      'the status the server sends',
      false,
      { status: 'jammed', lastSeen: 'T' },
      'jammed',
      'T',
    ],
    [
      'revoked over a stale status',
      true,
      { status: 'ok', lastSeen: null },
      'revoked',
      null,
    ],
    ['unknown from a server without health', false, undefined, 'unknown', null],
    [
      'unknown for a status this page does not know',
      false,
      { status: 'melted', lastSeen: null },
      'unknown',
      null,
    ],
  ])('takes %s', (_, revoked, health, expected, lastSeen) => {
    expect(
      toSensorDot({
        id: 's1',
        revoked,
        record,
        ...(health === undefined ? {} : { health }),
      })
    ).toEqual({
      id: 's1',
      position: [37.61, 48.02],
      health: expected,
      lastSeen,
    });
  });

  it('leaves out a sensor with no position', () => {
    expect(toSensorDot({ id: 'p1', revoked: false, record: {} })).toBe(
      undefined
    );
  });
});

describe('the marks', () => {
  it('give every status its own shape', () => {
    const shapes = SENSOR_HEALTH_ORDER.map((s) => SENSOR_MARKS[s].shape);
    expect(new Set(shapes).size).toBe(SENSOR_HEALTH_ORDER.length);
  });

  it('are SVG hidden from screen readers (the marker carries the name)', () => {
    const svg = sensorSvg('tampered');
    expect(svg).toMatch(/^<svg [^>]*aria-hidden="true"/);
    expect(svg).toContain(SENSOR_MARKS.tampered.shape);
  });
});

describe('describeSensor', () => {
  it('names the sensor, its status and when it was last seen, in UTC', () => {
    const dot: SensorDot = {
      id: 'acoustic-017',
      position: [37.6, 48],
      health: 'degraded',
      lastSeen: '2026-11-26T11:40:12.345678Z',
    };
    expect(describeSensor(dot)).toBe(
      'Sensor acoustic-017: degraded (low power); last seen 2026-11-26 11:40 UTC'
    );
  });

  it('says when a sensor has not been seen since the server started', () => {
    expect(formatLastSeen(null)).toBe('never since the server started');
  });
});

describe('countByHealth', () => {
  it('counts per status in legend order, leaving out zeros', () => {
    const dot = (health: SensorDot['health']): SensorDot => ({
      id: health,
      position: [0, 0],
      health,
      lastSeen: null,
    });
    expect(
      countByHealth([dot('silent'), dot('ok'), dot('silent'), dot('revoked')])
    ).toEqual([
      ['ok', 1],
      ['silent', 2],
      ['revoked', 1],
    ]);
  });
});
