import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { DEFAULT_FUSION_PARAMS } from '../fusion/params.js';
import type { SensorHealthInput, SensorHealthStatus } from './sensor-health.js';
import { DEFAULT_SILENT_AFTER_S, sensorHealth } from './sensor-health.js';

const NOW = 1_790_000_000_000_000;
const S = 1_000_000;

const base: SensorHealthInput = {
  revoked: false,
  lastSeenMicros: NOW - 60 * S,
  nowMicros: NOW,
};

describe('sensorHealth', () => {
  const cases: [string, Partial<SensorHealthInput>, SensorHealthStatus][] = [
    ['seen a minute ago, no heartbeat', {}, 'ok'],
    ['seen a minute ago, heartbeat ok', { lastHeartbeat: 'ok' }, 'ok'],
    ['low power', { lastHeartbeat: 'low_power' }, 'degraded'],
    ['jamming', { lastHeartbeat: 'jamming' }, 'jammed'],
    ['tamper', { lastHeartbeat: 'tamper' }, 'tampered'],
    ['never seen', { lastSeenMicros: null }, 'silent'],
    [
      'silent exactly the limit',
      { lastSeenMicros: NOW - DEFAULT_SILENT_AFTER_S * S },
      'ok',
    ],
    [
      'silent one µs past the limit',
      { lastSeenMicros: NOW - DEFAULT_SILENT_AFTER_S * S - 1 },
      'silent',
    ],
    [
      'low power, then silent',
      { lastHeartbeat: 'low_power', lastSeenMicros: NOW - 3600 * S },
      'silent',
    ],
    [
      'jamming, then silent',
      { lastHeartbeat: 'jamming', lastSeenMicros: NOW - 3600 * S },
      'jammed',
    ],
    [
      'tamper, then silent',
      { lastHeartbeat: 'tamper', lastSeenMicros: null },
      'tampered',
    ],
    ['revoked while healthy', { revoked: true }, 'revoked'],
    [
      'revoked while tampered',
      { revoked: true, lastHeartbeat: 'tamper' },
      'revoked',
    ],
    [
      'a shorter limit of its own',
      { silentAfterS: 30, lastSeenMicros: NOW - 31 * S },
      'silent',
    ],
    [
      'a longer limit of its own',
      { silentAfterS: 7200, lastSeenMicros: NOW - 3600 * S },
      'ok',
    ],
    [
      'an observation time ahead of the clock',
      { lastSeenMicros: NOW + 5 * S },
      'ok',
    ],
  ];
  it.each(cases)('%s', (_, change, expected) => {
    expect(sensorHealth({ ...base, ...change })).toBe(expected);
  });

  it('calls a sensor silent after the gap limit fusion uses', () => {
    const { heartbeatIntervalS, silenceFactor } = DEFAULT_FUSION_PARAMS.gaps;
    expect(DEFAULT_SILENT_AFTER_S).toBe(heartbeatIntervalS * silenceFactor);
  });

  const invalid: [string, Partial<SensorHealthInput>][] = [
    ['a NaN clock', { nowMicros: Number.NaN }],
    ['an infinite last seen', { lastSeenMicros: Infinity }],
    ['a zero limit', { silentAfterS: 0 }],
    ['a negative limit', { silentAfterS: -5 }],
  ];
  it.each(invalid)('refuses %s', (_, change) => {
    expect(() => sensorHealth({ ...base, ...change })).toThrowWithCode(
      CoreError,
      'REGISTRY_HEALTH_INVALID'
    );
  });
});
