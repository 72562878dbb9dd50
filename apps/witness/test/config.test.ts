import { describe, expect, it } from 'vitest';
import { ConfigError, parseWitnessConfig } from '../src/config.js';
import { LOG_VKEY, ORIGIN } from './helpers.js';

const minimal = {
  dataDir: '/var/lib/truce-witness',
  keyFile: '/etc/truce/witness.key',
  logs: [{ origin: ORIGIN, vkey: LOG_VKEY }],
};

describe('parseWitnessConfig', () => {
  it('fills the defaults and freezes the result', () => {
    const config = parseWitnessConfig(minimal);
    expect(config).toEqual({
      ...minimal,
      host: '127.0.0.1',
      port: 8081,
      logLevel: 'info',
      bodyLimitBytes: 65536,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads numbers given as flag strings', () => {
    const config = parseWitnessConfig({
      ...minimal,
      port: '9000',
      bodyLimitBytes: '1024',
    });
    expect(config.port).toBe(9000);
    expect(config.bodyLimitBytes).toBe(1024);
  });

  const invalid: [string, unknown][] = [
    ['no logs', { ...minimal, logs: [] }],
    ['no data folder', { ...minimal, dataDir: undefined }],
    ['no key file', { ...minimal, keyFile: '' }],
    ['a port out of range', { ...minimal, port: 70000 }],
    ['an unknown log level', { ...minimal, logLevel: 'loud' }],
    [
      'a vkey that does not parse',
      { ...minimal, logs: [{ origin: ORIGIN, vkey: 'x+1+AA==' }] },
    ],
    [
      'a vkey named other than the origin',
      { ...minimal, logs: [{ origin: 'other', vkey: LOG_VKEY }] },
    ],
    ['nothing', undefined],
  ];
  describe.each(invalid)('when given %s', (_desc, raw) => {
    it('throws CONFIG_INVALID', () => {
      expect(() => parseWitnessConfig(raw)).toThrowWithCode(
        ConfigError,
        'CONFIG_INVALID'
      );
    });
  });
});
