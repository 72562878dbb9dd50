import { describe, expect, it } from 'vitest';
import { parseCommandConfig, serverConfigInput } from '../src/config.js';
import { CliError } from '../src/errors.js';
import { loadEnv } from '../src/config.js';

describe('parseCommandConfig', () => {
  it('converts flags to typed values with defaults, frozen', () => {
    const config = parseCommandConfig(
      'submit',
      ['--url', 'http://h:1/', '--key', 'k', '--start-seq', '7', 'in.jsonl'],
      {}
    );
    expect(config).toMatchObject({
      url: 'http://h:1',
      key: 'k',
      batch: 1000,
      startSeq: 7,
      progress: false,
      args: ['in.jsonl'],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the token from TRUCE_TOKEN when the flag is absent, and prefers the flag', () => {
    const env = { TRUCE_TOKEN: 'from-env' };
    const argv = ['--url', 'http://h', '--reason', 'r', 'id'];
    expect(parseCommandConfig('sensor revoke', argv, env).token).toBe(
      'from-env'
    );
    expect(
      parseCommandConfig('sensor revoke', [...argv, '--token', 'flag'], env)
        .token
    ).toBe('flag');
  });

  // Each row: arguments of `submit` that are a usage error.
  const bad: [string, string[]][] = [
    ['an empty value', ['--url', 'http://h', '--key', '', 'f']],
    [
      'a negative number',
      ['--url', 'http://h', '--key', 'k', '--start-seq', '-1', 'f'],
    ],
    ['an exponent', ['--url', 'http://h', '--key', 'k', '--batch', '1e2', 'f']],
    ['a URL that does not parse', ['--url', 'nope', '--key', 'k', 'f']],
    ['two files', ['--url', 'http://h', '--key', 'k', 'f', 'g']],
  ];

  describe.each(bad)('with %s', (_desc, argv) => {
    it('throws a USAGE CliError', () => {
      expect(() => parseCommandConfig('submit', argv, {})).toThrowWithCode(
        CliError,
        'USAGE'
      );
    });
  });
});

describe('serverConfigInput', () => {
  it('maps serve flags to the server config, leaving defaults to the server', () => {
    const config = parseCommandConfig(
      'serve',
      ['--data', 'd', '--port', '0', '--client-rate', '10'],
      {}
    );
    expect(serverConfigInput(config)).toEqual({
      dataDir: 'd',
      port: 0,
      clientRatePerMinute: 10,
    });
  });

  it('passes the policy documents to put in force at start, and fusion parameters', () => {
    const argv = [
      ...['--data', 'd', '--agreement', 'a.json', '--ladder', 'l.json'],
      ...['--coalition', 'c.json', '--kiel', 'k'],
      ...['--fusion-params', 'f.json'],
    ];
    for (const command of ['serve', 'demo'] as const) {
      expect(
        serverConfigInput(parseCommandConfig(command, argv, {}))
      ).toMatchObject({
        agreementFile: 'a.json',
        ladderFile: 'l.json',
        coalitionFile: 'c.json',
        kielDir: 'k',
        fusionParamsFile: 'f.json',
      });
    }
  });

  it('passes how the findings engine is split by region', () => {
    const argv = ['--data', 'd', '--findings-shards', '4'];
    const degrees = ['--findings-shard-degrees', '1.5'];
    expect(
      serverConfigInput(parseCommandConfig('serve', [...argv, ...degrees], {}))
    ).toMatchObject({ findingsShards: 4, findingsShardDegrees: '1.5' });
    expect(() =>
      parseCommandConfig('serve', ['--data', 'd', '--findings-shards', '0'], {})
    ).toThrowWithCode(CliError, 'USAGE');
  });
});

describe('loadEnv', () => {
  it('keeps only TRUCE_TOKEN, and not when empty', () => {
    expect(loadEnv({ TRUCE_TOKEN: 't', HOME: '/h' })).toEqual({
      TRUCE_TOKEN: 't',
    });
    expect(loadEnv({ TRUCE_TOKEN: '' })).toEqual({});
  });
});
